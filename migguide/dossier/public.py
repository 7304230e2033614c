"""What a public output may say about a person — the one rule every public writer
applies (the guide and its annexes, the "what changed" annex, the portal and its search,
the open data, the static site).

A contact's details are public only when their consent to publish is recorded. Every
public writer reads the dossier through `public_dossier`, which blanks the details of
everyone else before any writer sees them, so a new writer, annex or page cannot print
them by forgetting a filter. Withheld contacts keep their id and institution: a
workgroup row can still say where a member works, and references still resolve."""

from __future__ import annotations

from typing import Any

# What a contact entry holds about the person; blanked unless publishable.
PERSONAL_FIELDS = ("name", "job_title", "email", "phone", "consent_note")


def may_publish(contact: dict[str, Any]) -> bool:
    """Whether a contact of a dossier export may be named in public: consent to publish
    ticked and the date it was recorded given."""
    return bool(contact.get("consent_to_publish") and contact.get("consent_recorded_on"))


def withheld(contact: dict[str, Any]) -> dict[str, Any]:
    """The contact as public outputs show one who has not consented."""
    return {
        **contact,
        **dict.fromkeys(PERSONAL_FIELDS, ""),
        "consent_to_publish": False,
        "consent_recorded_on": None,
        "withheld": True,
    }


def public_dossier(data: dict[str, Any], *, consent_of: dict[str, Any] | None = None) -> dict:
    """The dossier export `data` as public outputs may show it (a new dict; `data` is
    left as it is).

    `consent_of` is the dossier being published when `data` is an earlier one (the
    "what changed since" annex): consent is then what that newer dossier records, so a
    person who withdrew consent since, or was removed, is not named again through the
    old side of a comparison."""
    current = None
    if consent_of is not None:
        current = {c["id"] for c in consent_of.get("contacts", []) if may_publish(c)}
    contacts = [
        contact
        if may_publish(contact) and (current is None or contact["id"] in current)
        else withheld(contact)
        for contact in data.get("contacts", [])
    ]
    return {**data, "contacts": contacts}
