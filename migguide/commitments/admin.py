from django.contrib import admin

from .models import Correspondence, Framework, Item, Reference, Round


class ItemInline(admin.TabularInline):
    model = Item
    fields = ("code", "level", "parent", "titles", "keywords", "dossier_areas", "themes")
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ("code", "__str__", "retired_on", "replaced_by")
    inlines = [ItemInline]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("code", "level", "framework", "checked")
    list_filter = ("framework", "level")
    search_fields = ("code", "keywords")


admin.site.register(Correspondence)


class ReferenceInline(admin.TabularInline):
    model = Reference
    extra = 1


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ("name", "meeting_date", "freeze_date", "frozen_at")
    inlines = [ReferenceInline]
