"""The dossier as every reader reads it: a typed, frozen snapshot.

What migguide publishes — the guide, the portal, the open data, the synthesis, the "what
changed" annex, questionnaires pre-filled from a published guide — is read from the
dossier export, the JSON an edition freezes. `Snapshot.from_json(data)` reads that JSON
(an edition's frozen dossier) and `Snapshot.of(dossier)` the live dossier; both give the
same frozen dataclasses, one per part. Lookups (an institution by id, its short name, a
source's title, the title of whatever a reference names, a choice's label in a language)
and the read-side rules (sources in an area, gaps, counts by area, who may be named in
public) live here and nowhere else.

The JSON format does not change: `to_json()` gives back exactly the data read, so every
endorsed edition's SHA-256 stays valid."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from typing import Any, ClassVar

from django.utils import translation
from django.utils.translation import gettext

from . import models as m
from .parts import PARTS

# -- one frozen dataclass per part --------------------------------------------------


@dataclass(frozen=True)
class Entry:
    id: str
    part_key: ClassVar[str] = ""
    title_fields: ClassVar[tuple[str, ...]] = ()

    @property
    def own_title(self) -> str:
        """The first line of the field that names this entry, if it has one."""
        for name in self.title_fields:
            value = getattr(self, name)
            if isinstance(value, str) and value.strip():
                text = value.strip().splitlines()[0]
                return text if len(text) <= 90 else text[:89] + "…"
        return ""


@dataclass(frozen=True)
class LegalInstrument(Entry):
    title: str = ""
    kind: str = ""
    year: int | None = None
    status: str = ""
    notes: str = ""
    part_key: ClassVar[str] = "legal_instruments"
    title_fields: ClassVar[tuple[str, ...]] = ("title",)


@dataclass(frozen=True)
class Institution(Entry):
    name: str = ""
    acronym: str = ""
    kind: str = ""
    website: str = ""
    mandate: str = ""
    part_key: ClassVar[str] = "institutions"
    title_fields: ClassVar[tuple[str, ...]] = ("name",)

    @property
    def short_name(self) -> str:
        return self.acronym or self.name

    @property
    def is_governmental(self) -> bool:
        return self.kind in m.Institution.GOVERNMENTAL


# What a contact entry holds about the person; blanked unless they may be named.
PERSONAL_FIELDS = ("name", "job_title", "email", "phone", "consent_note")


@dataclass(frozen=True)
class Contact(Entry):
    institution: str | None = None
    name: str = ""
    job_title: str = ""
    email: str = ""
    phone: str = ""
    consent_to_publish: bool = False
    consent_recorded_on: str | None = None
    consent_note: str = ""
    withheld: bool = False  # not part of the export: set by Snapshot.public()
    part_key: ClassVar[str] = "contacts"
    title_fields: ClassVar[tuple[str, ...]] = ("name",)

    @property
    def may_publish(self) -> bool:
        """Consent to publish ticked and the date it was recorded given."""
        return bool(self.consent_to_publish and self.consent_recorded_on)


@dataclass(frozen=True)
class Source(Entry):
    title: str = ""
    description: str = ""
    collector: str | None = None
    areas: tuple[str, ...] = ()
    status: str = ""
    kind: str = ""
    periodicity: str = ""
    temporal_coverage: str = ""
    geographic_coverage: str = ""
    disaggregation: str = ""
    data_format: str = ""
    access: str = ""
    last_update: str | None = None
    url: str = ""
    contacts: tuple[str, ...] = ()
    users: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    limitations: str = ""
    part_key: ClassVar[str] = "sources"
    title_fields: ClassVar[tuple[str, ...]] = ("title", "description")

    @property
    def is_existing(self) -> bool:
        return self.status == m.Source.Status.EXISTING


@dataclass(frozen=True)
class StageActor(Entry):
    stage: str | None = None
    institution: str | None = None
    role: str = ""
    part_key: ClassVar[str] = "policy_cycle"


@dataclass(frozen=True)
class ProfileContent(Entry):
    theme: str = ""
    indicators: str = ""
    status: str = ""
    source: str | None = None
    notes: str = ""
    part_key: ClassVar[str] = "profile_contents"
    title_fields: ClassVar[tuple[str, ...]] = ("theme",)


@dataclass(frozen=True)
class WorkgroupMember(Entry):
    contact: str | None = None
    role: str = ""
    is_coordinator: bool = False
    part_key: ClassVar[str] = "workgroup"


@dataclass(frozen=True)
class UseExample(Entry):
    title: str = ""
    description: str = ""
    function: str = ""
    institution: str | None = None
    year: int | None = None
    part_key: ClassVar[str] = "use_examples"
    title_fields: ClassVar[tuple[str, ...]] = ("title", "description")


@dataclass(frozen=True)
class Challenge(Entry):
    category: str = ""
    description: str = ""
    corrective_actions: str = ""
    past_strategies: str = ""
    responsible: str | None = None
    status: str = ""
    part_key: ClassVar[str] = "challenges"
    title_fields: ClassVar[tuple[str, ...]] = ("description",)


@dataclass(frozen=True)
class Recommendation(Entry):
    theme: str = ""
    text: str = ""
    priority: str = ""
    responsible: tuple[str, ...] = ()
    timeframe: str = ""
    status: str = ""
    part_key: ClassVar[str] = "recommendations"
    # Named by what it recommends (as in the app), not by its theme's code.
    title_fields: ClassVar[tuple[str, ...]] = ("text",)


@dataclass(frozen=True)
class Need(Entry):
    description: str = ""
    kind: str = ""
    institution: str | None = None
    priority: str = ""
    part_key: ClassVar[str] = "needs"
    title_fields: ClassVar[tuple[str, ...]] = ("description",)


@dataclass(frozen=True)
class GlossaryTerm(Entry):
    term_fr: str = ""
    definition_fr: str = ""
    term_en: str = ""
    definition_en: str = ""
    # The term and its definition in a language other than French and English, when
    # `Snapshot.in_language` found a current translation ("" otherwise).
    term: str = ""
    definition: str = ""
    part_key: ClassVar[str] = "glossary"
    title_fields: ClassVar[tuple[str, ...]] = ("term_fr", "term_en")


@dataclass(frozen=True)
class Foreword(Entry):
    signatory: str = ""
    signatory_title: str = ""
    institution: str | None = None
    language: str = ""
    text: str = ""
    part_key: ClassVar[str] = "forewords"
    title_fields: ClassVar[tuple[str, ...]] = ("signatory", "text")


ENTRY_CLASSES: dict[str, type[Entry]] = {
    cls.part_key: cls
    for cls in (
        LegalInstrument,
        Institution,
        Contact,
        Source,
        StageActor,
        ProfileContent,
        WorkgroupMember,
        UseExample,
        Challenge,
        Recommendation,
        Need,
        GlossaryTerm,
        Foreword,
    )
}


@cache
def _field_names(cls: type[Entry]) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _entry(cls: type[Entry], data: dict[str, Any]) -> Entry:
    values = {}
    for name in _field_names(cls):
        if name in data:
            value = data[name]
            values[name] = tuple(value) if isinstance(value, list) else value
    return cls(**values)


# -- choices and references, in a language ------------------------------------------

CHOICES = {
    "area": m.Area.Code,
    "stage": m.PolicyStage.Code,
    "periodicity": m.Source.Periodicity,
    "access": m.Source.Access,
    "source_kind": m.Source.Kind,
    "source_status": m.Source.Status,
    "instrument_kind": m.LegalInstrument.Kind,
    "instrument_status": m.LegalInstrument.Status,
    "content_status": m.ProfileContent.Status,
    "function": m.UseExample.Function,
    "category": m.Challenge.Category,
    "challenge_status": m.Challenge.Status,
    "theme": m.Recommendation.Theme,
    "priority": m.Recommendation.Priority,
    "timeframe": m.Recommendation.Timeframe,
    "rec_status": m.Recommendation.Status,
    "need_kind": m.Need.Kind,
    "institution_kind": m.Institution.Kind,
}


def choices(language: str) -> dict[str, dict[str, str]]:
    """Every coded value's label in `language`, by kind of choice ("area", "theme" …),
    in the order the code lists them."""
    with translation.override(language):
        return {
            kind: {code: str(label) for code, label in enum.choices}
            for kind, enum in CHOICES.items()
        }


# -- the snapshot --------------------------------------------------------------------


@dataclass(frozen=True)
class Logo:
    """A logo of the guide's cover: checked SVG text (files.logos) and what it is."""

    description: str
    svg: str


@dataclass(frozen=True)
class Snapshot:
    country: str
    situation: str
    framework: str
    languages: tuple[str, ...]
    is_demo: bool
    legal_instruments: tuple[LegalInstrument, ...]
    institutions: tuple[Institution, ...]
    contacts: tuple[Contact, ...]
    sources: tuple[Source, ...]
    policy_cycle: tuple[StageActor, ...]
    profile_contents: tuple[ProfileContent, ...]
    workgroup: tuple[WorkgroupMember, ...]
    use_examples: tuple[UseExample, ...]
    challenges: tuple[Challenge, ...]
    recommendations: tuple[Recommendation, ...]
    needs: tuple[Need, ...]
    glossary: tuple[GlossaryTerm, ...]
    forewords: tuple[Foreword, ...]
    logos: tuple[Logo, ...] = ()
    # What an edition freezes beside the dossier (the workshops of the method annex);
    # plain data, read by the guide's annex.
    workshops: list[dict[str, Any]] | None = None
    # What the workgroup wrote about each area of data, by area code (Fiche 2).
    area_notes: dict[str, str] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    # The language the texts are in ("" for the main language, as written), and the
    # texts that `in_language` left in the main language: (entry id or "dossier", field)
    # → "missing" or "outdated".
    language: str = ""
    untranslated: dict[tuple[str, str], str] = field(default_factory=dict, compare=False)

    # -- reading ---------------------------------------------------------------------

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Snapshot:
        """The snapshot of a dossier export (an edition's frozen `snapshot["dossier"]`,
        or a file made by `migguide dossier export`)."""
        dossier = data.get("dossier") or {}
        parts = {
            key: tuple(_entry(entry_class, e) for e in data.get(key) or [])
            for key, entry_class in ENTRY_CLASSES.items()
        }
        return cls(
            country=data.get("country", ""),
            situation=dossier.get("situation") or "",
            framework=dossier.get("framework") or "",
            languages=tuple(dossier.get("languages") or ()),
            is_demo=bool(dossier.get("is_demo")),
            logos=tuple(
                Logo(str(logo.get("description", "")), str(logo.get("svg", "")))
                for logo in dossier.get("logos") or ()
            ),
            workshops=data.get("workshops"),
            area_notes={
                k: v for k, v in (dossier.get("area_notes") or {}).items() if isinstance(v, str)
            },
            data=data,
            **parts,
        )

    @classmethod
    def empty(cls) -> Snapshot:
        """A dossier with nothing in it (what a first edition is compared with)."""
        return cls.from_json({})

    @classmethod
    def of(cls, dossier: m.Dossier) -> Snapshot:
        """The snapshot of the live dossier, as an edition would freeze it now."""
        from .exchange import export_dossier

        return cls.from_json(export_dossier(dossier))

    @property
    def main_language(self) -> str:
        """The language the dossier is written in (the first of its guide languages)."""
        return self.languages[0] if self.languages else "fr"

    def in_language(self, language: str) -> Snapshot:
        """This snapshot with its texts in `language`: each current translation replaces
        the main text; a missing or outdated one leaves the main text, and is listed in
        `untranslated` so that a draft can mark it. The main language, or a language the
        dossier has no translations for at all, gives the texts as written (all listed
        as missing in the second case). `data` is unchanged: the hash stays the
        edition's."""
        from .translation import CURRENT, units

        language = language.split("-")[0]
        if language == self.main_language:
            return dataclasses.replace(self, language=language, untranslated={})
        overrides: dict[str, dict[str, Any]] = {}
        untranslated: dict[tuple[str, str], str] = {}
        for unit in units(self.data, language):
            if unit.state == CURRENT:
                name, _dot, key = unit.field.partition(".")
                target = overrides.setdefault(unit.uid, {})
                if key:  # a key of a dict field (the per-area notes)
                    target.setdefault(name, {})[key] = unit.text
                else:
                    target[name] = unit.text
            elif not unit.optional:
                untranslated[(unit.uid, unit.field)] = unit.state
        own = overrides.pop("dossier", {})
        changes: dict[str, Any] = {
            name: own[name] for name in ("situation", "framework") if name in own
        }
        if "area_notes" in own and hasattr(self, "area_notes"):
            # The per-area notes of the guide (issue 16) are a later field.
            notes = getattr(self, "area_notes")  # noqa: B009
            changes["area_notes"] = {**notes, **own["area_notes"]}
        for key in ENTRY_CLASSES:
            entries = getattr(self, key)
            for e in entries:
                # A text that says which language it is written in (a foreword) is, once
                # translated, written in `language`: readers and writers must say so.
                if "text" in overrides.get(e.id, {}) and hasattr(e, "language"):
                    overrides[e.id]["language"] = language
            if any(e.id in overrides for e in entries):
                changes[key] = tuple(
                    dataclasses.replace(e, **overrides[e.id]) if e.id in overrides else e
                    for e in entries
                )
        return dataclasses.replace(self, language=language, untranslated=untranslated, **changes)

    def to_json(self) -> dict[str, Any]:
        """The data this snapshot was read from, unchanged (its hash is the edition's)."""
        return self.data

    # -- lookups ---------------------------------------------------------------------

    @cached_property
    def _by_id(self) -> dict[str, Entry]:
        return {e.id: e for key in ENTRY_CLASSES for e in getattr(self, key)}

    def entry(self, uid: str | None) -> Entry | None:
        return self._by_id.get(uid or "")

    def institution(self, uid: str | None) -> Institution | None:
        found = self.entry(uid)
        return found if isinstance(found, Institution) else None

    def contact(self, uid: str | None) -> Contact | None:
        found = self.entry(uid)
        return found if isinstance(found, Contact) else None

    def source(self, uid: str | None) -> Source | None:
        found = self.entry(uid)
        return found if isinstance(found, Source) else None

    def short_name(self, uid: str | None) -> str:
        """An institution's acronym, or its name; "" for no institution."""
        found = self.institution(uid)
        return found.short_name if found else ""

    def source_title(self, uid: str | None) -> str:
        found = self.source(uid)
        return found.title if found else ""

    def title(self, entry: Entry) -> str:
        """How an entry is named where it is listed or referred to: by its own title,
        else (actors, workgroup members, contacts withheld from the public) by the
        person or what it refers to."""
        own = entry.own_title
        if own:
            return own
        if isinstance(entry, WorkgroupMember):
            person = self.contact(entry.contact)
            if person is not None and person.name:
                return person.name
        refs = [getattr(entry, n, None) for n in ("contact", "institution", "stage")]
        titles = [self.title_of(r) for r in refs if r]
        return " — ".join(t for t in titles if t) or entry.id

    def title_of(self, ref: str | None) -> str:
        """The title of what a reference names: an entry of this dossier by its id, an
        area or a stage of the policy cycle by its code (in the active language)."""
        if not ref:
            return ""
        found = self.entry(ref)
        if found is not None:
            return self.title(found)
        return _reference_labels().get(ref, ref)

    def display(self, part_key: str, name: str, value: Any) -> str:
        """A field's value as a person reads it, in the active language: choices by
        their label, references by the title of what they name, yes or no."""
        if value is None or value == "" or value in ((), []):
            return ""
        f = _model_fields(part_key)[name]
        if f.many_to_many:
            return ", ".join(self.title_of(v) for v in value)
        if f.is_relation:
            return self.title_of(value)
        if isinstance(value, bool):
            return gettext("yes") if value else gettext("no")
        if f.choices:
            return str(dict(f.flatchoices).get(value, value))
        return str(value)

    # -- read-side rules -------------------------------------------------------------

    def sources_in(self, area: str) -> list[Source]:
        return [s for s in self.sources if area in s.areas]

    def existing_sources(self) -> list[Source]:
        return [s for s in self.sources if s.is_existing]

    def potential_sources(self) -> list[Source]:
        return [s for s in self.sources if s.status == m.Source.Status.POTENTIAL]

    def areas_with_sources(self) -> list[str]:
        """The focus areas always, then the other areas that have sources, in the
        order of the list of areas."""
        present = {a for s in self.sources for a in s.areas}
        return [
            *m.Area.FOCUS,
            *(c for c, _ in m.Area.Code.choices if c not in m.Area.FOCUS and c in present),
        ]

    def counts_by_area(self, areas: Iterable[str]) -> list[tuple[str, int, int]]:
        """(area, existing sources, potential sources) for each area."""
        rows = []
        for area in areas:
            sources = self.sources_in(area)
            rows.append(
                (
                    area,
                    sum(s.is_existing for s in sources),
                    sum(s.status == m.Source.Status.POTENTIAL for s in sources),
                )
            )
        return rows

    def covered_areas(self) -> set[str]:
        """The areas with at least one existing source."""
        return {a for s in self.existing_sources() for a in s.areas}

    def gap_areas(self) -> list[str]:
        """The focus areas no existing source covers: a gap, whatever else the dossier
        holds."""
        covered = self.covered_areas()
        return [a for a in m.Area.FOCUS if a not in covered]

    def gap_stages(self) -> list[str]:
        """The stages of the policy cycle that no existing source serves."""
        covered = {st for s in self.existing_sources() for st in s.stages}
        return [st for st, _ in m.PolicyStage.Code.choices if st not in covered]

    def unused_sources(self) -> list[Source]:
        """Sources nobody is known to use."""
        return [s for s in self.sources if not s.users]

    def publishable_contacts(self) -> list[Contact]:
        return [c for c in self.contacts if c.may_publish]

    def recommendations_by(self, attribute: str) -> dict[str, list[Recommendation]]:
        """The recommendations grouped by `attribute` ("theme", "status", "priority"),
        groups in the order of the code's choices, empty groups left out."""
        enum = CHOICES[{"status": "rec_status"}.get(attribute, attribute)]
        groups: dict[str, list[Recommendation]] = {}
        for code, _label in enum.choices:
            found = [r for r in self.recommendations if getattr(r, attribute) == code]
            if found:
                groups[code] = found
        return groups

    def entries(self, part_key: str) -> tuple[Entry, ...]:
        return getattr(self, part_key)

    def __iter__(self) -> Iterator[tuple[str, tuple[Entry, ...]]]:
        for key in ENTRY_CLASSES:
            yield key, getattr(self, key)

    # -- what the public may see -----------------------------------------------------

    def public(self, *, consent_of: Snapshot | None = None) -> Snapshot:
        """This snapshot as public outputs may show it: the details of every contact
        whose consent to publish is not recorded are blanked (id and institution kept,
        so that a workgroup row can still say where a member works). Every public writer
        — the guide and its annexes, the "what changed" annex, the portal, its search,
        the open data, the static site — reads the dossier through this.

        `consent_of` is the snapshot being published when this one is an earlier one
        (the "what changed since" annex): consent is then what the newer one records, so
        a person who withdrew consent since, or was removed, is not named again through
        the old side of a comparison."""
        current = None
        if consent_of is not None:
            current = {c.id for c in consent_of.contacts if c.may_publish}
        contacts = tuple(
            c
            if c.may_publish and (current is None or c.id in current)
            else dataclasses.replace(
                c,
                **dict.fromkeys(PERSONAL_FIELDS, ""),
                consent_to_publish=False,
                consent_recorded_on=None,
                withheld=True,
            )
            for c in self.contacts
        )
        withheld = {c.id for c in contacts if c.withheld}
        data = {
            **self.data,
            "contacts": [
                {**c, **dict.fromkeys(PERSONAL_FIELDS, ""), "consent_to_publish": False}
                | {"consent_recorded_on": None}
                if c.get("id") in withheld
                else c
                for c in self.data.get("contacts") or []
            ],
        }
        return dataclasses.replace(self, contacts=contacts, data=data)


@cache
def _model_fields(part_key: str) -> dict[str, Any]:
    part = next(p for p in PARTS if p.export_key == part_key)
    return {name: part.model._meta.get_field(name) for name in part.fields}


def _reference_labels() -> dict[str, str]:
    """Areas and stages of the policy cycle by code, in the active language."""
    return _labels_in(translation.get_language())


@lru_cache(maxsize=16)
def _labels_in(language: str | None) -> dict[str, str]:
    return {
        **{code: str(label) for code, label in m.Area.Code.choices},
        **{code: str(label) for code, label in m.PolicyStage.Code.choices},
    }
