"""The dossier's part of the to-do list (`access.todo`): the languages whose
translations are missing or outdated, for the people who edit the dossier.

Counting them reads the whole dossier; the count is kept until the dossier changes
(its `cache_key` moves with every change, translations included)."""

from __future__ import annotations

from django.core.cache import cache
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import ngettext

from migguide.access.models import Role
from migguide.access.todo import Scope, Task

from .translating import progress_by_language
from .translation import language_name


def _key(dossier) -> str:
    return f"todo:translations:{dossier.cache_key}"


def untranslated(dossier, known: dict | None = None) -> list[tuple[str, int]]:
    """[(language, texts missing or outdated)] of the dossier's other languages; `known`
    holds what a `cache.get_many` found already."""
    key = _key(dossier)
    found = (known or {}).get(key)
    if found is None:
        found = [(p.language, p.total - p.done) for p in progress_by_language(dossier)]
        cache.set(key, found, 7 * 24 * 3600)
    return found


def translations_to_do(scope: Scope) -> list[Task]:
    countries = [
        country
        for country in scope.having(Role.Kind.COORDINATOR, Role.Kind.MEMBER)
        if getattr(country, "dossier", None) and len(country.dossier.languages or []) > 1
    ]
    # One look into the cache for all the dossiers, whatever it is kept in.
    known = cache.get_many([_key(c.dossier) for c in countries]) if countries else {}
    tasks = []
    for country in countries:
        dossier = country.dossier
        link = reverse("dossier:overview", args=[country.iso3]) + "#translations"
        for language, count in untranslated(dossier, known):
            if count:
                text = ngettext(
                    "%(language)s: %(count)d text to translate or bring up to date",
                    "%(language)s: %(count)d texts to translate or bring up to date",
                    count,
                ) % {"language": capfirst(language_name(language)), "count": count}
                tasks.append(Task("translations", country, text, link, count))
    return tasks
