"""The languages of the dialogue, read from settings.LANGUAGES — the one place they are
listed — so that questionnaires, commands, the guide and the demonstration follow it."""

from __future__ import annotations

from babel import Locale
from django.conf import settings


def codes() -> list[str]:
    """The language codes, in the order of settings.LANGUAGES (working languages first)."""
    return [code for code, _name in settings.LANGUAGES]


def is_rtl(code: str) -> bool:
    """Whether the language is written right to left (Django's own list)."""
    return code.split("-")[0] in settings.LANGUAGES_BIDI


def native_name(code: str) -> str:
    """The language named in itself, capitalised: "Français", "العربية", "Português"."""
    name = Locale.parse(code).display_name or code
    return name[:1].upper() + name[1:]
