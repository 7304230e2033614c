from django.urls import path

from . import views

app_name = "commitments"

urlpatterns = [
    path("countries/<str:iso3>/commitments/", views.tagging, name="tagging"),
    path("countries/<str:iso3>/commitments/<str:uid>/save/", views.tag_save, name="tag-save"),
    path("activity/rounds/", views.rounds, name="rounds"),
    path("activity/rounds/<int:pk>/", views.synthesis, name="synthesis"),
    path("activity/rounds/<int:pk>.<str:fmt>", views.synthesis, name="synthesis-file"),
]
