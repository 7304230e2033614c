"""The e-mail that carries a questionnaire's secret link, in the dispatch's language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext


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
