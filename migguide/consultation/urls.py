from django.urls import path

from . import views

app_name = "consultation"

base = "countries/<str:iso3>/consultation/"

urlpatterns = [
    path(base, views.tracker, name="tracker"),
    path(f"{base}send/", views.send, name="send"),
    path(f"{base}sent/<int:pk>/remind/", views.remind, name="remind"),
    path(f"{base}upload/", views.upload, name="upload"),
    path(f"{base}sent/<int:pk>/questionnaire.<str:fmt>", views.dispatch_file, name="file"),
    path(f"{base}responses/<int:pk>/", views.response_review, name="response"),
    path(f"{base}responses/<int:pk>/decide/", views.response_decide, name="decide"),
    path(f"{base}analysis/", views.compiled, name="analysis"),
    path(f"{base}analysis.xlsx", views.compiled, {"fmt": "xlsx"}, name="analysis-xlsx"),
    path("q/<str:token>/", views.answer, name="answer"),
]
