"""The check every country page starts with: the country, if the person may do what
the page does there."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from migguide.countries.models import Country

from .models import Access, Permission


def get_country_for_user(request, iso3: str, need: Permission = Permission.READ):
    """The country (with its dossier) and the person's access there, if they may
    `need` it. Without a role in the country its dossier does not exist for them (404);
    with a role that does not allow this action, 403."""
    country = (
        Country.objects.select_related("dossier")
        .filter(iso3=iso3.upper(), dossier__isnull=False)
        .first()
    )
    if country is None:
        raise Http404(_("No dossier for this country."))
    access = Access.of(request.user, country)
    if not access.can(Permission.READ):
        raise Http404(_("No dossier for this country."))
    if not access.can(need):
        raise PermissionDenied(_("Your role in this country does not allow this."))
    return country, access
