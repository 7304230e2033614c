"""Text at migguide's edges: what comes in is checked once, what goes out is safe anyway.

Every way text enters — the forms, the dossier import, the questionnaire imports and
web form, a restore — goes through `clean_text`: control characters other than tab and
line feed are refused (a carriage return becomes a line feed), and so are lone
surrogates; the rest is put in Unicode NFC, so that the same word is stored the same
way whichever keyboard typed it. Such characters are invisible, usually come with
pasted text, and break what is made from the text: Word and Excel files (XML cannot
hold them), PostgreSQL (no NUL in text), UTF-8 (no lone surrogate).

Every writer passes its text through `printable` as well: data stored before the check
existed, or frozen in an endorsed edition, must still be published."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext as _

# What may never be kept: C0 controls but tab and line feed (a carriage return is
# turned into a line feed before the check), DEL, lone surrogates.
_REFUSED = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
# What an XML document (DOCX, XLSX) cannot hold, nor UTF-8 encode: removed on the way
# out. C1 controls and the non-characters U+FFFE/U+FFFF are not XML 1.0 either.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


class TextRefused(ValueError):
    """The text holds a character that cannot be kept; the message says which, where."""


def text_problem(value: str) -> str | None:
    """What is wrong with `value` as stored text, as the end of a sentence that starts
    with the field's name ("… contains a control character …"), or None."""
    found = _REFUSED.search(value.replace("\r", "\n"))
    if found is None:
        return None
    char = found.group()
    details = {"code": f"U+{ord(char):04X}", "position": found.start() + 1}
    if "\ud800" <= char <= "\udfff":
        return (
            _(
                "contains an invalid character (%(code)s, half of a character pair) at "
                "position %(position)s; type the character again"
            )
            % details
        )
    return (
        _(
            "contains an invisible control character (%(code)s) at position %(position)s; "
            "only tabs and line breaks are allowed (it often comes with pasted text)"
        )
        % details
    )


def clean_text(value: str) -> str:
    """The text as it is kept: line breaks as line feeds, Unicode NFC. Raise
    TextRefused (its message starting "contains …") when it holds a control character
    other than tab and line break, or a lone surrogate."""
    problem = text_problem(value)
    if problem is not None:
        raise TextRefused(problem)
    return unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))


def data_problems(value: Any, where: str) -> list[str]:
    """Every string in a JSON-like value (dicts, lists) that `clean_text` would refuse,
    as "place: contains …", the place written as a JSON path from `where`."""
    if isinstance(value, str):
        problem = text_problem(value)
        return [] if problem is None else [f"{where}: {problem}"]
    if isinstance(value, dict):
        out = []
        for key, item in value.items():
            out.extend(data_problems(key, f"{where} (a key)"))
            out.extend(data_problems(item, f"{where}.{key}"))
        return out
    if isinstance(value, list | tuple):
        return [p for i, item in enumerate(value) for p in data_problems(item, f"{where}[{i}]")]
    return []


def printable(value: Any) -> Any:
    """`value` with the characters no document can hold removed from every string in
    it (dataclasses, lists, tuples and dicts are walked, frozen ones rebuilt)."""
    if isinstance(value, str):
        return _UNPRINTABLE.sub("", value) if _UNPRINTABLE.search(value) else value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: printable(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init
        }
        return dataclasses.replace(value, **changes)
    if isinstance(value, list):
        return [printable(v) for v in value]
    if isinstance(value, tuple):
        return tuple(printable(v) for v in value)
    if isinstance(value, dict):
        return {k: printable(v) for k, v in value.items()}
    return value


class CleanTextForm:
    """Mixin for every form through which text is kept: each text value goes through
    `clean_text`, and a refused one is marked on its field, the field named, and shown
    again without the character, so that saving again keeps the rest of what was typed.
    Text stored before the check is shown without such characters too: saving the entry
    again mends it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField):
                # Ours names the character and the field, and covers more than NUL.
                kept = field.validators
                field.validators = [
                    v for v in kept if not isinstance(v, ProhibitNullCharactersValidator)
                ]
            if not self.is_bound and isinstance(self.initial.get(name), str):
                self.initial[name] = printable(self.initial[name])

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if not isinstance(value, str) or isinstance(
                self.fields[name].widget, forms.PasswordInput
            ):
                continue  # a password is checked as typed, never changed
            try:
                cleaned[name] = clean_text(value)
            except TextRefused as exc:
                label = self.fields[name].label or name.replace("_", " ").capitalize()
                message = _(
                    "“%(field)s” %(problem)s. It is left out of the text shown here: "
                    "check the text and save again."
                ) % {"field": label, "problem": exc}
                self.add_error(name, message)
                key = self.add_prefix(name)
                if isinstance(self.data.get(key), str):
                    self.data = self.data.copy()
                    self.data[key] = printable(self.data[key])
        return cleaned


def sort_key(text: str) -> str:
    """The key that sorts names as a reader of French (or Portuguese, Spanish, Arabic)
    expects: case and accents do not count, so "Bénin" comes before "Burkina Faso" and
    "Sénégal" before "Suède" (code points put every accented letter after "z"). Arabic
    vowel marks are combining marks too, so Arabic names sort by their letters."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def labelled(label: str, value: object) -> str:
    """ "label: value" as the active language writes it: French puts a non-breaking space
    before the colon ("Source\u00a0: INS"). Every label that code joins to its value with
    a colon goes through here, so that each language's catalogue decides."""
    return _("%(label)s: %(value)s") % {"label": label, "value": value}
