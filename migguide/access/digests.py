"""Weekly e-mails sent once a week whatever happens to the task sending them.

`send_weekly` writes each message in its own transaction that first records it
(`SentDigest`, unique per kind, person, subject and ISO week), then hands it to the mail
server: a message the server refused is not recorded (the next run sends it), a run
started again — a killed worker's task, cron firing twice, two workers at once — skips
whoever was already written to. The one gap left is a worker killed between the mail
server's answer and the commit: that person may get the e-mail twice, never more."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import SentDigest, User


@dataclass
class Digest:
    user: User
    subject: str
    body: str
    about: str = ""  # what this one is about when a person gets several (a country)


def week_of(day: datetime.date | None = None) -> str:
    year, week, _ = (day or timezone.localdate()).isocalendar()
    return f"{year}-W{week:02d}"


def already_sent(kind: str, day: datetime.date | None = None) -> set[tuple[int, str]]:
    """(user id, about) of the digests of `kind` sent in the week of `day`: the makers
    of digests skip them before composing."""
    return set(
        SentDigest.objects.filter(kind=kind, week=week_of(day)).values_list("user_id", "about")
    )


def send_weekly(kind: str, digests: Iterable[Digest], day: datetime.date | None = None) -> int:
    """Send each digest not yet sent this week; returns how many were sent now."""
    week = week_of(day)
    sent = 0
    with get_connection() as connection:
        for digest in digests:
            try:
                with transaction.atomic():
                    SentDigest.objects.create(
                        kind=kind, user=digest.user, about=digest.about, week=week
                    )
                    EmailMessage(
                        digest.subject,
                        digest.body,
                        settings.DEFAULT_FROM_EMAIL,
                        [digest.user.email],
                        connection=connection,
                    ).send()
            except IntegrityError:  # another run wrote to them meanwhile
                continue
            sent += 1
    return sent
