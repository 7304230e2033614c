from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Invitation, Role, User


class RoleInline(admin.TabularInline):
    model = Role
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["country"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleInline]
    fieldsets = [*BaseUserAdmin.fieldsets, (None, {"fields": ["language"]})]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "country", "kind", "granted_at"]
    list_filter = ["kind"]
    autocomplete_fields = ["user", "country"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "country", "kind", "created_at", "accepted_at", "revoked"]
    readonly_fields = ["token"]
