"""Reviewing a response: what it proposes against what the dossier holds, item by
item (new, changed, unchanged), and the reviewer's decisions, which alone write to the
dossier — each accepted item with its provenance."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils.translation import gettext as _

from migguide.dossier import models as m
from migguide.files.text import clean_text, text_problem

from .models import ConsultationError, Decision, Provenance, Response
from .prefill import (
    INSTITUTION_FIELDS,
    SOURCE_FIELDS,
    source_code,
    stage_role_text,
    translated_texts,
)
from .questionnaires import NEW

NEW_ITEM, CHANGED, UNCHANGED = "new", "changed", "unchanged"
REPEATS = {
    "challenges": (m.Challenge, "challenges", "description", "responsible"),
    "use_examples": (m.UseExample, "use-examples", "title", "institution"),
    "needs": (m.Need, "needs", "description", "institution"),
    "recommendations": (m.Recommendation, "recommendations", "text", "responsible"),
}


@dataclass
class Proposed:
    """One field of a proposal, shown on its own line; a text field may be corrected by
    the reviewer before it is accepted."""

    name: str
    label: str
    value: object
    shown: str
    editable: bool = False
    multiline: bool = False
    max_length: int | None = None


def _proposed(model, name: str, value) -> Proposed:
    f = model._meta.get_field(name)
    text = isinstance(f, (models.CharField, models.TextField)) and not f.choices
    return Proposed(
        name=name,
        label=str(f.verbose_name),
        value=value,
        shown=_display(model, name, value),
        editable=text,
        multiline=isinstance(f, models.TextField),
        max_length=getattr(f, "max_length", None) if text else None,
    )


def _fields(model, values: dict) -> list[Proposed]:
    return [
        _proposed(model, k, v) for k, v in values.items() if k != "ref" and v not in (None, "", [])
    ]


@dataclass
class Item:
    """One thing a response proposes. `apply` writes it with the values of its
    `fields` — as proposed, or as the reviewer corrected them."""

    key: str
    section: str
    what: str
    current: str
    proposed: str
    status: str
    part: str = ""
    apply: Callable[[Context, dict], tuple[m.Entry, str]] | None = field(default=None, repr=False)
    needs_institution: bool = False
    decision: Decision | None = None
    fields: list[Proposed] = field(default_factory=list)
    model: type | None = field(default=None, repr=False)

    @property
    def decidable(self) -> bool:
        return self.status != UNCHANGED

    @property
    def editable(self) -> bool:
        return any(f.editable for f in self.fields)

    def values(self, edits: dict[str, str] | None = None) -> dict:
        """The values to write: those proposed, with the reviewer's corrections of the
        text fields checked as the dossier's own form would check them."""
        values = {f.name: f.value for f in self.fields}
        for f in self.fields:
            if not f.editable or f.name not in (edits or {}):
                continue
            text = clean_text(str(edits[f.name])).strip()
            problem = text_problem(text)
            if problem:
                raise ConsultationError(
                    _("“%(what)s”, %(field)s: %(problem)s")
                    % {"what": self.what, "field": f.label, "problem": problem}
                )
            model_field = self.model._meta.get_field(f.name)
            if not text and not model_field.blank:
                raise ConsultationError(
                    _("“%(what)s”, %(field)s: this field cannot be left empty.")
                    % {"what": self.what, "field": f.label}
                )
            if f.max_length and len(text) > f.max_length:
                raise ConsultationError(
                    _("“%(what)s”, %(field)s: at most %(n)d characters.")
                    % {"what": self.what, "field": f.label, "n": f.max_length}
                )
            values[f.name] = text
        return values


@dataclass
class Context:
    """What applying items needs: the dossier, the response, its institution (created
    when its item is accepted first), who decides."""

    dossier: m.Dossier
    response: Response
    by: object
    institution: m.Institution | None


def _digest(*values) -> str:
    text = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def _display(model, name: str, value) -> str:
    if value in (None, "", []):
        return ""
    f = model._meta.get_field(name)
    if name == "areas":
        labels = dict(m.Area.Code.choices)
        return ", ".join(str(labels.get(v, v)) for v in value)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    return str(value)


def _current(entry, name: str):
    if name == "areas":
        return sorted(a.code for a in entry.areas.all())
    value = getattr(entry, name)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value or None


def _save(entry, by) -> None:
    entry._history_user = by
    entry.save()


class Review:
    """The items of one response against the dossier as it is now."""

    def __init__(self, response: Response):
        self.response = response
        self.dossier = m.Dossier.objects.select_related("country").get(country=response.country)
        self.answers = response.answers or {}
        self.institution = response.institution
        # The questionnaire was pre-filled in its language: a text sent back as its
        # current translation is the text on record, unchanged.
        language = response.dispatch.language if response.dispatch_id else ""
        self.translated = translated_texts(self.dossier, language) if language else {}
        self.items: list[Item] = []
        self._build()
        decisions = {d.key: d for d in response.decisions.select_related("by")}
        for item in self.items:
            item.decision = decisions.get(item.key)

    # What a response proposes ----------------------------------------------------------

    def _build(self) -> None:
        self._institution_items()
        self._stage_items()
        self._source_items()
        self._use_items()
        for name in REPEATS:
            self._repeat_items(name)
        self._followup_items()

    def _institution_items(self) -> None:
        proposed = self.answers.get("institution") or {}
        section = _("Institution")
        if self.institution is None:
            name = proposed.get("name")
            if not name:
                return
            fields = _fields(m.Institution, proposed)
            shown = "; ".join(f"{f.label}: {f.shown}" for f in fields)

            def create(ctx: Context, values: dict):
                inst = m.Institution(
                    dossier=ctx.dossier,
                    **{k: values.get(k) or "" for k in INSTITUTION_FIELDS if k != "kind"},
                    kind=values.get("kind") or m.Institution.Kind.OTHER,
                )
                _save(inst, ctx.by)
                ctx.institution = inst
                Response.objects.filter(pk=ctx.response.pk).update(institution=inst)
                return inst, ""

            self.items.append(
                Item(
                    key=f"institution:new:{_digest(proposed)}",
                    section=section,
                    what=_("New institution"),
                    current="",
                    proposed=shown,
                    status=NEW_ITEM,
                    part="institutions",
                    apply=create,
                    fields=fields,
                    model=m.Institution,
                )
            )
            return
        for name in INSTITUTION_FIELDS:
            value = proposed.get(name)
            if value in (None, ""):
                continue
            self._field_item(section, "institutions", self.institution, name, value)

    def _field_item(self, section: str, part: str, entry, name: str, value) -> None:
        model = type(entry)
        current = _current(entry, name)
        found = self.translated.get((str(entry.uid), name))
        if found and value == found[0] and isinstance(current, str) and found[1] == current.strip():
            value = current
        status = UNCHANGED if current == value else CHANGED

        def apply(ctx: Context, values: dict, entry=entry, name=name):
            fresh = type(entry).objects.get(pk=entry.pk)
            if name == "areas":
                fresh.areas.set(m.Area.objects.filter(code__in=values[name]))
                _save(fresh, ctx.by)
            else:
                setattr(fresh, name, values[name])
                _save(fresh, ctx.by)
            return fresh, name

        self.items.append(
            Item(
                key=f"{part}:{entry.uid.hex}:{name}:{_digest(value)}",
                section=section,
                what=f"{entry} — {model._meta.get_field(name).verbose_name}",
                current=_display(model, name, current),
                proposed=_display(model, name, value),
                status=status,
                part=part,
                apply=apply,
                fields=[_proposed(model, name, value)],
                model=model,
            )
        )

    def _stage_items(self) -> None:
        stages = self.answers.get("stages") or []
        if not stages:
            return
        role = self.answers.get("stage_role") or ""
        actors = {}
        if self.institution is not None:
            actors = {
                a.stage.code: a
                for a in m.StageActor.objects.filter(
                    dossier=self.dossier, institution=self.institution
                ).select_related("stage")
            }
        if actors and role in (
            stage_role_text(actors.values()),
            stage_role_text(actors.values(), self.translated),
        ):
            role = ""  # the roles on record, sent back as they were
        labels = dict(m.PolicyStage.Code.choices)
        section = _("Policy cycle")
        for code in stages:
            actor = actors.get(code)
            if actor is not None:
                if role and actor.role != role:
                    self._field_item(section, "policy-cycle", actor, "role", role)
                else:
                    self.items.append(
                        Item(
                            key=f"stages:{code}:same",
                            section=section,
                            what=str(labels.get(code, code)),
                            current=actor.role,
                            proposed=role or actor.role,
                            status=UNCHANGED,
                            part="policy-cycle",
                        )
                    )
                continue

            def create(ctx: Context, values: dict, code=code):
                actor = m.StageActor(
                    dossier=ctx.dossier,
                    stage=m.PolicyStage.objects.get(code=code),
                    institution=ctx.institution,
                    role=values.get("role") or "",
                )
                _save(actor, ctx.by)
                return actor, ""

            self.items.append(
                Item(
                    key=f"stages:new:{code}:{_digest(role)}",
                    section=section,
                    what=_("Acts at the stage: %(stage)s") % {"stage": labels.get(code, code)},
                    current="",
                    proposed=role,
                    status=NEW_ITEM,
                    part="policy-cycle",
                    apply=create,
                    needs_institution=True,
                    fields=_fields(m.StageActor, {"role": role}),
                    model=m.StageActor,
                )
            )

    def _source_items(self) -> None:
        own = {}
        if self.institution is not None:
            own = {
                source_code(s): s
                for s in m.Source.objects.filter(
                    dossier=self.dossier, collector=self.institution
                ).prefetch_related("areas")
            }
        by_title = {s.title.casefold(): s for s in own.values()}
        section = _("Data sources")
        for code in self.answers.get("confirmed_sources") or []:
            source = own.get(code)
            if source is not None:
                self.items.append(
                    Item(
                        key=f"sources:{code}:confirmed",
                        section=section,
                        what=source.title,
                        current=_("on record"),
                        proposed=_("confirmed as it stands"),
                        status=UNCHANGED,
                        part="sources",
                    )
                )
        for item in self.answers.get("sources") or []:
            ref = item.get("ref") or ""
            source = own.get(ref) if ref and ref != NEW else None
            if source is None and item.get("title"):
                source = by_title.get(str(item["title"]).casefold())
            if source is not None:
                for name in (*SOURCE_FIELDS, "last_update", "areas"):
                    value = item.get(name)
                    if value in (None, "", []):
                        continue
                    self._field_item(section, "sources", source, name, value)
                continue
            if not item.get("title"):
                continue

            def create(ctx: Context, values: dict):
                kept = {k: values.get(k) for k in SOURCE_FIELDS if values.get(k) not in (None, "")}
                kept.setdefault("kind", m.Source.Kind.OTHER)
                source = m.Source(
                    dossier=ctx.dossier,
                    collector=ctx.institution,
                    last_update=values.get("last_update") or None,
                    **kept,
                )
                _save(source, ctx.by)
                source.areas.set(m.Area.objects.filter(code__in=values.get("areas") or []))
                return source, ""

            fields = _fields(m.Source, item)
            shown = "; ".join(f"{f.label}: {f.shown}" for f in fields)
            self.items.append(
                Item(
                    key=f"sources:new:{_digest(item)}",
                    section=section,
                    what=_("New source: %(title)s") % {"title": item["title"]},
                    current="",
                    proposed=shown,
                    status=NEW_ITEM,
                    part="sources",
                    apply=create,
                    needs_institution=True,
                    fields=fields,
                    model=m.Source,
                )
            )

    def _use_items(self) -> None:
        codes = self.answers.get("used_sources") or []
        if not codes:
            return
        sources = {
            source_code(s): s
            for s in m.Source.objects.filter(dossier=self.dossier).prefetch_related("users")
        }
        section = _("Sources used")
        for code in codes:
            source = sources.get(code)
            if source is None:
                continue
            uses = self.institution is not None and any(
                u.pk == self.institution.pk for u in source.users.all()
            )

            def link(ctx: Context, values: dict, source=source):
                fresh = m.Source.objects.get(pk=source.pk)
                fresh.users.add(ctx.institution)
                _save(fresh, ctx.by)
                return fresh, "users"

            self.items.append(
                Item(
                    key=f"uses:{code}:{'same' if uses else 'new'}",
                    section=section,
                    what=_("Uses: %(title)s") % {"title": source.title},
                    current=_("on record") if uses else "",
                    proposed=_("uses it"),
                    status=UNCHANGED if uses else NEW_ITEM,
                    part="sources",
                    apply=None if uses else link,
                    needs_institution=True,
                )
            )

    def _repeat_items(self, name: str) -> None:
        model, part, main, link_field = REPEATS[name]
        entries = self.answers.get(name) or []
        if not entries:
            return
        existing = {
            str(v).casefold()
            for v in model.objects.filter(dossier=self.dossier).values_list(main, flat=True)
        }
        section = str(model._meta.verbose_name_plural).capitalize()
        for item in entries:
            values = {k: v for k, v in item.items() if v not in (None, "", [])}
            if not values.get(main):
                continue
            fields = _fields(model, values)
            shown = "; ".join(f"{f.label}: {f.shown}" for f in fields)
            if str(values[main]).casefold() in existing:
                self.items.append(
                    Item(
                        key=f"{part}:same:{_digest(values)}",
                        section=section,
                        what=str(values[main])[:120],
                        current=_("on record"),
                        proposed=shown,
                        status=UNCHANGED,
                        part=part,
                        fields=fields,
                        model=model,
                    )
                )
                continue

            def create(ctx: Context, values: dict, model=model, link_field=link_field):
                many = model._meta.get_field(link_field).many_to_many
                entry = model(dossier=ctx.dossier, **values)
                if not many and ctx.institution is not None:
                    setattr(entry, link_field, ctx.institution)
                _save(entry, ctx.by)
                if many and ctx.institution is not None:
                    getattr(entry, link_field).add(ctx.institution)
                return entry, ""

            self.items.append(
                Item(
                    key=f"{part}:new:{_digest(values)}",
                    section=section,
                    what=str(values[main])[:120],
                    current="",
                    proposed=shown,
                    status=NEW_ITEM,
                    part=part,
                    apply=create,
                    fields=fields,
                    model=model,
                )
            )

    def _followup_items(self) -> None:
        """The follow-up round: each recommendation's status as the respondent sees it,
        with what they say was done."""
        updates = self.answers.get("recommendation_updates") or []
        if not updates:
            return
        recommendations = {
            r.uid.hex: r for r in m.Recommendation.objects.filter(dossier=self.dossier)
        }
        section = _("Follow-up of the recommendations")
        for update in updates:
            rec = recommendations.get(update.get("ref") or "")
            if rec is None or not update.get("status"):
                continue
            self._field_item(section, "recommendations", rec, "status", update["status"])
            if update.get("note"):
                self.items[-1].proposed += f"\n{update['note']}"

    # Summary -----------------------------------------------------------------------

    @property
    def pending(self) -> list[Item]:
        return [i for i in self.items if i.decidable and i.decision is None]

    @property
    def is_reviewed(self) -> bool:
        return not self.pending

    def counts(self) -> dict[str, int]:
        out = {NEW_ITEM: 0, CHANGED: 0, UNCHANGED: 0}
        for item in self.items:
            out[item.status] += 1
        return out

    def sections(self, *, unchanged: bool | None = None) -> list[tuple[str, list[Item]]]:
        """The items by section; only the unchanged ones, or only the others, when asked."""
        grouped: dict[str, list[Item]] = {}
        for item in self.items:
            if unchanged is None or (item.status == UNCHANGED) == unchanged:
                grouped.setdefault(item.section, []).append(item)
        return list(grouped.items())

    def to_decide(self) -> list[tuple[str, list[Item]]]:
        """What the response changes — new and changed items — by section, first."""
        return self.sections(unchanged=False)

    def unchanged(self) -> list[tuple[str, list[Item]]]:
        return self.sections(unchanged=True)


def decide(
    response: Response,
    decisions: dict[str, bool],
    *,
    by,
    edits: dict[str, dict[str, str]] | None = None,
    accept_rest: bool = False,
) -> list[Decision]:
    """Record the reviewer's decisions (item key → accepted) and write the accepted
    items to the dossier with their provenance — all or nothing. `edits` holds the
    reviewer's corrections of proposed text fields (item key → field → text);
    `accept_rest` accepts every item still awaiting a decision that `decisions` does
    not reject. A key that no longer names an item means the dossier or the decisions
    changed since the page was read."""
    edits = edits or {}
    with transaction.atomic():
        response = Response.objects.select_for_update().get(pk=response.pk)
        review = Review(response)
        by_key = {item.key: item for item in review.items}
        decisions = dict(decisions)
        if accept_rest:
            for item in review.pending:
                decisions.setdefault(item.key, True)
        stale = [k for k in decisions if k not in by_key]
        if stale:
            raise ConsultationError(
                _(
                    "The dossier or this response changed since you opened the page; "
                    "nothing was saved. Please look at the items again."
                )
            )
        ordered = [i for i in review.items if i.key in decisions]
        for item in ordered:
            if item.decision is not None:
                raise ConsultationError(_("“%(what)s” was decided already.") % {"what": item.what})
            if not item.decidable:
                raise ConsultationError(
                    _("“%(what)s” is already in the dossier.") % {"what": item.what}
                )
        ctx = Context(
            dossier=review.dossier, response=response, by=by, institution=review.institution
        )
        made = []
        for item in ordered:
            accepted = bool(decisions[item.key])
            if accepted and item.needs_institution and ctx.institution is None:
                raise ConsultationError(
                    _(
                        "“%(what)s” belongs to an institution not yet in the dossier: "
                        "accept the new institution first."
                    )
                    % {"what": item.what}
                )
            values = item.values(edits.get(item.key)) if accepted else {}
            corrected = accepted and any(
                values.get(f.name) != f.value for f in item.fields if f.editable
            )
            summary = item.what
            if corrected:
                summary = _("%(what)s (corrected before acceptance)") % {"what": item.what}
            decision = Decision.objects.create(
                response=response, key=item.key, summary=summary[:500], accepted=accepted, by=by
            )
            if accepted:
                entry, field_name = item.apply(ctx, values)
                Provenance.objects.create(
                    country=response.country,
                    part=item.part,
                    entry_uid=entry.uid,
                    field=field_name,
                    response=response,
                    decision=decision,
                )
            made.append(decision)
        return made


def provenance_of(entry) -> list[Provenance]:
    """Where an entry's accepted answers came from, newest first."""
    return list(
        Provenance.objects.filter(entry_uid=entry.uid, country=entry.dossier.country_id)
        .select_related("response", "decision__by")
        .order_by("-id")
    )
