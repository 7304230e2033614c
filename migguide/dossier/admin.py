from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from .models import Dossier
from .parts import PARTS


@admin.register(Dossier)
class DossierAdmin(SimpleHistoryAdmin):
    list_display = ["country", "is_demo", "updated_at"]


def _register(part):
    @admin.register(part.model)
    class EntryAdmin(SimpleHistoryAdmin):
        formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
        list_display = ["__str__", "dossier", "updated_at"]
        list_filter = ["dossier"]
        search_fields = list(part.search_fields)
        list_select_related = ["dossier__country"]

    return EntryAdmin


for _part in PARTS:
    _register(_part)
