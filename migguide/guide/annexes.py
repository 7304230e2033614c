"""The guide's annexes: the contact list (only people whose consent is recorded), how
the guide was prepared (the workshops), and what changed since the previous edition."""

from __future__ import annotations

import datetime
from typing import Any

from babel.dates import format_date

from .blocks import Group, Paragraph, Section, sort_key
from .context import Context


def annex_contacts(ctx: Context) -> Section:
    L = ctx.L
    rows = []
    for c in ctx.snapshot.publishable_contacts():
        rows.append([c.name, ctx.short(c.institution), c.job_title, c.email, c.phone])
    rows.sort(key=lambda r: (sort_key(r[1]), sort_key(r[0])))
    blocks: list[Any] = [Paragraph(L["contacts_note"], "note")]
    if rows:
        blocks.append(
            ctx.table(
                L["annex_contacts"],
                [L["name"], L["institution"], L["position"], L["email"], L["telephone"]],
                [Group("", rows)],
                [2, 1.2, 3, 2.4, 1.8],
            )
        )
    return Section("contacts", "", f"{L['annex']} ? — {L['annex_contacts']}", blocks)


def annex_method(ctx: Context) -> Section:
    """The workshops the guide came from, and who took part, by kind of institution."""
    L = ctx.L
    workshops = ctx.snapshot.workshops or []

    def day(iso: str) -> str:
        return format_date(datetime.date.fromisoformat(iso), "medium", locale=ctx.language)

    rows = [
        [
            w["title"],
            f"{day(w['starts_on'])} – {day(w['ends_on'])}",
            w["place"],
            str(w["participants"]),
        ]
        for w in workshops
    ]
    totals: dict[str, int] = {}
    for w in workshops:
        for kind, n in w["by_kind"].items():
            label = ctx.label("institution_kind", kind or "other")
            totals[label] = totals.get(label, 0) + n
    blocks: list[Any] = [
        Paragraph(L["method_intro"]),
        ctx.table(
            L["annex_method"],
            [L["workshop"], L["dates"], L["place"], L["participants"]],
            [Group("", rows)],
            [3, 1.6, 1.2, 1],
        ),
    ]
    if totals:
        blocks.append(
            ctx.table(
                L["participation"],
                [L["kind_of_institution"], L["participants"]],
                [Group("", [[k, str(n)] for k, n in sorted(totals.items(), key=lambda x: -x[1])])],
                [3, 1],
            )
        )
    return Section("method", "", f"{L['annex']} ? — {L['annex_method']}", blocks)


def annex_changes(ctx: Context, changes: dict) -> Section:
    """What changed since the previous edition, part by part."""
    L = ctx.L
    blocks: list[Any] = [Paragraph(L["changes_intro"] % {"edition": changes["since"]})]
    groups = [Group(part["label"], part["rows"]) for part in changes["parts"]]
    if groups:
        blocks.append(
            ctx.table(
                L["annex_changes"] % {"edition": changes["since"]},
                [L["change"], L["entry"], L["details"]],
                groups,
                [1, 2.4, 4],
                compact=True,
            )
        )
    else:
        blocks.append(Paragraph(L["no_changes"], "note"))
    title = L["annex_changes"] % {"edition": changes["since"]}
    return Section("changes", "", f"{L['annex']} ? — {title}", blocks)
