from django.urls import path

from . import views

app_name = "dossier"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("changes/", views.dossier_history, name="changes"),
    path("export.json", views.dossier_export, name="export"),
    path("context/edit/", views.context_edit, name="context-edit"),
    path("<slug:part>/", views.entry_list, name="list"),
    path("<slug:part>/add/", views.entry_add, name="add"),
    path("<slug:part>/<uuid:uid>/", views.entry_edit, name="edit"),
    path("<slug:part>/<uuid:uid>/delete/", views.entry_delete, name="delete"),
    path("<slug:part>/<uuid:uid>/move/", views.entry_move, name="move"),
    path("<slug:part>/<uuid:uid>/history/", views.entry_history, name="history"),
]
