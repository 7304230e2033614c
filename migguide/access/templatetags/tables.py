"""`{% cards %}<table>…</table>{% endcards %}`: a table that becomes labelled cards under
600 px (style.css, `table.cards`). Each data cell gets its column's header as
`data-label`, which the stylesheet writes before the cell's content once the header row
is hidden; the table keeps its roles (table, row, cell, column and row headers) written
out, because a table shown as blocks loses them in some browsers and a screen reader
would read the cards as loose text. One tag around the table instead of a label typed
into every cell of every template: the labels are always the headers as shown."""

from __future__ import annotations

import re
from html import escape, unescape

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


# The markup the tag reads is Django's own output, where attribute values are escaped
# (no ">" in them): tags are found by one regular expression rather than by a full HTML
# parser, which made up a fifth of a long list page's time.
TAG = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s[^>]*)?)>", re.S)
ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
SECTIONS = ("thead", "tbody", "tfoot")


def _attributes(text: str) -> dict[str, str]:
    found = {}
    for name, value in ATTRIBUTE.findall(text.rstrip("/")):
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        found.setdefault(name.lower(), unescape(value))
    return found


def _edits(html: str):
    """(start, end, added) for each start tag of the first table's own rows to which
    attributes are added (a table inside a cell is left as it is)."""
    depth = 0  # tables open
    section = ""  # thead, tbody, tfoot
    labels: list[str] = []  # the column headers, colspans repeated
    header: list[str] | None = None  # text of the header cell being read
    header_span, column, last = 1, 0, 0
    for match in TAG.finditer(html):
        closing, tag = match.group(1), (match.group(2) or "").lower()
        if header is not None and depth == 1:
            header.append(TAG.sub("", html[last : match.start()]))
        last = match.end()
        if not tag:  # a comment
            continue
        if closing:
            if tag == "table":
                depth -= 1
                if depth == 0:
                    return
            elif tag == "th" and header is not None:
                label = " ".join(unescape("".join(header)).split())
                labels += [label] * header_span
                header = None
            elif tag in SECTIONS:
                section = ""
            continue
        attrs = _attributes(match.group(3))
        where = (match.start(), match.end())
        if tag == "table":
            depth += 1
            if depth == 1:
                classes = " ".join(filter(None, [attrs.get("class"), "cards"]))
                yield (*where, f'class="{escape(classes)}"|role="table"')
            continue
        if depth != 1:
            continue
        if tag in SECTIONS:
            section = tag
        if tag == "tr":
            column = 0
        colspan = attrs.get("colspan") or "1"
        span = int(colspan) if colspan.isdigit() else 1
        if tag == "th":
            scope = attrs.get("scope") or ("col" if section == "thead" else "row")
            role = "columnheader" if scope == "col" else "rowheader"
            if "role" not in attrs:
                yield (*where, f'role="{role}"')
            if section == "thead":
                header, header_span = [], span
            column += span
        elif tag == "td":
            added = [] if "role" in attrs else ['role="cell"']
            label = labels[column] if column < len(labels) else ""
            # A cell across several columns (an empty list's message) has no one header.
            if span == 1 and label and "data-label" not in attrs:
                added.append(f'data-label="{escape(label)}"')
            if added:
                yield (*where, " ".join(added))
            column += span
        elif tag in ROLES and "role" not in attrs:
            yield (*where, f'role="{ROLES[tag]}"')


def as_cards(html: str) -> str:
    """The HTML with its first table made into labelled cards (see the module)."""
    out, at = [], 0
    for begin, end, added in _edits(html):
        text = html[begin:end]
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
        at = end
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
