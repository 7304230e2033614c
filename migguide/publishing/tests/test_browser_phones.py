"""Every kind of page of the app and of the portal on a phone, in a real Chromium: none
scrolls sideways at 320 or 390 pixels, and tables become labelled cards."""

import datetime

import pytest

from migguide.activity.models import Workshop
from migguide.consultation import importing
from migguide.consultation.questionnaires import QUESTIONNAIRES
from migguide.consultation.samples import kobo_xlsx
from migguide.countries.models import Country
from migguide.dossier import models as m
from migguide.dossier.parts import PARTS_BY_SLUG
from migguide.dossier.tests.test_browser import browser, sign_in  # noqa: F401
from migguide.indicators.profile import load_demo_statistics
from migguide.publishing.tests.test_browser import published  # noqa: F401

pytestmark = pytest.mark.browser

PORTAL = [
    "/{lang}/",
    "/{lang}/countries/sen/",
    "/{lang}/countries/mli/",
    "/{lang}/across/",
    "/{lang}/data/",
    "/{lang}/search/?q=recensement",
]
APP = [
    "/",
    "/countries/SEN/",
    "/countries/SEN/changes/",
    "/countries/SEN/statistics/",
    "/countries/SEN/editions/",
    "/countries/SEN/consultation/",
    "/countries/SEN/people/",
    "/countries/SEN/timetable/",
    "/activity/",
    "/activity/som/",
    # Issue 17: every other kind of page a coordinator opens.
    "/to-do/phases/",
    "/account/",
    "/countries/SEN/context/edit/",
    "/countries/SEN/editions/1/",
    "/countries/SEN/editions/1/changes/",
    "/countries/SEN/consultation/analysis/",
    "/countries/SEN/follow-up/",
    "/countries/SEN/workshops/",
    "/countries/SEN/commitments/",
    "/activity/rounds/",
]


def answers(country):
    """A response to the consultation proposing a new source (its review page)."""
    inst = m.Institution.objects.filter(dossier__country=country).first()
    answers = {
        "institution": {"name": inst.name, "kind": inst.kind},
        "respondent": {"name": "Awa Ndiaye", "email": "awa@example.org"},
        "sources": [{"ref": "new", "title": "Enquête sur l’emploi", "kind": "survey"}],
    }
    workbook = kobo_xlsx(QUESTIONNAIRES["authority"], [(inst.uid.hex, answers)], country="SEN")
    return importing.import_bytes("kobo.xlsx", workbook, country=country).added[0]


def workshop(country):
    """A discussion workshop with a participant."""
    today = datetime.date.today()
    held = Workshop.objects.create(
        country=country,
        kind=Workshop.Kind.DISCUSSION,
        title="Atelier national de discussion sur les données migratoires",
        starts_on=today,
        ends_on=today,
        place="Dakar",
    )
    held.participants.create(name="Awa Ndiaye", organisation="Agence nationale de la statistique")
    return held


def wide(page) -> int:
    """How many pixels the page is wider than the screen (0: no sideways scrolling)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_no_page_scrolls_sideways_on_a_phone(browser, live_server, published):  # noqa: F811
    load_demo_statistics()  # the statistics page with its charts
    senegal = Country.objects.get(iso3="SEN")
    source = m.Source.objects.filter(dossier__country=senegal).first()
    urls = [*APP, *(f"/countries/SEN/{slug}/" for slug in PARTS_BY_SLUG)]
    urls += [f"/countries/SEN/sources/{source.uid}/", "/countries/SEN/sources/add/"]
    urls += [f"/countries/SEN/sources/{source.uid}/history/"]
    urls += [f"/countries/SEN/consultation/responses/{answers(senegal).pk}/"]
    urls += [f"/countries/SEN/workshops/{workshop(senegal).pk}/"]
    urls += [p.format(lang=lang) for lang in ("fr", "ar") for p in PORTAL]
    too_wide = []
    for width in (320, 390):
        page = browser.new_page(viewport={"width": width, "height": 800})
        sign_in(page, live_server, "fatou")
        for url in urls:
            response = page.goto(f"{live_server.url}{url}")
            assert response.status in (200, 403), f"{url}: {response.status}"
            if wide(page) > 0:
                too_wide.append(f"{url} at {width}px: {wide(page)}px too wide")
        page.close()
    assert not too_wide, "\n".join(too_wide)


def test_tables_become_labelled_cards_on_a_phone(browser, live_server, published):  # noqa: F811
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(f"{live_server.url}/en/countries/sen/")
    cell = page.locator("#sources tbody td[data-label]").first
    assert cell.evaluate("td => getComputedStyle(td).display") == "block"
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Data collection entity"', label
    assert page.locator("#sources thead").bounding_box()["height"] <= 1
    # On a wide screen the same table is a table.
    page.set_viewport_size({"width": 1280, "height": 800})
    assert cell.evaluate("td => getComputedStyle(td).display") == "table-cell"
