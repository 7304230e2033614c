"""Tables become labelled cards under 600 px: `{% cards %}` gives each data cell its
column's header as `data-label` (which the stylesheet shows above the cell once the
header row is hidden) and writes out the table's roles, so that a screen reader still
reads a table. Checked on the tag, then on the app's pages as a coordinator reads them."""

from __future__ import annotations

from html.parser import HTMLParser

from django.template import Context, Template
from django.urls import reverse

from migguide.dossier import models as m
from migguide.dossier.parts import PARTS_BY_SLUG
from migguide.dossier.tests.test_views import form_data
from migguide.testing import CastTestCase, frozen_edition


class Tables(HTMLParser):
    """Every top-level table of a page: its class, role, headers and, per row, each
    cell as (tag, role, data-label, colspan)."""

    def __init__(self):
        super().__init__()
        self.tables: list[dict] = []
        self.depth = 0
        self.in_header = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.tables.append(
                    {"class": attrs.get("class", ""), "role": attrs.get("role"), "headers": []}
                )
                self.tables[-1]["rows"] = []
            return
        if self.depth != 1:
            return
        table = self.tables[-1]
        if tag == "thead":
            self.in_header = True
        elif tag == "tr" and not self.in_header:
            table["rows"].append([])
        elif tag == "th" and self.in_header:
            table["headers"].append("")
            span = int(attrs.get("colspan") or 1)
            table["headers"] += [None] * (span - 1)  # filled on the header's end
            table["span"] = span
        elif tag in ("td", "th") and table["rows"]:
            table["rows"][-1].append(
                (tag, attrs.get("role"), attrs.get("data-label"), int(attrs.get("colspan") or 1))
            )

    def handle_endtag(self, tag):
        if tag == "table":
            self.depth -= 1
        elif self.depth == 1 and tag == "thead":
            self.in_header = False
        elif self.depth == 1 and tag == "th" and self.in_header:
            headers = self.tables[-1]["headers"]
            span = self.tables[-1]["span"]
            text = " ".join(headers[-span].split())
            headers[-span:] = [text] * span

    def handle_data(self, data):
        if self.depth == 1 and self.in_header and self.tables[-1]["headers"]:
            headers = self.tables[-1]["headers"]
            span = self.tables[-1]["span"]
            headers[-span] += data


def tables(html: str) -> list[dict]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


class CardsTagTests(CastTestCase):
    def render(self, body: str) -> str:
        return Template("{% load tables %}{% cards %}" + body + "{% endcards %}").render(Context())

    def test_each_cell_is_labelled_by_its_column_header_and_the_roles_are_written_out(self):
        html = self.render(
            '<table class="grid"><thead><tr><th scope="col">Country</th>'
            '<th scope="col">Roles &amp; <b>rights</b></th><th scope="col"></th></tr></thead>'
            '<tbody><tr><th scope="row">Senegal</th><td>reviewer</td><td>edit</td></tr>'
            '<tr><td colspan="3">Nobody yet.</td></tr></tbody></table>'
        )
        [table] = tables(html)
        self.assertEqual(table["class"], "grid cards")
        self.assertEqual(table["role"], "table")
        self.assertEqual(table["headers"], ["Country", "Roles & rights", ""])
        self.assertEqual(
            table["rows"],
            [
                [
                    ("th", "rowheader", None, 1),
                    ("td", "cell", "Roles & rights", 1),
                    # A column without a header gives no label.
                    ("td", "cell", None, 1),
                ],
                # A message across the columns has no one header.
                [("td", "cell", None, 3)],
            ],
        )
        self.assertIn('<th scope="col" role="columnheader">Country</th>', html)
        self.assertIn('<tr role="row">', html)

    def test_a_header_across_two_columns_labels_both_and_a_table_inside_a_cell_is_left(self):
        html = self.render(
            '<table><thead><tr><th>Name</th><th colspan="2">Dates</th></tr></thead>'
            "<tbody><tr><td>Workshop</td><td>1 May</td>"
            "<td><table><tr><td>inner</td></tr></table></td></tr></tbody></table>"
        )
        [table] = tables(html)
        self.assertEqual(table["class"], "cards")
        labels = [cell[2] for cell in table["rows"][0]]
        self.assertEqual(labels, ["Name", "Dates", "Dates"])
        self.assertIn("<table><tr><td>inner</td></tr></table>", html)


class AppTablesAreCardsTests(CastTestCase):
    def test_every_table_of_the_app_pages_is_labelled_cards(self):
        frozen_edition(self.dossier, state="review")
        self.client.force_login(self.coordinator)
        source = m.Source.objects.get(dossier=self.dossier)
        changed = form_data(PARTS_BY_SLUG["sources"], source, description="A new description")
        page = self.client.post(f"/countries/SEN/sources/{source.uid}/", changed)
        self.assertEqual(page.status_code, 302)
        pages = [
            reverse("home"),
            reverse("dossier:list", args=["SEN", "sources"]),
            reverse("dossier:list", args=["SEN", "recommendations"]),
            reverse("dossier:history", args=["SEN", "sources", source.uid]),
            reverse("people", args=["SEN"]),
            reverse("editions:list", args=["SEN"]),
            reverse("consultation:tracker", args=["SEN"]),
            reverse("activity:timetable", args=["SEN"]),
            reverse("activity:follow-up", args=["SEN"]),
        ]
        checked = 0
        for url in pages:
            page = self.client.get(url)
            self.assertEqual(page.status_code, 200, url)
            found = tables(page.content.decode())
            self.assertTrue(found, f"{url} has no table")
            for table in found:
                self.assertIn("cards", table["class"].split(), url)
                for row in table["rows"]:
                    column = 0
                    for tag, _role, label, span in row:
                        header = table["headers"][column] if column < len(table["headers"]) else ""
                        if tag == "td" and span == 1 and header:
                            self.assertEqual(label, header, url)
                            checked += 1
                        column += span
        self.assertGreater(checked, 30)
