"""Building guides from dossiers into files: what `migguide guide build`, the dossier
pages and `make demo` share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from migguide.dossier.exchange import export_dossier
from migguide.dossier.models import Dossier
from migguide.dossier.snapshot import Snapshot
from migguide.indicators.profile import statistics_for

from .document import GuideDocument, build_guide
from .writers import WRITERS

FORMATS = tuple(WRITERS)


VERSIONS = ("full", "glance", "profile")


# What apps above `guide` add to the data a guide is built from (and an edition
# freezes), by key: each is called with the dossier and returns plain data. An app
# registers in its AppConfig.ready — `activity` adds "workshops", the method annex — so
# that `guide` and `editions` need not import the apps above them.
GUIDE_DATA: dict[str, Callable[[Dossier], Any]] = {}


def guide_data(dossier: Dossier) -> dict:
    """What a live dossier's guide is built from: the dossier export and what other
    apps add (the workshops held, for the method annex) — what an edition freezes too."""
    data = export_dossier(dossier)
    for key, provide in GUIDE_DATA.items():
        data[key] = provide(dossier)
    return data


def dossier_guide(
    dossier: Dossier, *, language: str, version: str = "full", data: dict | None = None
) -> GuideDocument:
    """The guide of a live dossier — full, "at a glance" or the statistical profile —
    dated by its last change so that the same dossier always gives the same guide."""
    if data is None:
        data = guide_data(dossier)
    return build_guide(
        Snapshot.from_json(data),
        language=language,
        light=version == "glance",
        profile=version == "profile",
        date=dossier.updated_at.date(),
        statistics=statistics_for(dossier.country, language),
    )


def file_name(iso3: str, language: str, version: str, fmt: str) -> str:
    prefix = "statistical-profile" if version == "profile" else "guide"
    suffix = "-glance" if version == "glance" else ""
    return f"{prefix}-{iso3.lower()}-{language}{suffix}.{fmt}"


@dataclass
class Built:
    path: Path
    size: int


def write_guides(
    dossier: Dossier, *, languages, formats, versions=("full",), out: Path
) -> list[Built]:
    """Write every requested language × version × format of a dossier's guide."""
    out.mkdir(parents=True, exist_ok=True)
    data = guide_data(dossier)
    built = []
    for language in languages:
        for version in versions:
            doc = dossier_guide(dossier, language=language, version=version, data=data)
            for fmt in formats:
                path = out / file_name(dossier.country.iso3, language, version, fmt)
                content = WRITERS[fmt](doc)
                tmp = path.with_suffix(path.suffix + ".tmp")
                tmp.write_bytes(content)
                tmp.replace(path)
                built.append(Built(path, len(content)))
    return built
