"""The admin of people and roles. It raises nobody's privileges: superuser and staff are
set from the command line only, roles are given through the same rule as on the people
page (`grant_role`: nobody to themself, an endorsing authority pending until a second
person confirms it), and nobody sets another person's password here."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError

from .models import (
    Access,
    AccessError,
    Invitation,
    Role,
    RoleEvent,
    User,
    check_grant,
    grant_role,
    revoke_role,
)


class RoleInline(admin.TabularInline):
    """The person's roles, to read; they are given in Roles or on the people page."""

    model = Role
    fk_name = "user"
    extra = 0
    can_delete = False
    fields = ["country", "kind", "granted_by", "granted_at", "confirmed_by", "confirmed_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleInline]
    fieldsets = [*BaseUserAdmin.fieldsets, (None, {"fields": ["language"]})]
    # Privileges are set from the command line (`createsuperuser`, `migguide staff`).
    readonly_fields = ["is_superuser", "is_staff", "groups", "user_permissions"]

    def user_change_password(self, request, id, form_url=""):
        """People change their own password after signing in; nobody sets another's."""
        raise PermissionDenied


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "country", "kind", "granted_by", "granted_at", "confirmed_at"]
    list_filter = ["kind"]
    autocomplete_fields = ["user", "country"]
    fields = ["user", "country", "kind"]

    def has_change_permission(self, request, obj=None):
        # A role is given or withdrawn, never turned into another one.
        return False

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class GrantForm(form):
            def clean(self):
                data = super().clean()
                user, country, kind = data.get("user"), data.get("country"), data.get("kind")
                if user and country and kind:
                    try:
                        check_grant(access=Access.of(request.user, country), user=user, kind=kind)
                    except AccessError as error:
                        raise ValidationError(str(error)) from None
                return data

        return GrantForm

    def save_model(self, request, obj, form, change):
        role = grant_role(access=Access.of(request.user, obj.country), user=obj.user, kind=obj.kind)
        obj.pk = role.pk
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        self.delete_queryset(request, Role.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        # Through the same rule as the people page: recorded, and the last coordinator
        # of a country stays.
        for role in queryset.select_related("user", "country"):
            try:
                revoke_role(access=Access.of(request.user, role.country), role=role)
            except AccessError as error:
                self.message_user(request, str(error), level=messages.ERROR)


@admin.register(RoleEvent)
class RoleEventAdmin(admin.ModelAdmin):
    list_display = ["at", "country", "user", "kind", "action", "by", "note"]
    list_filter = ["action", "kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "country", "kind", "created_at", "accepted_at", "revoked"]
    readonly_fields = ["token", "invited_by", "created_at", "accepted_at", "accepted_by"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += ["country", "email", "kind"]
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.invited_by = request.user  # so that they cannot accept it themself
        super().save_model(request, obj, form, change)
