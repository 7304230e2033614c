from django.contrib import admin

from .models import Country, Dialogue, Membership, Phase


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


@admin.register(Dialogue)
class DialogueAdmin(admin.ModelAdmin):
    list_display = ["slug", "__str__", "is_default"]
    inlines = [PhaseInline]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["iso3", "__str__", "iso2", "numeric", "m49_region", "m49_subregion"]
    search_fields = ["iso3", "iso2"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["country", "dialogue", "status", "side", "since", "until"]
    list_filter = ["dialogue", "status", "side"]
