"""What the dossier already knows about an institution, as answers to a questionnaire,
and the choice lists an export offers: so that respondents confirm or correct rather
than retype."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from migguide.countries import languages
from migguide.dossier import models as m

from .questionnaires import (
    KNOWN_SOURCES,
    NEW,
    OTHER_SOURCES,
    RECOMMENDATION_REF,
    SOURCE_REF,
    STATIC_CHOICES,
)

SOURCE_FIELDS = (
    "title",
    "description",
    "kind",
    "status",
    "periodicity",
    "temporal_coverage",
    "geographic_coverage",
    "disaggregation",
    "data_format",
    "access",
    "url",
    "limitations",
)
INSTITUTION_FIELDS = ("name", "acronym", "kind", "website", "mandate")


# What apps above `consultation` add to the labels of a choice list, by list name: each
# gives {choice code: hint} for a dossier, shown after the label in square brackets —
# `commitments` adds the framework codes each recommendation serves, so that whoever
# reports on it sees the commitments it counts for. A label is read back with or without
# its hint, and with a hint that has since changed.
CHOICE_HINTS: dict[str, list[Callable[[m.Dossier], dict[str, str]]]] = {}
HINT = re.compile(r"\s*\[[^\[\]]*\]\s*$")


def _hints(list_name: str, dossier: m.Dossier) -> dict[str, str]:
    out: dict[str, str] = {}
    for provide in CHOICE_HINTS.get(list_name, []):
        for code, hint in provide(dossier).items():
            out[code] = f"{out[code]} {hint}" if code in out else hint
    return out


def _hinted(label: str, hint: str) -> str:
    return f"{label} [{hint}]" if hint else label


@dataclass(frozen=True)
class Choice:
    code: str
    labels: dict[str, str]  # language → label


def source_code(source: m.Source) -> str:
    return source.uid.hex


def source_answers(source: m.Source) -> dict:
    data = {name: getattr(source, name) or None for name in SOURCE_FIELDS}
    data["ref"] = source_code(source)
    data["areas"] = sorted(a.code for a in source.areas.all())
    data["last_update"] = source.last_update.isoformat() if source.last_update else None
    return data


def translated_texts(dossier: m.Dossier, language: str) -> dict[tuple[str, str], tuple[str, str]]:
    """(entry uid, field) → (text in `language`, main text it was made from) of the
    translations of the dossier; `_in_language` uses those whose translation is
    current (not made from an older main text): the dossier's own language, or one it
    has no translations into, gives none. What a questionnaire in `language` is
    pre-filled with, and what its review takes as "unchanged"."""
    if language == (dossier.languages or ["fr"])[0]:
        return {}
    rows = m.Translation.objects.filter(dossier=dossier, language=language).exclude(text="")
    return {(r.entry_uid, r.field): (r.text, r.source_text.strip()) for r in rows}


def _in_language(translated, entry, answers: dict) -> dict:
    """`answers` of `entry` with each text whose translation is current in the
    questionnaire's language."""
    for name, value in answers.items():
        found = translated.get((str(entry.uid), name))
        if found and isinstance(value, str) and found[1] == value.strip():
            answers[name] = found[0]
    return answers


def known_answers(
    dossier: m.Dossier, institution: m.Institution | None, language: str | None = None
) -> dict:
    """The answers the dossier gives already for `institution` (None: a new one), its
    texts in the questionnaire's `language` where a current translation has them."""
    answers: dict = {"institution": {}, "sources": [], "stages": [], "used_sources": []}
    if institution is None:
        return answers
    translated = translated_texts(dossier, language) if language else {}
    answers["institution"] = _in_language(
        translated, institution, {f: getattr(institution, f) or None for f in INSTITUTION_FIELDS}
    )
    sources = (
        m.Source.objects.filter(dossier=dossier, collector=institution)
        .prefetch_related("areas")
        .order_by("position", "id")
    )
    answers["sources"] = [_in_language(translated, s, source_answers(s)) for s in sources]
    actors = m.StageActor.objects.filter(dossier=dossier, institution=institution).select_related(
        "stage"
    )
    answers["stages"] = sorted({a.stage.code for a in actors})
    answers["stage_role"] = stage_role_text(actors, translated)
    answers["used_sources"] = sorted(
        source_code(s)
        for s in m.Source.objects.filter(dossier=dossier, users=institution).only("uid")
    )
    return answers


def recommendation_answers(dossier: m.Dossier) -> list[dict]:
    """The follow-up round's rows: each recommendation of the published guide and its
    status on record."""
    published = published_uids(dossier, "recommendations")
    return [
        {"ref": r.uid.hex, "status": r.status, "note": None}
        for r in m.Recommendation.objects.filter(dossier=dossier)
        if str(r.uid) in published
    ]


def published_uids(dossier: m.Dossier, part: str) -> set[str]:
    """The entries of one part that the country's latest published edition lists."""
    from migguide.editions.models import Edition

    edition = (
        Edition.objects.filter(country=dossier.country_id, state=Edition.State.PUBLISHED)
        .order_by("-number")
        .only("snapshot")
        .first()
    )
    if edition is None or not edition.snapshot:
        return set()
    return {e.id for e in edition.frozen.entries(part)}


def stage_role_text(actors, translated=None) -> str:
    """The one answer "what it does at those stages" that stands for the roles on
    record, one line per distinct role (in the language of `translated_texts`, where
    translated)."""
    roles = (_in_language(translated or {}, a, {"role": a.role})["role"] for a in actors if a.role)
    return "\n".join(dict.fromkeys(roles))


def _labels(label) -> dict[str, str]:
    out = {}
    for language in languages.codes():
        with override(language):
            out[language] = str(label)
    return out


def choice_lists(
    dossier: m.Dossier, institution: m.Institution | None, *, reading: bool = False
) -> dict[str, list[Choice]]:
    """Every choice list of the questionnaires, the country's sources included:
    the institution's own (to say which one an answer corrects) and the others'
    (to say which it uses). Offered to respondents, the others' sources and the
    recommendations are those the published guide lists; `reading` answers back, any
    entry of the dossier is recognised."""
    lists = {
        name: [Choice(code, _labels(label)) for code, label in make()]
        for name, make in STATIC_CHOICES.items()
    }
    sources = m.Source.objects.filter(dossier=dossier).select_related("collector")
    # Respondents need no role in the country: of other institutions' sources they are
    # shown only those its published guide lists already.
    published = None if reading else published_uids(dossier, "sources")
    own, others = [], []
    for s in sources.order_by("position", "id"):
        if institution is not None and s.collector_id == institution.pk:
            own.append(Choice(source_code(s), dict.fromkeys(languages.codes(), s.title)))
        elif published is None or str(s.uid) in published:
            label = f"{s.title} ({s.collector.short_name})"
            others.append(Choice(source_code(s), dict.fromkeys(languages.codes(), label)))
    recommendations = None if reading else published_uids(dossier, "recommendations")
    hints = _hints(RECOMMENDATION_REF, dossier)
    lists[RECOMMENDATION_REF] = [
        Choice(
            r.uid.hex,
            dict.fromkeys(languages.codes(), _hinted(_short(r.text), hints.get(r.uid.hex, ""))),
        )
        for r in m.Recommendation.objects.filter(dossier=dossier)
        if recommendations is None or str(r.uid) in recommendations
    ]
    lists[KNOWN_SOURCES] = own
    lists[SOURCE_REF] = [*own, Choice(NEW, _labels(_("new source, not on record")))]
    lists[OTHER_SOURCES] = others
    return lists


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Codes(dict):
    """Written answer (casefolded) → choice code; a label whose hint has changed since
    the questionnaire was sent (the commitments a recommendation serves) is found by
    its label alone."""

    def __missing__(self, key: str) -> str:
        bare = HINT.sub("", key)
        if bare != key and dict.__contains__(self, bare):
            return dict.__getitem__(self, bare)
        raise KeyError(key)

    def __contains__(self, key) -> bool:
        return dict.__contains__(self, key) or (
            isinstance(key, str) and dict.__contains__(self, HINT.sub("", key))
        )

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default


def codes(choices: list[Choice]) -> Codes:
    """What a respondent may write for each choice (code or label in any language,
    any case, a label with or without its hint) → its code."""
    out = Codes()
    for c in choices:
        out[c.code.casefold()] = c.code
        for label in c.labels.values():
            out.setdefault(label.casefold(), c.code)
            out.setdefault(HINT.sub("", label).casefold(), c.code)
    return out
