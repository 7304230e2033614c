"""What a person has to do next, across their countries: the home page lists it, the
weekly digest e-mails it.

`access` sits low in the stack and knows nothing of responses, editions or timetables:
each app that has work for people registers a provider in its `AppConfig.ready`
(`TODO_PROVIDERS.append(...)`). A provider receives the person's `Scope` — their
countries and their roles in each — and returns `Task`s. It must read all the
countries at once (a fixed number of queries, however many countries the scope holds):
consortium staff see every country."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from migguide.countries.models import Country

from .models import Role, countries_for


@dataclass(frozen=True)
class Task:
    """One thing to do: a sentence, where to do it (a path of the site) and the
    country it belongs to. `group` sorts tasks under the headings of `GROUPS`; `since`,
    the day the task has waited since (a comment posted, answers received, a phase
    planned to end), puts the longest waiting first."""

    group: str
    country: Country
    text: str
    link: str
    count: int = 1
    since: datetime.date | None = None

    def urgency(self) -> tuple:
        """The sort key within a group: the longest waiting first, then the largest
        (most answers, most texts), then by country."""
        return (self.since or datetime.date.max, -self.count, self.country.iso3, self.text)


# The headings of the to-do list, in the order they are shown.
GROUPS: dict[str, str] = {
    "endorse": _("Editions to endorse"),
    "review": _("Editions to review"),
    "publish": _("Editions to publish"),
    "comments": _("Comments to answer"),
    "answers": _("Answers to review"),
    "phases": _("Overdue phases"),
    "translations": _("Translations to bring up to date"),
}


# How many tasks of each group the home page shows; the others are one link away.
SHOWN = 5


@dataclass
class Group:
    """The tasks under one heading, most urgent first."""

    name: str
    heading: str
    tasks: list[Task]

    @property
    def count(self) -> int:
        return len(self.tasks)

    @property
    def first(self) -> list[Task]:
        return self.tasks[:SHOWN]

    @property
    def more(self) -> bool:
        return len(self.tasks) > SHOWN


@dataclass
class Scope:
    """A person, the countries whose unpublished work they may see, and their
    confirmed roles per country (empty for a country consortium staff see without a
    role)."""

    user: object
    countries: list[Country]
    roles: dict[int, set[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, user) -> Scope:
        # The dossier's long texts and logos stay in the database: the to-do list
        # reads only its languages and revision.
        countries = list(
            countries_for(user)
            .select_related("dossier")
            .defer(*(f"dossier__{name}" for name in LONG_DOSSIER_FIELDS))
        )
        roles: dict[int, set[str]] = {}
        for country_id, kind in (
            Role.objects.effective().filter(user=user).values_list("country_id", "kind")
        ):
            roles.setdefault(country_id, set()).add(kind)
        return cls(user=user, countries=countries, roles=roles)

    @property
    def is_staff(self) -> bool:
        return bool(getattr(self.user, "is_consortium_staff", False))

    def having(self, *kinds: str, staff: bool = False) -> list[Country]:
        """The countries where the person holds one of `kinds`, plus every country of
        the scope for consortium staff when `staff` is true."""
        if staff and self.is_staff:
            return list(self.countries)
        return [c for c in self.countries if self.roles.get(c.pk, set()) & set(kinds)]


# Read by nothing the to-do list shows (`access` cannot import the dossier's model).
LONG_DOSSIER_FIELDS = ("situation", "framework", "area_notes", "logos")

Provider = Callable[[Scope], Iterable[Task]]
TODO_PROVIDERS: list[Provider] = []


def tasks_for(user, scope: Scope | None = None) -> list[Task]:
    """Every task of the person in the order of `GROUPS`, the most urgent first in each."""
    scope = scope or Scope.of(user)
    if not scope.countries:
        return []
    order = {name: i for i, name in enumerate(GROUPS)}
    found = [task for provider in TODO_PROVIDERS for task in provider(scope)]
    return sorted(found, key=lambda t: (order.get(t.group, len(order)), *t.urgency()))


def grouped(tasks: list[Task]) -> list[Group]:
    """The tasks under their headings, in the order of `GROUPS`."""
    out: dict[str, list[Task]] = {}
    for task in tasks:
        out.setdefault(task.group, []).append(task)
    return [Group(name, str(GROUPS.get(name, name)), items) for name, items in out.items()]


def absolute(link: str) -> str:
    """A path of the site as a link that works from an e-mail."""
    return settings.SITE_URL.rstrip("/") + link


def digest(*, today: datetime.date | None = None) -> int:
    """E-mail each person who asked for it (`User.weekly_digest`) their to-do list, in
    their language, each task with its link; nobody with nothing to do is written to,
    nobody twice in a week (`digests.send_weekly`). Returns the number of messages sent."""
    from django.utils import translation
    from django.utils.translation import gettext, ngettext

    from .digests import Digest, already_sent, send_weekly
    from .models import User

    done = already_sent("todo", today)

    def composed():
        people = User.objects.filter(weekly_digest=True, is_active=True).exclude(email="")
        for user in people:
            if (user.pk, "") in done:
                continue
            language = user.language or settings.LANGUAGE_CODE
            with translation.override(language):
                tasks = tasks_for(user)
                if not tasks:
                    continue
                subject = ngettext(
                    "What you have to do: %(count)d task",
                    "What you have to do: %(count)d tasks",
                    len(tasks),
                ) % {"count": len(tasks)}
                lines = [subject]
                for group in grouped(tasks):
                    lines += ["", group.heading]
                    lines += [
                        f"- {task.country.name(language)}: {task.text}\n  {absolute(task.link)}"
                        for task in group.tasks
                    ]
                lines += [
                    "",
                    gettext("You receive this e-mail every week; to stop it: %(link)s")
                    % {"link": absolute(reverse("account"))},
                ]
            yield Digest(user, f"[migguide] {subject}", "\n".join(lines) + "\n")

    return send_weekly("todo", composed(), today)
