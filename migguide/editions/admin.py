from django.contrib import admin

from .models import Comment, Edition, Endorsement, Event, PublishedFile


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyInline):
    model = Event
    fields = ("at", "action", "from_state", "to_state", "by", "comment")
    readonly_fields = fields


class PublishedFileInline(ReadOnlyInline):
    model = PublishedFile
    fields = ("name", "size", "sha256", "created_at")
    readonly_fields = fields


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    """Editions move through their pages, not here: the admin shows them, and lets
    staff fix the title or languages of an edition that is not endorsed yet."""

    list_display = ("country", "number", "state", "unendorsed", "frozen_at", "published_at")
    list_filter = ("state",)
    search_fields = ("country__iso3",)
    readonly_fields = (
        "country",
        "number",
        "state",
        "sha256",
        "frozen_at",
        "ready_at",
        "published_at",
        "unendorsed",
        "created_by",
    )
    inlines = [EventInline, PublishedFileInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (
            obj and (obj.is_frozen or obj.unendorsed)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (
            obj and (obj.is_frozen or obj.unendorsed)
        )


@admin.register(Endorsement)
class EndorsementAdmin(admin.ModelAdmin):
    list_display = ("edition", "name", "position", "date", "sha256")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("edition", "section", "author", "created_at", "resolved_at")
    list_filter = ("resolved_at",)
