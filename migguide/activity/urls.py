from django.urls import path

from . import views

app_name = "activity"

country = "countries/<str:iso3>/"

urlpatterns = [
    path("activity/", views.board, name="board"),
    path("activity/timetable.<str:fmt>", views.board, name="board-file"),
    path("activity/som/", views.som_report, name="som"),
    path("activity/som.<str:fmt>", views.som_report, name="som-file"),
    path(f"{country}timetable/", views.country_timetable, name="timetable"),
    path(f"{country}timetable/<slug:phase>/", views.schedule_save, name="schedule"),
    path(f"{country}follow-up/", views.follow_up, name="follow-up"),
    path(f"{country}editions/<int:number>/share/", views.share_edition, name="share"),
    path(f"{country}workshops/", views.workshop_list, name="workshops"),
    path(f"{country}workshops/add/", views.workshop_add, name="workshop-add"),
    path(f"{country}workshops/<int:pk>/", views.workshop_detail, name="workshop"),
    path(f"{country}workshops/<int:pk>/edit/", views.workshop_edit, name="workshop-edit"),
    path(
        f"{country}workshops/<int:pk>/participants/<int:participant>/remove/",
        views.participant_remove,
        name="participant-remove",
    ),
    path(
        f"{country}workshops/<int:pk>/participants/",
        views.participant_add,
        name="participant-add",
    ),
    path(f"{country}workshops/<int:pk>/outputs/<slug:kind>/", views.output_add, name="output-add"),
    path(f"{country}workshops/<int:pk>/<str:name>", views.workshop_file, name="workshop-file"),
]
