"""`{% cards %}<table>…</table>{% endcards %}`: a table that becomes labelled cards under
600 px (style.css, `table.cards`). Each data cell gets its column's header as
`data-label`, which the stylesheet writes before the cell's content once the header row
is hidden; the table keeps its roles (table, row, cell, column and row headers) written
out, because a table shown as blocks loses them in some browsers and a screen reader
would read the cards as loose text. One tag around the table instead of a label typed
into every cell of every template: the labels are always the headers as shown."""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

CLASS = re.compile(r"""\sclass=("[^"]*"|'[^']*'|[^\s>]+)""")
ROLES = {
    "table": "table",
    "thead": "rowgroup",
    "tbody": "rowgroup",
    "tfoot": "rowgroup",
    "tr": "row",
    "td": "cell",
}


class _Cards(HTMLParser):
    """Finds where to add attributes in the start tags of the first table's own rows
    (a table inside a cell is left as it is)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.edits: list[tuple[tuple[int, int], str, str]] = []  # (position, tag text, added)
        self.depth = 0  # tables open
        self.section = ""  # thead, tbody, tfoot
        self.labels: list[str] = []  # the column headers, colspans repeated
        self.header: list[str] | None = None  # text of the header cell being read
        self.header_span = 1
        self.column = 0
        self.done = False

    def add(self, text: str, added: str) -> None:
        self.edits.append((self.getpos(), text, added))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        text = self.get_starttag_text() or ""
        if tag == "table":
            self.depth += 1
            if self.depth == 1 and not self.done:
                classes = " ".join(filter(None, [attrs.get("class"), "cards"]))
                self.add(text, f'class="{escape(classes)}"|role="table"')
            return
        if self.depth != 1 or self.done:
            return
        if tag in ("thead", "tbody", "tfoot"):
            self.section = tag
        if tag == "tr":
            self.column = 0
        span = int(attrs.get("colspan") or 1) if (attrs.get("colspan") or "1").isdigit() else 1
        if tag == "th":
            scope = attrs.get("scope") or ("col" if self.section == "thead" else "row")
            role = "columnheader" if scope == "col" else "rowheader"
            if "role" not in attrs:
                self.add(text, f'role="{role}"')
            if self.section == "thead":
                self.header, self.header_span = [], span
            self.column += span
            return
        if tag == "td":
            added = [] if "role" in attrs else ['role="cell"']
            label = self.labels[self.column] if self.column < len(self.labels) else ""
            # A cell across several columns (an empty list's message) has no one header.
            if span == 1 and label and "data-label" not in attrs:
                added.append(f'data-label="{escape(label)}"')
            if added:
                self.add(text, " ".join(added))
            self.column += span
            return
        if tag in ROLES and "role" not in attrs:
            self.add(text, f'role="{ROLES[tag]}"')

    def handle_endtag(self, tag):
        if tag == "table":
            self.depth -= 1
            if self.depth == 0:
                self.done = True
        elif tag == "th" and self.header is not None:
            label = " ".join("".join(self.header).split())
            self.labels += [label] * self.header_span
            self.header = None
        elif tag in ("thead", "tbody", "tfoot"):
            self.section = ""

    def handle_data(self, data):
        if self.header is not None and self.depth == 1:
            self.header.append(data)


def as_cards(html: str) -> str:
    """The HTML with its first table made into labelled cards (see the module)."""
    parser = _Cards()
    parser.feed(html)
    parser.close()
    starts = [0]
    for line in html.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    out, at = [], 0
    for (line, column), text, added in parser.edits:
        begin = starts[line - 1] + column
        closing = "/>" if text.endswith("/>") else ">"
        tag = text[: -len(closing)]
        if added.startswith("class="):
            # The table: its class replaced by the same with "cards", then its role.
            klass, role = added.split("|")
            tag = CLASS.sub("", tag, count=1) + " " + klass
            if " role=" not in tag:
                tag += " " + role
        else:
            tag += " " + added
        out += [html[at:begin], tag + closing]
        at = begin + len(text)
    out.append(html[at:])
    return "".join(out)


class CardsNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        return mark_safe(as_cards(self.nodelist.render(context)))


@register.tag
def cards(parser, token):
    """Everything up to `{% endcards %}`, its table made into labelled cards."""
    nodelist = parser.parse(("endcards",))
    parser.delete_first_token()
    return CardsNode(nodelist)
