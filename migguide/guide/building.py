"""Building guides from dossiers into files: what `migguide guide build`, the dossier
pages and `make demo` share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from migguide.dossier.exchange import export_dossier
from migguide.dossier.models import Dossier

from .document import GuideDocument, build_guide
from .writers import WRITERS

FORMATS = tuple(WRITERS)


def dossier_guide(
    dossier: Dossier, *, language: str, light: bool = False, data: dict | None = None
) -> GuideDocument:
    """The guide of a live dossier, dated by its last change so that the same dossier
    always gives the same guide."""
    return build_guide(
        data or export_dossier(dossier),
        language=language,
        light=light,
        date=dossier.updated_at.date(),
    )


def file_name(iso3: str, language: str, light: bool, fmt: str) -> str:
    return f"guide-{iso3.lower()}-{language}{'-glance' if light else ''}.{fmt}"


@dataclass
class Built:
    path: Path
    size: int


def write_guides(
    dossier: Dossier, *, languages, formats, versions=(False,), out: Path
) -> list[Built]:
    """Write every requested language × version × format of a dossier's guide."""
    out.mkdir(parents=True, exist_ok=True)
    data = export_dossier(dossier)
    built = []
    for language in languages:
        for light in versions:
            doc = dossier_guide(dossier, language=language, light=light, data=data)
            for fmt in formats:
                path = out / file_name(dossier.country.iso3, language, light, fmt)
                content = WRITERS[fmt](doc)
                tmp = path.with_suffix(path.suffix + ".tmp")
                tmp.write_bytes(content)
                tmp.replace(path)
                built.append(Built(path, len(content)))
    return built
