"""The public portal in a real Chromium: the map clicked and reached by keyboard, the
language switched, a PDF downloaded, nothing loaded from another origin, no serious
accessibility violation (axe-core) on any page type in either language, and a clean
A4 print."""

import io
from pathlib import Path

import pypdf
import pytest
from django.conf import settings

from migguide.access.models import Role
from migguide.conftest import require
from migguide.countries.models import Country
from migguide.demo.editions import publish_demo_edition
from migguide.dossier.tests.test_browser import browser  # noqa: F401
from migguide.testing import erase_editions, load_demo, make_user

pytestmark = pytest.mark.browser

AXE = Path(settings.PROJECT_DIR) / "var/npm/node_modules/axe-core/axe.min.js"


@pytest.fixture
def published(django_db_serialized_rollback, transactional_db):
    from migguide.countries.registry import load_registry

    load_registry()
    load_demo()
    senegal = Country.objects.get(iso3="SEN")
    for username, first, last, kind in [
        ("fatou", "Fatou", "Sow", "coordinator"),
        ("jean", "Jean", "Dupont", "reviewer"),
        ("mamadou", "Mamadou", "Diagne", "endorser"),
    ]:
        user = make_user(username, first_name=first, last_name=last)
        Role.objects.create(user=user, country=senegal, kind=kind)
    publish_demo_edition(senegal)
    yield senegal
    erase_editions()


def test_the_map_leads_to_a_country_its_other_language_and_its_pdf(
    browser,  # noqa: F811
    live_server,
    published,
):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{live_server.url}/en/")
    page.locator('a.country[data-iso3="SEN"] path').click()
    page.wait_for_url("**/en/countries/sen/")
    assert page.get_by_role("heading", name="Senegal").is_visible()
    page.get_by_role("link", name="Français", exact=True).click()
    page.wait_for_url("**/fr/countries/sen/")
    assert page.locator("html").get_attribute("lang") == "fr"
    with page.expect_download() as info:
        page.get_by_role("link", name="Guide complet — Français, PDF").click()
    download = info.value
    assert download.suggested_filename == "guide-sen-fr-edition-1.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
    # The keyboard reaches the small states too.
    page.goto(f"{live_server.url}/en/")
    page.focus('a.country[data-iso3="CPV"]')
    assert "Cabo Verde" in page.locator("#map-info").inner_text() or "Cape Verde" in (
        page.locator("#map-info").inner_text()
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/countries/cpv/")
    assert all(url.startswith(live_server.url) for url in requests), [
        u for u in requests if not u.startswith(live_server.url)
    ]


def test_no_serious_accessibility_violation_on_any_page_type(
    browser,  # noqa: F811
    live_server,
    published,
):
    require(AXE.is_file(), f"axe-core is not installed ({AXE}; make test-browser fetches it)")
    # axe is injected as an inline script, which the pages' CSP rightly refuses.
    page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    found = {}
    for lang in ("en", "fr"):
        for path in (
            "",
            "countries/sen/",
            "countries/mli/",
            "across/",
            "data/",
            "search/?q=census",
        ):
            url = f"{live_server.url}/{lang}/{path}"
            page.goto(url)
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']}))"
                ".violations.filter(v => ['serious', 'critical'].includes(v.impact))"
                ".map(v => v.id + ': ' + v.nodes.slice(0, 3)"
                ".map(n => n.target.join(' ')).join(', '))"
            )
            if violations:
                found[url] = violations
    assert not found, found


def test_a_country_page_prints_on_a4(browser, live_server, published):  # noqa: F811
    page = browser.new_page()
    page.goto(f"{live_server.url}/en/countries/sen/")
    page.emulate_media(media="print")
    reader = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert abs(width - 595) < 2 and abs(height - 842) < 2, (width, height)  # A4 in points
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Senegal" in text and "Information sources" in text
    assert "Across countries" not in text  # the navigation is not printed
