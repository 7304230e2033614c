"""The e-mails that carry a questionnaire's secret link — first sending and reminders —
in the questionnaire's language, from the configured sender, with the national
coordinator as the person to answer; and the one that tells the coordinators answers
arrived, in each one's language."""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMessage, send_mass_mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, ngettext

from migguide.access.models import Role
from migguide.dossier import models as m


@dataclass(frozen=True)
class ContactPerson:
    name: str
    position: str
    institution: str
    email: str
    phone: str

    @property
    def reply_to(self) -> list[str]:
        if not self.email:
            return []
        shown = f"{self.name} ({self.institution})" if self.institution else self.name
        return [formataddr((shown, self.email))]


def contact_person(dispatch, by) -> ContactPerson:
    """Whom the respondent writes to: the workgroup's coordinator as the dossier records
    them, otherwise the person who sends the questionnaire."""
    coordinator = (
        m.WorkgroupMember.objects.filter(dossier__country=dispatch.country, is_coordinator=True)
        .select_related("contact__institution")
        .first()
    )
    if coordinator is not None:
        c = coordinator.contact
        return ContactPerson(c.name, c.job_title, c.institution.name, c.email, c.phone)
    name = (by.get_full_name() or by.email or by.username) if by else ""
    return ContactPerson(name, "", "", getattr(by, "email", "") or "", "")


def long_date(value, language: str) -> str:
    """A date as a letter writes it in `language` (the active one): the locale's long
    format, with French's "1er" for the first of the month."""
    day = timezone.localtime(value).date() if hasattr(value, "tzinfo") else value
    text = formats.date_format(day, "DATE_FORMAT")
    if language == "fr" and day.day == 1 and text.startswith("1 "):
        text = "1er " + text[2:]
    return text


def link_email(dispatch, *, by, reminder: bool = False) -> EmailMessage:
    """The e-mail of a dispatch's secret link, written in the questionnaire's language."""
    link = settings.SITE_URL.rstrip("/") + reverse("consultation:answer", args=[dispatch.token])
    person = contact_person(dispatch, by)
    language = dispatch.language
    with translation.override(language):
        values = {
            "country": dispatch.country.name(language),
            "institution": dispatch.institution_name,
            "date": long_date(dispatch.expires_at, language),
            "sent": long_date(dispatch.created_at, language),
        }
        if reminder:
            subject = (
                gettext("Reminder — questionnaire on migration data: %(institution)s") % values
            )
            opening = (
                gettext(
                    "On %(sent)s the national team sent your institution a questionnaire on "
                    "migration data. We have not received the answers yet: the link below still "
                    "works until %(date)s."
                )
                % values
            )
        else:
            subject = gettext("Questionnaire on migration data: %(institution)s") % values
            opening = (
                gettext(
                    "The national team preparing the guide on the use of migration data "
                    "(%(country)s) asks your institution to answer this questionnaire. What we "
                    "already know is filled in: please confirm or correct it."
                )
                % values
            )
        contact = [gettext("Your contact person: %(name)s") % {"name": person.name}]
        contact += [v for v in (person.position, person.institution) if v]
        contact += [v for v in (person.email, person.phone) if v]
        reply = [gettext("To ask a question, simply reply to this e-mail.")] if person.email else []
        body = "\n\n".join(
            [
                opening,
                gettext("Answer online (no account needed): %(link)s") % {"link": link},
                gettext("Please answer by %(date)s.") % values,
                gettext("You can save a draft and come back with the same link until %(date)s.")
                % values,
                "\n".join(contact),
                *reply,
            ]
        )
    return EmailMessage(
        subject,
        body + "\n",
        settings.DEFAULT_FROM_EMAIL,
        [dispatch.sent_to],
        reply_to=person.reply_to,
    )


def send_link(dispatch, *, by, reminder: bool = False) -> int:
    return link_email(dispatch, by=by, reminder=reminder).send()


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
