"""The demonstration dossier taken through the whole workflow, so that a fresh
installation shows a published, endorsed edition (marked as demonstration content)."""

from __future__ import annotations

import datetime
from contextlib import contextmanager

from django.core import mail
from django.test.utils import override_settings

from migguide.access.models import Access, Role
from migguide.countries.models import Country
from migguide.dossier.exchange import export_dossier
from migguide.dossier.models import DOSSIER_KEY, Dossier
from migguide.dossier.parts import PARTS
from migguide.dossier.translation import OUTDATED, units
from migguide.editions.models import Comment, Edition, make_snapshot, snapshot_hash
from migguide.editions.publishing import mark_ready, publish

# What the people of the demonstration write along the way, in the dossier's main
# language: the reviewer's comment, the coordinator's answer, the endorsement.
WORDING = {
    "fr": {
        "submit": "Relecture de l'édition de démonstration.",
        "comment": "Préciser la périodicité de cette source.",
        "answer": "Précisée dans le dossier : décennale.",
        "position": "Directeur général (démonstration)",
        "statement": "Édition de démonstration, validée pour l'exemple.",
    },
    "pt": {
        "submit": "Revisão da edição de demonstração.",
        "comment": "Indicar a periodicidade desta fonte.",
        "answer": "Indicada no dossiê: decenal.",
        "position": "Presidente (demonstração)",
        "statement": "Edição de demonstração, validada a título de exemplo.",
    },
}


@contextmanager
def as_published(dossier):
    """The dossier as it was when its edition was published: a main text revised since
    (its translation now outdated, as the demonstration shows on purpose) is put back to
    the wording its translation was made from for the time of the block."""
    later = []
    data = export_dossier(dossier)
    for language in dossier.languages[1:]:
        for unit in units(data, language):
            if unit.state != OUTDATED:
                continue
            if unit.part == DOSSIER_KEY:
                target = dossier
            else:
                part = next(p for p in PARTS if p.export_key == unit.part)
                target = part.model.objects.get(dossier=dossier, uid=unit.uid)
            if "." in unit.field:
                continue  # a per-area note: none is revised in the demonstration
            later.append((target, unit.field, getattr(target, unit.field), unit.translated_from))
    for target, field, _now, then in later:
        setattr(target, field, then)
        target.save()
    try:
        yield
    finally:
        for target, field, now, _then in later:
            target.refresh_from_db()
            setattr(target, field, now)
            target.save()


def publish_demo_edition(country: Country) -> str:
    """Review, endorse and publish an edition of a demonstration dossier in all its
    languages, unless the published edition already holds exactly its content. Returns
    what was done. A text revised after publication (`as_published`) is published as it
    was."""
    with as_published(country.dossier):
        return _publish(country)


def endorse_demo_edition(country: Country) -> Edition:
    """A new edition of a demonstration dossier taken through review to its endorsement
    and left there, for someone to publish (the cluster check publishes it through the
    edition's page). An edition left in progress is replaced; the dossier is frozen as
    `as_published` puts it."""
    with as_published(country.dossier):
        for unfinished in Edition.objects.filter(country=country).in_progress():
            unfinished.delete()  # never endorsed: the demonstration's own leftovers
        edition, _people = _endorse(country)
    return edition


def _publish(country: Country) -> str:
    dossier = Dossier.objects.get(pk=country.dossier.pk)
    current = Edition.objects.filter(country=country).published().first()
    if current and current.sha256 == snapshot_hash(make_snapshot(dossier, dossier.languages)):
        return f"edition {current.number} is published already with this content"
    for unfinished in Edition.objects.filter(country=country).in_progress():
        unfinished.delete()  # left over from trying the demonstration; never endorsed
    # Notifications would go to the demonstration addresses: keep them in memory.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        mail.outbox = []
        edition, people = _endorse(country)
        publish(edition, access=Access.of(people[Role.Kind.COORDINATOR], country))
        sent = len(mail.outbox)
    return (
        f"edition {edition.number} reviewed, endorsed and published "
        f"({edition.files.count()} files, {sent} notifications kept in memory)"
    )


def _endorse(country: Country) -> tuple[Edition, dict]:
    """A new edition started, reviewed (a comment answered and resolved), approved, sent
    for endorsement and endorsed, by the country's people of the demonstration."""
    dossier = Dossier.objects.get(pk=country.dossier.pk)
    people = {r.kind: r.user for r in Role.objects.filter(country=country).select_related("user")}
    coordinator, reviewer, endorser = (
        Access.of(people[kind], country)
        for kind in (Role.Kind.COORDINATOR, Role.Kind.REVIEWER, Role.Kind.ENDORSER)
    )
    # The edition covers the languages the dossier is written for (its own data).
    languages = list(dossier.languages)
    words = WORDING[languages[0]]
    # Notifications would go to the demonstration addresses: keep them in memory.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        edition = Edition.start(access=coordinator, languages=languages)
        edition.submit(access=coordinator, comment=words["submit"])
        source = edition.snapshot["dossier"]["sources"][0]
        comment = Comment.add(
            access=reviewer,
            edition=edition,
            section="sources",
            entry=source["id"],
            text=words["comment"],
        )
        Comment.add(
            access=coordinator,
            edition=edition,
            parent=comment,
            text=words["answer"],
        )
        comment.resolve(access=coordinator)
        edition.approve(access=reviewer, sha256=edition.sha256)
        mark_ready(edition, access=coordinator)
        edition.endorse(
            access=endorser,
            sha256=edition.sha256,
            name=people[Role.Kind.ENDORSER].get_full_name(),
            position=words["position"],
            date=datetime.date.today(),
            statement=words["statement"],
        )
    return edition, people
