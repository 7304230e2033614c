"""The demonstration's commitments: every Senegal recommendation tagged with the
framework items suggested for it (confirmed by consortium staff), and two SOM rounds —
a past one and the current one — so that "since the previous round" shows movement."""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass

from django.utils import timezone

from migguide.access.models import User
from migguide.commitments import frameworks, rounds
from migguide.commitments.models import Item, Reference, Round, Tag
from migguide.commitments.suggesting import suggest
from migguide.countries.models import Country, Dialogue
from migguide.dossier.snapshot import Snapshot
from migguide.editions.models import Edition


def tag_demo(country: Country) -> str:
    """Tag every recommendation of the country's dossier with its suggested items (at
    least Global Compact objective 1, which every recommendation on data serves)."""
    loaded = frameworks.load()
    dossier = country.dossier
    items = list(Item.objects.filter(framework__retired_on__isnull=True))
    gcm1 = next(i for i in items if i.code == "GCM-1")
    staff = User.objects.filter(is_staff=True).order_by("pk").first()
    snap = Snapshot.of(dossier)
    for rec in snap.recommendations:
        chosen = [s.item for s in suggest(rec, items, limit=2)] or [gcm1]
        Tag.set_for_entry(dossier=dossier, uid=rec.id, items=chosen, by=staff)
    return f"{loaded.items} framework items; {len(snap.recommendations)} recommendations tagged"


@dataclass
class _Earlier:
    """A shared edition as it stood at the past round: what it froze, with the
    recommendations then not yet started and its latest source not yet found."""

    pk: int
    snapshot: dict

    @property
    def frozen(self) -> Snapshot:
        return Snapshot.from_json(self.snapshot["dossier"])


def _earlier(edition: Edition) -> _Earlier:
    data = copy.deepcopy(edition.snapshot)
    for rec in data["dossier"].get("recommendations", []):
        if rec.get("status") in ("implemented", "in-progress"):
            rec["status"] = "proposed"
    existing = [s for s in data["dossier"].get("sources", []) if s.get("status") == "existing"]
    if existing:
        data["dossier"]["sources"].remove(existing[-1])
    return _Earlier(edition.pk, data)


def rounds_demo(dialogue: Dialogue) -> str:
    """Two rounds: the past one (a year ago, frozen from the shared editions as they
    then stood) and the current one, frozen now; Senegal a reference for GCM-1."""
    today = timezone.localdate()
    meeting = today + datetime.timedelta(days=14)
    earlier = meeting - datetime.timedelta(days=365)
    # Named by the meeting's year: a name every language of the app reads as it is.
    names = {"past": str(earlier.year), "current": str(meeting.year)}
    Round.objects.filter(name__in=names.values()).delete()
    past = Round.objects.create(
        name=names["past"],
        meeting_date=earlier,
        freeze_date=today - datetime.timedelta(days=395),
    )
    countries = list(Country.objects.in_dialogue(dialogue))
    iso3 = {c.pk: c.iso3 for c in countries}
    shared = rounds.shared_editions(countries)
    digests = {
        iso3[cid]: rounds.digest(_earlier(e), languages=dialogue.languages, on=past.freeze_date)
        for cid, e in shared.items()
        if e.snapshot
    }
    past.freeze(digests=digests, editions={k: v["edition"] for k, v in digests.items()})
    current = Round.objects.create(name=names["current"], meeting_date=meeting, freeze_date=today)
    n = rounds.freeze(current, dialogue)
    Reference.objects.create(
        round=current,
        item=Item.objects.get(code="GCM-1"),
        country=Country.objects.get(iso3="SEN"),
        note="Groupe de travail sur les données migratoires institutionnalisé",
    )
    return f"two rounds: {names['past']} and {names['current']} ({n} countries' shared editions)"
