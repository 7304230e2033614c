"""The two standard questionnaires of the consultation, described once.

Every writer (XLSForm, Excel workbook, printable PDF, web form) and every reader
(Excel, KoboToolbox, ODK Central) works from this description. A question is either a
field of a dossier model — its label, help and choices then come from the model, in
every language the model is translated into — or one of the few questions that have
no field of their own (the policy-cycle stages, the sources an institution uses).

Answers travel between formats as one plain structure, the *answers*:

    {"institution": {"name": …, "kind": …},
     "respondent": {"name": …, "position": …, "email": …},
     "stages": ["needs", …], "stage_role": "…",
     "used_sources": [uid, …], "confirmed_sources": [uid, …],
     "sources": [{"ref": uid or "", "title": …, "areas": [...], …}, …],
     "challenges": [...], "use_examples": [...], "needs": [...], "recommendations": [...]}
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext, override
from django.utils.translation import gettext_lazy as _

from migguide.dossier import models as m
from migguide.files.text import TextRefused, clean_text


@dataclass(frozen=True)
class Question:
    """One question. `name` is its key in the answers; `column` its name in XLSForm,
    Kobo and ODK (unique across the whole form)."""

    name: str
    column: str
    kind: str  # text, textarea, select_one, select_multiple, integer, date, url, email
    label: Promise
    hint: Promise | str = ""
    choices: str = ""  # name of a choice list
    required: bool = False
    max_length: int | None = None

    def label_in(self, language: str) -> str:
        with override(language):
            return str(self.label)

    def hint_in(self, language: str) -> str:
        with override(language):
            return str(self.hint)


@dataclass(frozen=True)
class Block:
    """A group of questions answered once (the institution) or a repeat answered once
    per item (its sources, its challenges …). A repeat proposes new entries of `model`."""

    name: str
    label: Promise
    questions: tuple[Question, ...]
    repeat: bool = False
    model: type[models.Model] | None = None
    intro: Promise | str = ""
    # Answers of a nested block sit under its name; others' at the top level.
    nested: bool = False

    def label_in(self, language: str) -> str:
        with override(language):
            return str(self.label)

    def intro_in(self, language: str) -> str:
        with override(language):
            return str(self.intro)


def _from_model(model, prefix: str, name: str, *, required=False, choices="") -> Question:
    f = model._meta.get_field(name)
    if f.choices:
        kind = "select_one"
    elif isinstance(f, models.ManyToManyField):
        kind = "select_multiple"
    elif isinstance(f, models.URLField):
        kind = "url"
    elif isinstance(f, models.EmailField):
        kind = "email"
    elif isinstance(f, models.DateField):
        kind = "date"
    elif isinstance(f, models.IntegerField):
        kind = "integer"
    elif isinstance(f, models.TextField):
        kind = "textarea"
    else:
        kind = "text"
    return Question(
        name=name,
        column=f"{prefix}_{name}",
        kind=kind,
        label=f.verbose_name,
        hint=f.help_text or "",
        choices=choices or (f"{model._meta.model_name}_{name}" if f.choices else ""),
        required=required,
        max_length=None if f.choices else getattr(f, "max_length", None),
    )


# Choice lists: name → (code, lazy label) pairs. Lists of the country's own sources
# are added per export (see `choice_lists`).
STATIC_CHOICES: dict[str, Callable[[], list[tuple[str, Promise]]]] = {
    "institution_kind": lambda: m.Institution.Kind.choices,
    "source_status": lambda: m.Source.Status.choices,
    "source_kind": lambda: m.Source.Kind.choices,
    "source_periodicity": lambda: m.Source.Periodicity.choices,
    "source_access": lambda: m.Source.Access.choices,
    "area": lambda: m.Area.Code.choices,
    "stage": lambda: m.PolicyStage.Code.choices,
    "challenge_category": lambda: m.Challenge.Category.choices,
    "useexample_function": lambda: m.UseExample.Function.choices,
    "need_kind": lambda: m.Need.Kind.choices,
    "priority": lambda: m.Recommendation.Priority.choices,
    "recommendation_theme": lambda: m.Recommendation.Theme.choices,
    "recommendation_timeframe": lambda: m.Recommendation.Timeframe.choices,
    "recommendation_status": lambda: m.Recommendation.Status.choices,
}
# Lists made of the country's sources, filled in by each export.
KNOWN_SOURCES = "known_sources"  # the institution's own sources on record
SOURCE_REF = "source_ref"  # the same and "new source"
RECOMMENDATION_REF = "recommendation_ref"  # the country's recommendations
OTHER_SOURCES = "other_sources"  # sources of other institutions it may use
NEW = "new"

INSTITUTION = Block(
    "institution",
    _("Your institution"),
    (
        _from_model(m.Institution, "inst", "name", required=True),
        _from_model(m.Institution, "inst", "acronym"),
        _from_model(m.Institution, "inst", "kind", choices="institution_kind"),
        _from_model(m.Institution, "inst", "website"),
        _from_model(m.Institution, "inst", "mandate"),
    ),
    intro=_("Please check what we have on record and correct it where needed."),
    nested=True,
)
DEPARTMENT = Block(
    "institution",
    _("Your department"),
    INSTITUTION.questions[:3],
    intro=_("Please check what we have on record and correct it where needed."),
    nested=True,
)
RESPONDENT = Block(
    "respondent",
    _("Who answers"),
    (
        Question("name", "resp_name", "text", _("your name"), required=True, max_length=200),
        Question("position", "resp_position", "text", _("your position"), max_length=200),
        Question(
            "email",
            "resp_email",
            "email",
            _("your e-mail"),
            _("Used only to ask you about your answers; never published."),
        ),
    ),
    nested=True,
)
CYCLE = Block(
    "cycle",
    _("The migration policy cycle"),
    (
        Question(
            "stages",
            "stages",
            "select_multiple",
            _("At which stages of the migration policy cycle does your institution act?"),
            choices="stage",
        ),
        Question(
            "stage_role",
            "stage_role",
            "textarea",
            _("What does it do at those stages?"),
        ),
    ),
)
USES = Block(
    "uses",
    _("Sources you use"),
    (
        Question(
            "used_sources",
            "used_sources",
            "select_multiple",
            _("Which of these sources of other institutions does your institution use?"),
            choices=OTHER_SOURCES,
        ),
    ),
)
CONFIRM = Block(
    "confirm",
    _("Sources on record"),
    (
        Question(
            "confirmed_sources",
            "confirmed_sources",
            "select_multiple",
            _(
                "Which of the sources we have on record for your institution are correct "
                "as they stand?"
            ),
            _(
                "Describe changes to any other in the next section, choosing it in the "
                "first question."
            ),
            choices=KNOWN_SOURCES,
        ),
    ),
)


def _source_questions() -> tuple[Question, ...]:
    src = m.Source
    return (
        Question(
            "ref",
            "src_ref",
            "select_one",
            _("which source on record this describes"),
            _("Choose “new source” for a source we do not have on record."),
            choices=SOURCE_REF,
        ),
        _from_model(src, "src", "title", required=True),
        _from_model(src, "src", "description"),
        _from_model(src, "src", "kind", choices="source_kind"),
        _from_model(src, "src", "status", choices="source_status"),
        _from_model(src, "src", "areas", choices="area"),
        _from_model(src, "src", "periodicity", choices="source_periodicity"),
        _from_model(src, "src", "temporal_coverage"),
        _from_model(src, "src", "geographic_coverage"),
        _from_model(src, "src", "disaggregation"),
        _from_model(src, "src", "data_format"),
        _from_model(src, "src", "access", choices="source_access"),
        _from_model(src, "src", "last_update"),
        _from_model(src, "src", "url"),
        _from_model(src, "src", "limitations"),
    )


SOURCES = Block(
    "sources",
    _("Data sources your institution holds"),
    _source_questions(),
    repeat=True,
    model=m.Source,
    intro=_("One per source: registers, surveys, censuses, databases, studies."),
)
CHALLENGES = Block(
    "challenges",
    _("Challenges"),
    (
        _from_model(m.Challenge, "chal", "category", required=True, choices="challenge_category"),
        _from_model(m.Challenge, "chal", "description", required=True),
        _from_model(m.Challenge, "chal", "corrective_actions"),
    ),
    repeat=True,
    model=m.Challenge,
    intro=_("What makes migration data hard to produce, share or use, and what would fix it."),
)
USE_EXAMPLES = Block(
    "use_examples",
    _("Examples of use"),
    (
        _from_model(m.UseExample, "use", "title", required=True),
        _from_model(m.UseExample, "use", "description", required=True),
        _from_model(m.UseExample, "use", "function", choices="useexample_function"),
        _from_model(m.UseExample, "use", "year"),
    ),
    repeat=True,
    model=m.UseExample,
    intro=_("Times when migration data informed a decision, a programme or a dialogue."),
)
NEEDS = Block(
    "needs",
    _("Needs"),
    (
        _from_model(m.Need, "need", "description", required=True),
        _from_model(m.Need, "need", "kind", required=True, choices="need_kind"),
        _from_model(m.Need, "need", "priority", choices="priority"),
    ),
    repeat=True,
    model=m.Need,
)
RECOMMENDATIONS = Block(
    "recommendations",
    _("Recommendations"),
    (
        _from_model(
            m.Recommendation, "rec", "theme", required=True, choices="recommendation_theme"
        ),
        _from_model(m.Recommendation, "rec", "text", required=True),
        _from_model(m.Recommendation, "rec", "priority", choices="priority"),
        _from_model(m.Recommendation, "rec", "timeframe", choices="recommendation_timeframe"),
    ),
    repeat=True,
    model=m.Recommendation,
)


@dataclass(frozen=True)
class Questionnaire:
    form: str  # "authority" or "department"
    version: str
    title: Promise
    blocks: tuple[Block, ...]
    # Older versions still read: version → {old column: current column}. A column
    # missing from the map and from the current form cannot be mapped.
    earlier: dict[str, dict[str, str]] = field(default_factory=dict)

    def title_in(self, language: str) -> str:
        with override(language):
            return str(self.title)

    @property
    def form_id(self) -> str:
        return f"migguide_{self.form}"

    def questions(self):
        for block in self.blocks:
            for q in block.questions:
                yield block, q

    @cached_property
    def by_column(self) -> dict[str, tuple[Block, Question]]:
        return {q.column: (b, q) for b, q in self.questions()}

    def block(self, name: str) -> Block | None:
        return next((b for b in self.blocks if b.name == name), None)

    def columns_of(self, version: str) -> dict[str, str]:
        """For answers given to `version`: its column → the current column. Raises
        UnknownVersion when that version cannot be mapped."""
        if version == self.version:
            return {c: c for c in self.by_column}
        if version not in self.earlier:
            raise UnknownVersion(self, version)
        current = self.by_column
        renames = {old: new for old, new in self.earlier[version].items() if new in current}
        mapping = {c: c for c in self.by_column if c not in renames.values()}
        mapping.update(renames)
        return mapping


class UnknownVersion(Exception):
    def __init__(self, questionnaire: Questionnaire, version: str):
        known = ", ".join([questionnaire.version, *questionnaire.earlier])
        super().__init__(
            gettext(
                "version %(version)s of the %(form)s questionnaire cannot be mapped to the "
                "current one (versions read: %(known)s)"
            )
            % {"version": repr(version), "form": questionnaire.form, "known": known}
        )


FOLLOW_UP = Block(
    "recommendation_updates",
    _("Where each recommendation stands"),
    (
        Question(
            "ref",
            "upd_ref",
            "select_one",
            _("recommendation"),
            choices=RECOMMENDATION_REF,
            required=True,
        ),
        _from_model(m.Recommendation, "upd", "status", choices="recommendation_status"),
        Question(
            "note",
            "upd_note",
            "textarea",
            _("what was done since, and what remains"),
        ),
    ),
    repeat=True,
    model=m.Recommendation,
    intro=_("One per recommendation of the guide: its implementation status today."),
)

# Version 2026.1, sent in the first round, named a few questions differently; its
# answers are read into the current version.
_EARLIER = {
    "2026.1": {
        "src_name": "src_title",
        "src_access_conditions": "src_access",
        "inst_role": "inst_mandate",
        "challenge_text": "chal_description",
    }
}

QUESTIONNAIRES: dict[str, Questionnaire] = {
    "authority": Questionnaire(
        form="authority",
        version="2026.2",
        title=_("Questionnaire for the national authorities in charge of migration"),
        blocks=(
            INSTITUTION,
            RESPONDENT,
            CYCLE,
            CONFIRM,
            SOURCES,
            USES,
            CHALLENGES,
            USE_EXAMPLES,
            NEEDS,
            RECOMMENDATIONS,
        ),
        earlier=_EARLIER,
    ),
    "department": Questionnaire(
        form="department",
        version="2026.2",
        title=_("Departmental survey on migration data"),
        blocks=(DEPARTMENT, RESPONDENT, CONFIRM, SOURCES, USES, USE_EXAMPLES),
        earlier=_EARLIER,
    ),
    # The follow-up round, after publication: where each recommendation stands.
    "followup": Questionnaire(
        form="followup",
        version="2026.1",
        title=_("Follow-up of the guide's recommendations"),
        blocks=(DEPARTMENT, RESPONDENT, FOLLOW_UP),
    ),
}
FORM_CHOICES = [
    ("authority", _("national authority questionnaire")),
    ("department", _("departmental survey")),
    ("followup", _("follow-up of recommendations")),
]


def questionnaire(form: str) -> Questionnaire:
    try:
        return QUESTIONNAIRES[form]
    except KeyError:
        known = ", ".join(QUESTIONNAIRES)
        raise ValueError(f"no questionnaire {form!r} (known: {known})") from None


# Reading one answer ----------------------------------------------------------------


class BadAnswer(ValueError):
    """An answer of the wrong type; the message says what was expected."""


def not_a_choice(value: str) -> str:
    return gettext("%(value)s is not one of the choices") % {"value": repr(value)}


def _whole_number(value) -> str:
    return gettext("expected a whole number, found %(value)s") % {"value": repr(value)}


_URL = URLValidator(schemes=["http", "https"])
_EMAIL = EmailValidator()


def parse_value(q: Question, raw, codes: dict[str, str] | None) -> object:
    """One answer as the answers structure holds it, from what a file or a form gave:
    text stays text (a leading `=` included: it is data, not a formula), codes are
    recognised from the code or a label in any language, dates and years are checked.
    An empty answer is None (or [] for a multiple choice): nothing proposed."""
    if raw is None:
        return [] if q.kind == "select_multiple" else None
    if isinstance(raw, datetime.datetime):
        raw = raw.date()
    if q.kind == "date":
        if isinstance(raw, datetime.date):
            return raw.isoformat()
        text = str(raw).strip()
        if not text:
            return None
        try:
            return datetime.date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            raise BadAnswer(
                gettext("expected a date (YYYY-MM-DD), found %(value)s")
                % {"value": repr(text[:40])}
            ) from None
    if q.kind == "integer":
        if isinstance(raw, bool):
            raise BadAnswer(_whole_number(raw))
        if isinstance(raw, int | float) and float(raw).is_integer():
            return int(raw)
        text = str(raw).strip()
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            raise BadAnswer(_whole_number(text[:40])) from None
    try:
        text = clean_text(str(raw)).strip()
    except TextRefused as exc:
        raise BadAnswer(str(exc)) from None
    if q.kind == "select_multiple":
        parts = [p for p in text.replace(";", " ").replace(",", " ").split() if p]
        # Labels contain spaces: try the whole text, then separated by ";" first.
        if codes is not None and text and text.casefold() in codes:
            return [codes[text.casefold()]]
        labelled = [p.strip() for p in text.split(";") if p.strip()]
        if codes is not None and labelled and all(p.casefold() in codes for p in labelled):
            return sorted({codes[p.casefold()] for p in labelled})
        found = []
        for p in parts:
            if codes is not None and p.casefold() not in codes:
                raise BadAnswer(not_a_choice(p[:40]))
            found.append(codes[p.casefold()] if codes is not None else p)
        return sorted(set(found))
    if not text:
        return None
    if q.max_length and len(text) > q.max_length:
        raise BadAnswer(
            ngettext(
                "at most %(max)s character, found %(found)s",
                "at most %(max)s characters, found %(found)s",
                q.max_length,
            )
            % {"max": q.max_length, "found": len(text)}
        )
    if q.kind == "select_one":
        if codes is not None and text.casefold() not in codes:
            raise BadAnswer(not_a_choice(text[:40]))
        return codes[text.casefold()] if codes is not None else text
    if q.kind == "url":
        try:
            _URL(text)
        except ValidationError:
            raise BadAnswer(
                gettext("expected a web address starting http:// or https://, found %(value)s")
                % {"value": repr(text[:60])}
            ) from None
    if q.kind == "email":
        try:
            _EMAIL(text)
        except ValidationError:
            raise BadAnswer(
                gettext("expected an e-mail address, found %(value)s") % {"value": repr(text[:60])}
            ) from None
    return text
