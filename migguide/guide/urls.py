from django.urls import path

from . import views

app_name = "guide"

urlpatterns = [
    path("<slug:language>/<slug:version>.<slug:fmt>", views.guide_file, name="file"),
]
