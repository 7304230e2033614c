"""The dossier's texts in the reader's language, as a guide shows them.

A guide reads the dossier through `Snapshot.in_language`: each current translation in
place of the main text. Where a translation is missing or outdated the main text stays;
a draft guide marks each such text ("[FR — not translated] …") and says at its start
how many there are, so that nobody mistakes a draft for a finished translation. An
endorsed or published guide never carries marks: an edition cannot be submitted while a
required text of one of its languages is missing or outdated (`editions.rules`).

Every text left in the main language — and each of its paragraphs — is listed in
`Passages`, so that a writer can set the language of that passage (Typst
`text(lang: …)`, HTML `lang`, the DOCX run's language) with `GuideDocument.language_of`."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.utils import translation
from django.utils.translation import gettext, ngettext

from migguide.dossier.snapshot import ENTRY_CLASSES, Snapshot
from migguide.dossier.translation import GLOSSARY, MISSING, language_name, main_text_of_term

__all__ = ["in_reader_language", "main_text_of_term"]

from .blocks import Paragraph, Passages, Section, paragraphs


def marks(language: str, main: str) -> dict[str, str]:
    """The prefix of a text left in the main language, by state, in the reader's
    language."""
    code = main.upper()
    with translation.override(language):
        return {
            MISSING: gettext("[%(language)s — not translated]") % {"language": code},
            "outdated": gettext("[%(language)s — translation outdated]") % {"language": code},
        }


def in_reader_language(
    snapshot: Snapshot, language: str, *, draft: bool
) -> tuple[Snapshot, Section | None, Passages]:
    """`snapshot` (already public) with its texts in `language`; in a `draft`, each text
    left in the main language marked, and the notice that counts them."""
    translated = snapshot.in_language(language)
    main = snapshot.main_language
    left = translated.untranslated
    if not left:
        return translated, None, Passages(main, ())
    prefix = marks(language, main) if draft else {}
    by_uid: dict[str, dict[str, str]] = {}
    for (uid, name), state in left.items():
        by_uid.setdefault(uid, {})[name] = state
    texts: list[str] = []

    def marked(value: Any, state: str) -> Any:
        if not isinstance(value, str) or not value.strip():
            return value
        if state in prefix:
            value = f"{prefix[state]} {value}"
        texts.append(value)
        texts.extend(p.text for p in paragraphs(value))
        return value

    changes: dict[str, Any] = {}
    own = by_uid.pop("dossier", {})
    for name, state in own.items():
        field, _dot, key = name.partition(".")
        if not hasattr(translated, field):
            continue  # a field of a later version of the guide (the per-area notes)
        value = changes.get(field, getattr(translated, field))
        if key and isinstance(value, dict):
            changes[field] = {**value, key: marked(value.get(key), state)}
        elif not key:
            changes[field] = marked(value, state)
    for part in ENTRY_CLASSES:
        entries = getattr(translated, part)
        if not any(e.id in by_uid for e in entries):
            continue
        changes[part] = tuple(
            dataclasses.replace(
                e,
                **{
                    name: marked(
                        getattr(e, name) or main_text_of_term(e, name, main)
                        if part == GLOSSARY
                        else getattr(e, name),
                        state,
                    )
                    for name, state in by_uid[e.id].items()
                    if hasattr(e, name)
                },
            )
            if e.id in by_uid
            else e
            for e in entries
        )
    notice = _notice(language, main, len(left)) if draft else None
    return dataclasses.replace(translated, **changes), notice, Passages(main, tuple(texts))


def _notice(language: str, main: str, count: int) -> Section:
    with translation.override(language):
        title = gettext("Translation not finished")
        text = ngettext(
            "%(count)s text of this draft is not yet translated, or its translation is "
            "outdated: it is shown in %(main)s and marked.",
            "%(count)s texts of this draft are not yet translated, or their translation is "
            "outdated: they are shown in %(main)s and marked.",
            count,
        ) % {"count": count, "main": language_name(main, language)}
    return Section("translation-notice", "", title, [Paragraph(text, "note")])
