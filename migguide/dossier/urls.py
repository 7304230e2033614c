import re

from django.urls import path, register_converter
from django.urls.converters import StringConverter

from . import translation_file_views, views
from .parts import PARTS


class PartConverter(StringConverter):
    """Only the slugs of the dossier's parts: so that `countries/<iso3>/<part>/` does not
    also match the pages of other apps under the country (people, editions, workshops…)
    and the URL configuration does not depend on the order of the apps."""

    regex = "|".join(re.escape(part.slug) for part in PARTS)


register_converter(PartConverter, "part")

app_name = "dossier"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("changes/", views.dossier_history, name="changes"),
    path("export.json", views.dossier_export, name="export"),
    path("context/edit/", views.context_edit, name="context-edit"),
    path("logos/", views.logos, name="logos"),
    path("logos/<int:index>/remove/", views.logo_remove, name="logo-remove"),
    path(
        "translation-files/",
        translation_file_views.files_page,
        name="translation-files",
    ),
    path(
        "translation-files/upload/",
        translation_file_views.file_upload,
        name="translation-upload",
    ),
    path(
        "translation-files/<slug:language>/<slug:fmt>/",
        translation_file_views.file_download,
        name="translation-file",
    ),
    path("<part:part>/", views.entry_list, name="list"),
    path("<part:part>/add/", views.entry_add, name="add"),
    path("<part:part>/translate/<str:language>/", views.translate, name="translate"),
    path("<part:part>/<uuid:uid>/", views.entry_edit, name="edit"),
    path("<part:part>/<uuid:uid>/delete/", views.entry_delete, name="delete"),
    path("<part:part>/<uuid:uid>/move/", views.entry_move, name="move"),
    path("<part:part>/<uuid:uid>/history/", views.entry_history, name="history"),
]
