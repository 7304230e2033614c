"""A person's data on request: everything the instance holds about them, exported as
one JSON document; and erased — from the dossiers and their history, the consultation,
their account — while endorsed snapshots stay intact and whatever public file or page
of them names the person is withheld."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from migguide.access.models import Invitation, Role, SecondFactor, SignInFailure, User
from migguide.consultation.models import Dispatch, Response
from migguide.dossier import models as m
from migguide.dossier.snapshot import Snapshot
from migguide.editions.models import Comment, Edition, Endorsement, Event, PublishedFile

from .models import Erasure

ERASED = "[erased]"


def _digest(email: str) -> str:
    return hashlib.sha256(email.strip().casefold().encode()).hexdigest()


def _accounts(email: str):
    return User.objects.filter(email__iexact=email.strip())


def _contacts(email: str):
    return m.Contact.objects.filter(email__iexact=email.strip()).select_related(
        "institution", "dossier__country"
    )


def _named_in(snapshot: dict | None, email: str) -> bool:
    """Whether a frozen dossier prints this person: a contact with their e-mail whose
    consent to publish was recorded (the guide prints only those)."""
    if not (snapshot or {}).get("dossier"):
        return False
    return any(
        (c.email or "").casefold() == email.casefold()
        for c in Snapshot.from_json(snapshot["dossier"]).publishable_contacts()
    )


def export_person(email: str) -> dict:
    """Everything about the person with this e-mail address."""
    email = email.strip()
    accounts = list(_accounts(email))
    data: dict = {"email": email, "accounts": [], "contacts": [], "consultation": {}}
    for user in accounts:
        data["accounts"].append(
            {
                "username": user.username,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "language": user.language,
                "date_joined": user.date_joined.isoformat(),
                "last_login": user.last_login.isoformat() if user.last_login else None,
                "is_active": user.is_active,
                "second_factor": SecondFactor.objects.filter(
                    user=user, confirmed_at__isnull=False
                ).exists(),
                "roles": [
                    {
                        "country": r.country.iso3,
                        "role": r.kind,
                        "granted_at": r.granted_at.isoformat(),
                    }
                    for r in Role.objects.filter(user=user).select_related("country")
                ],
                "comments": [
                    {"edition": str(c.edition), "at": c.created_at.isoformat(), "text": c.text}
                    for c in Comment.objects.filter(author=user).select_related("edition")
                ],
                "edition_events": [
                    {"edition": str(e.edition), "at": e.at.isoformat(), "action": e.action}
                    for e in Event.objects.filter(by=user).select_related("edition")
                ],
                "endorsements": [
                    {
                        "edition": str(e.edition),
                        "name": e.name,
                        "position": e.position,
                        "date": e.date.isoformat(),
                    }
                    for e in Endorsement.objects.filter(user=user).select_related("edition")
                ],
            }
        )
    for c in _contacts(email):
        data["contacts"].append(
            {
                "country": c.dossier.country.iso3,
                "institution": str(c.institution) if c.institution_id else None,
                "name": c.name,
                "position": c.job_title,
                "email": c.email,
                "phone": c.phone,
                "consent_to_publish": c.consent_to_publish,
                "consent_recorded_on": c.consent_recorded_on.isoformat()
                if c.consent_recorded_on
                else None,
                "workgroup_roles": [w.role for w in m.WorkgroupMember.objects.filter(contact=c)],
                "history_records": c.history.count(),
            }
        )
    data["consultation"] = {
        "answers_given": [
            {
                "country": r.country.iso3,
                "institution": r.institution_name,
                "received": r.received_at.isoformat(),
                "name": r.respondent_name,
                "position": r.respondent_position,
            }
            for r in Response.objects.filter(respondent_email__iexact=email).select_related(
                "country"
            )
        ],
        "questionnaires_received": [
            {
                "country": d.country.iso3,
                "institution": d.institution_name,
                "sent": d.created_at.isoformat(),
            }
            for d in Dispatch.objects.filter(sent_to__iexact=email).select_related("country")
        ],
        "invitations": [
            {"country": i.country.iso3, "role": i.kind, "created": i.created_at.isoformat()}
            for i in Invitation.objects.filter(email__iexact=email).select_related("country")
        ],
    }
    data["published_editions_naming_them"] = [str(e) for e in _editions_naming(email, accounts)]
    return data


def _editions_naming(email: str, accounts) -> list[Edition]:
    public = Edition.objects.filter(state__in=[Edition.State.PUBLISHED, Edition.State.SUPERSEDED])
    out = []
    for edition in public.select_related("endorsement"):
        endorsement = getattr(edition, "endorsement", None)
        by_them = endorsement is not None and any(endorsement.user_id == u.pk for u in accounts)
        if by_them or _named_in(edition.snapshot, email):
            out.append(edition)
    return out


@dataclass
class ErasureReport:
    contacts: int = 0
    history_rows: int = 0
    responses: int = 0
    dispatches: int = 0
    invitations: int = 0
    accounts: int = 0
    withheld_files: int = 0
    redacted_endorsements: int = 0
    editions: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = (
            f"erased: {self.contacts} contacts ({self.history_rows} history records), "
            f"{self.responses} questionnaire answers, {self.dispatches} questionnaire "
            f"addresses, {self.invitations} invitations, {self.accounts} accounts; "
            f"withheld from the public: {self.withheld_files} published files, "
            f"{self.redacted_endorsements} endorser names"
        )
        if self.editions:
            text += (
                ". Endorsed snapshots are kept intact; publish a new edition of "
                + ", ".join(self.editions)
                + " to give the public a guide again"
            )
        return text


def erase_person(email: str, *, by=None) -> ErasureReport:
    """Erase the person with this e-mail address, all or nothing."""
    email = email.strip()
    if "@" not in email:
        raise ValueError(f"{email!r} is not an e-mail address")
    report = ErasureReport()
    with transaction.atomic():
        accounts = list(_accounts(email))
        editions = _editions_naming(email, accounts)
        for contact in _contacts(email):
            contact.name, contact.job_title, contact.email, contact.phone = ERASED, "", "", ""
            contact.consent_to_publish, contact.consent_recorded_on = False, None
            contact.consent_note = ""
            contact._history_user = by
            contact._change_reason = "erased on request"
            contact.save()
            report.contacts += 1
            report.history_rows += contact.history.update(
                name=ERASED, job_title="", email="", phone="", consent_note=""
            )
        answered = Response.objects.filter(respondent_email__iexact=email)
        for response in answered:
            answers = dict(response.answers or {})
            answers["respondent"] = {}
            Response.objects.filter(pk=response.pk).update(
                respondent_name="", respondent_position="", respondent_email="", answers=answers
            )
            report.responses += 1
        report.dispatches = Dispatch.objects.filter(sent_to__iexact=email).update(sent_to="")
        report.invitations, _ = Invitation.objects.filter(email__iexact=email).delete()
        SignInFailure.objects.filter(username=email.lower()).delete()  # reset requests
        for user in accounts:
            Role.objects.filter(user=user).delete()
            SecondFactor.objects.filter(user=user).delete()
            SignInFailure.objects.filter(username=user.username.lower()).delete()
            user.username = f"erased-{user.pk}"
            user.first_name = user.last_name = user.email = ""
            user.password = make_password(None)
            user.is_active = user.is_staff = user.is_superuser = False
            user.save()
            report.accounts += 1
        erasure = Erasure.objects.create(email_sha256=_digest(email), by=by)
        files = PublishedFile.objects.filter(edition__in=editions)
        erasure.withheld_files.set(files)
        endorsements = Endorsement.objects.filter(edition__in=editions, user__in=accounts)
        erasure.redacted_endorsements.set(endorsements)
        report.withheld_files = files.count()
        report.redacted_endorsements = endorsements.count()
        report.editions = [str(e) for e in editions]
        erasure.summary = {k: v for k, v in report.__dict__.items() if k != "editions"}
        erasure.save(update_fields=["summary"])
    return report
