"""Data readiness on the portal's country page: from published editions only, with
its method, as the country's own movement."""

from html.parser import HTMLParser

from django.test import Client

from migguide.dossier import models as m
from migguide.testing import CastTestCase, frozen_edition


class _Table(HTMLParser):
    """The text of each row of the readiness table."""

    def __init__(self):
        super().__init__()
        self.rows, self.inside, self.cell = [], False, None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and "readiness" in (dict(attrs).get("class") or ""):
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(self.cell.strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


class ReadinessOnPortalTests(CastTestCase):
    def test_the_country_page_shows_readiness_per_published_edition_with_its_method(self):
        frozen_edition(self.dossier, number=1, state="superseded")
        m.Recommendation.objects.filter(dossier=self.dossier).update(status="implemented")
        frozen_edition(self.dossier, number=2, state="published")
        m.Recommendation.objects.filter(dossier=self.other_dossier).update(status="implemented")
        page = Client().get("/en/countries/sen/")
        table = _Table()
        table.feed(page.content.decode())
        rows = {r[0]: r[1:] for r in table.rows}
        self.assertEqual(rows["Recommendations implemented"][:2], ["0 % (0/1)", "100 % (1/1)"])
        self.assertIn("out of those not abandoned", rows["Recommendations implemented"][2])
        self.assertNotContains(page, "Mali")

    def test_a_country_without_a_published_edition_shows_no_readiness(self):
        frozen_edition(self.other_dossier, state="review")
        page = Client().get("/en/countries/mli/")
        self.assertNotContains(page, "Data readiness")
