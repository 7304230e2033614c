from django.urls import path

from . import views

app_name = "operations"

urlpatterns = [
    path("ready/", views.ready, name="ready"),
    path("webhooks/", views.webhooks, name="webhooks"),
    path("webhooks/<int:pk>/delete/", views.webhook_delete, name="webhook-delete"),
    path("webhooks/<int:pk>/resume/", views.webhook_resume, name="webhook-resume"),
]
