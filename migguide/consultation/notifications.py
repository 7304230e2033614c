"""The e-mail that carries a questionnaire's secret link, in the dispatch's language;
the one that tells the coordinators answers arrived, in each one's language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail, send_mass_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from migguide.access.models import Role


def send_link(request, dispatch) -> int:
    link = settings.SITE_URL.rstrip("/") + reverse("consultation:answer", args=[dispatch.token])
    with translation.override(dispatch.language):
        subject = gettext("%(country)s: questionnaire on migration data for %(institution)s") % {
            "country": dispatch.country.name(dispatch.language),
            "institution": dispatch.institution_name,
        }
        body = "\n\n".join(
            [
                subject,
                gettext(
                    "The national team preparing the guide on the use of migration data asks "
                    "your institution to answer this questionnaire. What we already know is "
                    "filled in: please confirm or correct it."
                ),
                gettext("Answer online (no account needed): %(link)s") % {"link": link},
                gettext("You can save a draft and come back with the same link until %(date)s.")
                % {"date": dispatch.expires_at.date().isoformat()},
            ]
        )
    return send_mail(
        f"[migguide] {subject}", body + "\n", settings.DEFAULT_FROM_EMAIL, [dispatch.sent_to]
    )


def answers_arrived(country, responses, *, by=None) -> int:
    """Tell the country's coordinators — but the person who imported them — that
    responses wait for their review, with a link to each."""
    roles = (
        Role.objects.effective()
        .filter(country=country, kind=Role.Kind.COORDINATOR)
        .select_related("user")
    )
    users = {r.user for r in roles if r.user.email and r.user.is_active}
    users.discard(by)
    if not users or not responses:
        return 0
    site = settings.SITE_URL.rstrip("/")
    dossier = getattr(country, "dossier", None)
    team = (dossier.languages if dossier else None) or [settings.LANGUAGE_CODE]
    messages = []
    for user in sorted(users, key=lambda u: u.pk):
        language = user.language or team[0]
        with translation.override(language):
            subject = ngettext(
                "%(country)s: %(count)d response to the questionnaire to review",
                "%(country)s: %(count)d responses to the questionnaire to review",
                len(responses),
            ) % {"country": country.name(language), "count": len(responses)}
            lines = [subject, ""]
            for response in responses:
                link = site + reverse("consultation:response", args=[country.iso3, response.pk])
                lines.append(
                    gettext("%(institution)s — review the answers: %(link)s")
                    % {"institution": response.institution_name, "link": link}
                )
            messages.append(
                (
                    f"[migguide] {subject}",
                    "\n".join(lines) + "\n",
                    settings.DEFAULT_FROM_EMAIL,
                    [user.email],
                )
            )
    return send_mass_mail(messages, fail_silently=False)
