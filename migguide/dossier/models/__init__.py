"""The dossier of a country: everything its guide is built from.

Each part of the dossier is a list of entries (institutions, sources, challenges …).
Entries share identity, order, optimistic locking and history through `Entry` (core);
the entries of each part are in `entries`."""

from .core import (
    Area,
    Dossier,
    EditConflict,
    Entry,
    EntryGone,
    PolicyStage,
    Versioned,
    relativedelta_months,
    save_checked,
    touch_dossier,
)
from .entries import (
    Challenge,
    Contact,
    ContactQuerySet,
    Foreword,
    GlossaryTerm,
    Institution,
    InstitutionQuerySet,
    LegalInstrument,
    Need,
    ProfileContent,
    Recommendation,
    Source,
    SourceQuerySet,
    StageActor,
    UseExample,
    WorkgroupMember,
)
from .translations import DOSSIER_KEY, Translation

__all__ = [
    "Area",
    "Challenge",
    "Contact",
    "DOSSIER_KEY",
    "ContactQuerySet",
    "Dossier",
    "EditConflict",
    "Entry",
    "EntryGone",
    "Foreword",
    "GlossaryTerm",
    "Institution",
    "InstitutionQuerySet",
    "LegalInstrument",
    "Need",
    "PolicyStage",
    "ProfileContent",
    "Recommendation",
    "Source",
    "SourceQuerySet",
    "StageActor",
    "Translation",
    "UseExample",
    "Versioned",
    "WorkgroupMember",
    "relativedelta_months",
    "save_checked",
    "touch_dossier",
]
