from django.urls import path

from . import views

app_name = "commitments"

urlpatterns = [
    path("countries/<str:iso3>/commitments/", views.tagging, name="tagging"),
    path("countries/<str:iso3>/commitments/<str:uid>/save/", views.tag_save, name="tag-save"),
    path("activity/rounds/", views.rounds, name="rounds"),
    path("activity/rounds/<int:pk>/", views.synthesis, name="synthesis"),
    path("activity/rounds/<int:pk>.<str:fmt>", views.synthesis, name="synthesis-file"),
    # Frameworks, edited by consortium staff.
    path("activity/frameworks/", views.frameworks, name="frameworks"),
    path("activity/frameworks/<slug:code>/", views.framework, name="framework"),
    path("activity/frameworks/<slug:code>/items/add/", views.item_add, name="item-add"),
    path("activity/frameworks/<slug:code>/items/<int:pk>/", views.item_edit, name="item-edit"),
    path("activity/frameworks/<slug:code>/retire/", views.framework_retire, name="retire"),
    path(
        "activity/frameworks/<slug:code>/correspondence/",
        views.framework_correspondence,
        name="correspondence",
    ),
]
