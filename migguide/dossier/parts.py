"""The parts of a dossier, as one table: what each part holds, which fields a person
edits, which columns and filters its list shows, and when it counts as complete.

Views, forms, the overview, export and import all read this table, so a part is
described once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils.functional import Promise, cached_property
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from . import models as m


@dataclass(frozen=True)
class Filter:
    """A filter of a list page: a query parameter, its label and choices, and how a
    chosen value narrows the queryset."""

    param: str
    label: Promise
    choices: Callable[[], list[tuple[str, str]]]
    apply: Callable


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    hint: str = ""

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def complete(self) -> bool:
        return self.done >= self.total


@dataclass(frozen=True)
class Part:
    slug: str
    model: type[m.Entry]
    label: Promise
    description: Promise
    fields: tuple[str, ...]
    columns: tuple[str, ...]
    export_key: str
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    filters: tuple[Filter, ...] = ()
    progress: Callable[[m.Dossier], Progress] = field(default=lambda dossier: Progress(0, 1))
    search_fields: tuple[str, ...] = ()

    @property
    def noun(self) -> Promise:
        """What one entry is called ("information source"): for headings such as "New
        information source" (a template cannot read the model's _meta)."""
        return self.model._meta.verbose_name

    def queryset(self, dossier: m.Dossier):
        return (
            self.model.objects.filter(dossier=dossier)
            .select_related(*self.select_related)
            .prefetch_related(*self.prefetch_related)
        )


def _choices(enum) -> Callable[[], list[tuple[str, str]]]:
    return lambda: [(value, str(label)) for value, label in enum.choices]


def _at_least(model, minimum: int, hint: Promise):
    def measure(dossier):
        n = model.objects.filter(dossier=dossier).count()
        return Progress(min(n, minimum), minimum, "" if n >= minimum else str(hint))

    return measure


def _context_progress(dossier: m.Dossier) -> Progress:
    instruments = m.LegalInstrument.objects.filter(dossier=dossier).count()
    checks = [
        (len(dossier.situation) >= 300, _("describe the migration situation")),
        (len(dossier.framework) >= 200, _("describe the legal and policy framework")),
        (instruments >= 3, _("list at least three laws, policies or conventions")),
    ]
    return _checks(checks)


def _checks(checks) -> Progress:
    missing = [str(hint) for ok, hint in checks if not ok]
    return Progress(len(checks) - len(missing), len(checks), "; ".join(missing))


def _sources_progress(dossier: m.Dossier) -> Progress:
    covered = set(
        m.Source.objects.filter(dossier=dossier, status=m.Source.Status.EXISTING)
        .values_list("areas__code", flat=True)
        .distinct()
    )
    unused = m.Source.objects.filter(dossier=dossier).annotate(n=Count("users")).filter(n=0).count()
    checks = [
        (code in covered, _("no existing source on %(area)s") % {"area": m.Area.Code(code).label})
        for code in m.Area.FOCUS
    ]
    hint = ngettext(
        "%(n)d source has no known user", "%(n)d sources have no known user", unused
    ) % {"n": unused}
    checks.append((unused == 0 and bool(covered), hint if unused else _("add sources")))
    return _checks(checks)


def _stages_progress(dossier: m.Dossier) -> Progress:
    covered = set(
        m.StageActor.objects.filter(dossier=dossier).values_list("stage__code", flat=True)
    )
    missing = [str(label) for code, label in m.PolicyStage.Code.choices if code not in covered]
    hint = str(_("no actor for: %(stages)s")) % {"stages": ", ".join(missing)} if missing else ""
    return Progress(6 - len(missing), 6, hint)


def _workgroup_progress(dossier: m.Dossier) -> Progress:
    counts = m.WorkgroupMember.objects.filter(dossier=dossier).aggregate(
        n=Count("id"), coordinators=Count("id", filter=Q(is_coordinator=True))
    )
    return _checks(
        [
            (counts["coordinators"] == 1, _("name the workgroup's coordinator")),
            (counts["n"] >= 3, _("list at least three members")),
        ]
    )


def _covering(model, fieldname: str, expected, hint: Promise):
    def measure(dossier):
        present = set(
            model.objects.filter(dossier=dossier).values_list(fieldname, flat=True).distinct()
        )
        missing = [str(label) for value, label in expected if value not in present]
        return Progress(
            len(expected) - len(missing),
            len(expected),
            str(hint) % {"missing": ", ".join(missing)} if missing else "",
        )

    return measure


def _recommendations_progress(dossier: m.Dossier) -> Progress:
    counts = m.Recommendation.objects.filter(dossier=dossier).aggregate(
        n=Count("id", distinct=True),
        orphans=Count("id", filter=Q(responsible__isnull=True), distinct=True),
        border=Count("id", filter=Q(theme=m.Recommendation.Theme.BORDER), distinct=True),
        crisis=Count("id", filter=Q(theme=m.Recommendation.Theme.CRISIS), distinct=True),
    )
    return _checks(
        [
            (counts["n"] >= 5, _("make at least five recommendations")),
            (counts["n"] and not counts["orphans"], _("name who is responsible for each")),
            (
                counts["border"] and counts["crisis"],
                _("cover border management and crisis situations"),
            ),
        ]
    )


def _by_area(qs, value):
    return qs.filter(areas__code=value)


def _by_sector(qs, value):
    return qs.governmental() if value == "governmental" else qs.other()


def SECTOR_CHOICES() -> list[tuple[str, str]]:  # noqa: N802 - used like the other choices
    return [("governmental", str(_("governmental"))), ("other", str(_("other entities")))]


PARTS: tuple[Part, ...] = (
    Part(
        slug="context",
        model=m.LegalInstrument,
        label=_("Context"),
        description=_(
            "The migration situation, the legal and policy framework, and the "
            "laws, policies and conventions that frame it (guide section 1)."
        ),
        fields=("title", "kind", "year", "status", "notes"),
        columns=("title", "kind", "year", "status"),
        export_key="legal_instruments",
        filters=(
            Filter(
                "kind", _("kind"), _choices(m.LegalInstrument.Kind), lambda qs, v: qs.filter(kind=v)
            ),
        ),
        progress=_context_progress,
        search_fields=("title", "notes"),
    ),
    Part(
        slug="institutions",
        model=m.Institution,
        label=_("Institutions"),
        description=_(
            "The institutions that collect, use or decide on migration data; "
            "every part of the dossier refers to them."
        ),
        fields=("name", "acronym", "kind", "website", "mandate"),
        columns=("name", "acronym", "kind"),
        export_key="institutions",
        filters=(
            Filter(
                "kind", _("kind"), _choices(m.Institution.Kind), lambda qs, v: qs.filter(kind=v)
            ),
            Filter("sector", _("sector"), SECTOR_CHOICES, _by_sector),
        ),
        progress=_at_least(m.Institution, 5, _("list at least five institutions")),
        search_fields=("name", "acronym", "mandate"),
    ),
    Part(
        slug="contacts",
        model=m.Contact,
        label=_("Contacts"),
        description=_(
            "People at the institutions. Their details are published only "
            "with their recorded consent."
        ),
        fields=(
            "institution",
            "name",
            "job_title",
            "email",
            "phone",
            "consent_to_publish",
            "consent_recorded_on",
            "consent_note",
        ),
        columns=("name", "institution", "job_title", "consent_to_publish"),
        export_key="contacts",
        select_related=("institution",),
        filters=(
            Filter(
                "consent",
                _("consent"),
                lambda: [("yes", str(_("consent recorded"))), ("no", str(_("no consent")))],
                lambda qs, v: (
                    qs.publishable() if v == "yes" else qs.exclude(pk__in=qs.publishable())
                ),
            ),
        ),
        progress=_at_least(m.Contact, 5, _("list at least five contacts")),
        search_fields=("name", "job_title", "email"),
    ),
    Part(
        slug="sources",
        model=m.Source,
        label=_("Information sources"),
        description=_(
            "Who collects which migration data, who uses it, and the potential "
            "sources not yet exploited (guide section 2)."
        ),
        fields=(
            "title",
            "description",
            "collector",
            "areas",
            "status",
            "kind",
            "periodicity",
            "temporal_coverage",
            "geographic_coverage",
            "disaggregation",
            "data_format",
            "access",
            "last_update",
            "url",
            "contacts",
            "users",
            "stages",
            "limitations",
        ),
        columns=("title", "collector", "areas", "status", "periodicity", "users"),
        export_key="sources",
        select_related=("collector",),
        prefetch_related=("areas", "users"),
        filters=(
            Filter("area", _("area"), _choices(m.Area.Code), _by_area),
            Filter("sector", _("sector"), SECTOR_CHOICES, _by_sector),
            Filter(
                "status",
                _("existing or potential"),
                _choices(m.Source.Status),
                lambda qs, v: qs.filter(status=v),
            ),
        ),
        progress=_sources_progress,
        search_fields=("title", "description"),
    ),
    Part(
        slug="policy-cycle",
        model=m.StageActor,
        label=_("Policy cycle and actors"),
        description=_(
            "Which institution does what at each of the six stages of the "
            "migration policy cycle (guide section 3)."
        ),
        fields=("stage", "institution", "role"),
        columns=("stage", "institution", "role"),
        export_key="policy_cycle",
        select_related=("stage", "institution"),
        filters=(
            Filter(
                "stage",
                _("stage"),
                _choices(m.PolicyStage.Code),
                lambda qs, v: qs.filter(stage__code=v),
            ),
        ),
        progress=_stages_progress,
        search_fields=("role",),
    ),
    Part(
        slug="profile-contents",
        model=m.ProfileContent,
        label=_("Profile contents"),
        description=_("The themes and indicators the migration profile covers, and their status."),
        fields=("theme", "indicators", "status", "source", "notes"),
        columns=("theme", "status", "source"),
        export_key="profile_contents",
        select_related=("source",),
        filters=(
            Filter(
                "status",
                _("status"),
                _choices(m.ProfileContent.Status),
                lambda qs, v: qs.filter(status=v),
            ),
        ),
        progress=_at_least(m.ProfileContent, 5, _("describe at least five themes")),
        search_fields=("theme", "indicators"),
    ),
    Part(
        slug="workgroup",
        model=m.WorkgroupMember,
        label=_("Workgroup"),
        description=_("The national workgroup (coordination platform) and its coordinator."),
        fields=("contact", "role", "is_coordinator"),
        columns=("contact", "role", "is_coordinator"),
        export_key="workgroup",
        select_related=("contact", "contact__institution"),
        progress=_workgroup_progress,
        search_fields=("role", "contact__name"),
    ),
    Part(
        slug="use-examples",
        model=m.UseExample,
        label=_("Use examples"),
        description=_("Best practices and examples of using the profile, by its function."),
        fields=("title", "description", "function", "institution", "year"),
        columns=("title", "function", "institution", "year"),
        export_key="use_examples",
        select_related=("institution",),
        filters=(
            Filter(
                "function",
                _("function"),
                _choices(m.UseExample.Function),
                lambda qs, v: qs.filter(function=v),
            ),
        ),
        progress=_covering(
            m.UseExample,
            "function",
            m.UseExample.Function.choices,
            _("no example yet as: %(missing)s"),
        ),
        search_fields=("title", "description"),
    ),
    Part(
        slug="challenges",
        model=m.Challenge,
        label=_("Problem/solution matrix"),
        description=_(
            "Challenges in using migration data, with corrective actions and "
            "past successful strategies."
        ),
        fields=(
            "category",
            "description",
            "corrective_actions",
            "past_strategies",
            "responsible",
            "status",
        ),
        # The first column links to the entry: the text itself, not its category.
        columns=("description", "category", "responsible", "status"),
        export_key="challenges",
        select_related=("responsible",),
        filters=(
            Filter(
                "category",
                _("category"),
                _choices(m.Challenge.Category),
                lambda qs, v: qs.filter(category=v),
            ),
            Filter(
                "status",
                _("status"),
                _choices(m.Challenge.Status),
                lambda qs, v: qs.filter(status=v),
            ),
        ),
        progress=_covering(
            m.Challenge,
            "category",
            m.Challenge.Category.choices[:5],
            _("no challenge yet in: %(missing)s"),
        ),
        search_fields=("description", "corrective_actions", "past_strategies"),
    ),
    Part(
        slug="recommendations",
        model=m.Recommendation,
        label=_("Recommendations"),
        description=_(
            "Recommendations by theme, with who is responsible, priority, "
            "timeframe and implementation status (guide section 4)."
        ),
        fields=("theme", "text", "priority", "responsible", "timeframe", "status"),
        columns=("text", "theme", "responsible", "priority", "status"),
        export_key="recommendations",
        prefetch_related=("responsible",),
        filters=(
            Filter(
                "theme",
                _("theme"),
                _choices(m.Recommendation.Theme),
                lambda qs, v: qs.filter(theme=v),
            ),
            Filter(
                "priority",
                _("priority"),
                _choices(m.Recommendation.Priority),
                lambda qs, v: qs.filter(priority=v),
            ),
            Filter(
                "status",
                _("status"),
                _choices(m.Recommendation.Status),
                lambda qs, v: qs.filter(status=v),
            ),
        ),
        progress=_recommendations_progress,
        search_fields=("text",),
    ),
    Part(
        slug="needs",
        model=m.Need,
        label=_("Needs"),
        description=_("Capacity and training needs identified in the workshops."),
        fields=("description", "kind", "institution", "priority"),
        columns=("description", "kind", "institution", "priority"),
        export_key="needs",
        select_related=("institution",),
        filters=(
            Filter("kind", _("kind"), _choices(m.Need.Kind), lambda qs, v: qs.filter(kind=v)),
        ),
        progress=_at_least(m.Need, 3, _("list at least three needs")),
        search_fields=("description",),
    ),
    Part(
        slug="glossary",
        model=m.GlossaryTerm,
        label=_("Glossary"),
        description=_("Terms of the guide, defined in French and English."),
        fields=("term_fr", "definition_fr", "term_en", "definition_en"),
        columns=("term_fr", "term_en"),
        export_key="glossary",
        progress=_at_least(m.GlossaryTerm, 10, _("define at least ten terms")),
        search_fields=("term_fr", "term_en", "definition_fr", "definition_en"),
    ),
    Part(
        slug="forewords",
        model=m.Foreword,
        label=_("Forewords"),
        description=_("Forewords signed by the national authority."),
        fields=("signatory", "signatory_title", "institution", "language", "text"),
        columns=("signatory", "signatory_title", "language"),
        export_key="forewords",
        select_related=("institution",),
        progress=_at_least(m.Foreword, 1, _("add the national authority's foreword")),
        search_fields=("signatory", "text"),
    ),
)

PARTS_BY_SLUG = {part.slug: part for part in PARTS}


class Completeness:
    """How complete each part of a dossier is, and the whole. Measured once per revision
    of the dossier and language, then served from the cache; nothing is measured
    unless asked for (the overview page caches its rendering too)."""

    def __init__(self, dossier: m.Dossier):
        self.dossier = dossier

    @cached_property
    def parts(self) -> list[tuple[Part, Progress]]:
        key = f"progress:{self.dossier.cache_key}:{get_language()}"
        measured = cache.get(key)
        if measured is None:
            measured = [(part.slug, part.progress(self.dossier)) for part in PARTS]
            cache.set(key, measured, timeout=24 * 3600)
        return [(PARTS_BY_SLUG[slug], progress) for slug, progress in measured]

    @cached_property
    def percent(self) -> int:
        done = sum(p.done for _, p in self.parts)
        total = sum(p.total for _, p in self.parts)
        return round(100 * done / total) if total else 0
