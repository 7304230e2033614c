"""Suggesting the framework items an entry serves: a scored keyword match a person
then confirms or not. Each point has its reason, shown beside the suggestion."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import Item

THEME_POINTS = 2
AREA_POINTS = 2
WORD_POINTS = 1


@dataclass
class Suggestion:
    item: Item
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    title: str = ""  # the item's title in the reader's language


def _norm(text: str) -> str:
    return " " + re.sub(r"[\W_]+", " ", (text or "").casefold()) + " "


def suggest(
    entry, items: list[Item], *, areas: tuple[str, ...] = (), limit: int = 3, language: str = "en"
):
    """The items of `items` best matching the entry (a snapshot entry): its theme,
    the areas of data it concerns, and words of its text; best first."""
    text = _norm(" ".join(str(getattr(entry, f, "") or "") for f in entry.title_fields))
    theme = getattr(entry, "theme", "")
    # Two recommendation themes are areas of data too (border management, crises).
    areas = tuple(areas) or (theme,)
    found = []
    for item in items:
        s = Suggestion(item, title=item.title(language))
        if theme and theme in item.themes:
            s.score += THEME_POINTS
            s.reasons.append(_("theme"))
        if set(areas) & set(item.dossier_areas):
            s.score += AREA_POINTS
            s.reasons.append(_("area of data"))
        words = [w for w in item.words() if _norm(w) in text]
        if words:
            s.score += WORD_POINTS * len(words)
            s.reasons.append(", ".join(f"« {w} »" for w in words))
        if s.score:
            found.append(s)
    found.sort(key=lambda s: (-s.score, s.item.code))
    return found[:limit]
