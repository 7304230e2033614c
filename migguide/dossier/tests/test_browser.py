"""The dossier pages in a real Chromium, as a national team member uses them."""

import os
import shutil

import pytest

from migguide.access.models import Role
from migguide.conftest import require
from migguide.countries.models import Country
from migguide.countries.registry import load_registry
from migguide.dossier import models as m
from migguide.testing import PASSWORD, load_demo, make_user

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser():
    require(os.path.exists(CHROMIUM) or shutil.which("chromium"), "Chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def coordinator(django_db_serialized_rollback, transactional_db):
    # Serialized rollback restores the reference rows (areas, policy-cycle stages) that
    # the migrations load and that the flush of a transactional test removes.
    load_registry()
    load_demo()
    user = make_user("fatou", first_name="Fatou", last_name="Sow")
    Role.objects.create(user=user, country=Country.objects.get(iso3="SEN"), kind="coordinator")
    return user


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_coordinator_finds_filters_adds_and_edits_sources(
    browser, live_server, coordinator, tmp_path
):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    sign_in(page, live_server, "fatou")
    page.get_by_role("link", name="Senegal").click()
    assert page.get_by_role("heading", name="Dossier of Senegal").is_visible()
    assert page.get_by_text("Demonstration content").is_visible()
    page.locator("ol.parts").get_by_role("link", name="Information sources").click()
    page.get_by_label("Area").select_option("border")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("table.grid tbody tr")
    expected = m.Source.objects.in_area("border").count()
    assert rows.count() == expected
    page.get_by_role("link", name="Add").click()
    page.get_by_label("Title").fill("Registre des entrées au poste de Karang")
    page.get_by_label("Data collection entity").select_option(
        label="Direction de la Police de l'Air et des Frontières (DPAF)"
    )
    page.get_by_label("border management").check()
    page.get_by_label("Kind of source").select_option("border-records")
    page.get_by_role("button", name="Save", exact=True).click()
    assert page.get_by_text("Added: Registre des entrées au poste de Karang").is_visible()
    source = m.Source.objects.get(title="Registre des entrées au poste de Karang")
    assert [a.code for a in source.areas.all()] == ["border"]
    page.screenshot(path=str(tmp_path / "sources.png"), full_page=True)
    assert all(url.startswith(live_server.url) for url in requests), requests


def test_the_interface_switches_to_french_and_stays(browser, live_server, coordinator):
    page = browser.new_page()
    sign_in(page, live_server, "fatou")
    page.get_by_role("button", name="Français").click()
    assert page.get_by_role("heading", name="Vos pays").is_visible()
    page.get_by_role("link", name="Sénégal").click()
    assert page.get_by_role("heading", name="Dossier — Sénégal").is_visible()
    page.locator("ol.parts").get_by_role("link", name="Sources d’information").click()
    assert page.get_by_label("Domaine").is_visible()
    coordinator.refresh_from_db()
    assert coordinator.language == "fr"


def test_the_layout_fits_a_phone(browser, live_server, coordinator):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(page, live_server, "fatou")
    page.goto(f"{live_server.url}/countries/SEN/sources/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px screen"


@pytest.fixture
def long_list(coordinator):
    """A source of the demonstration whose "used by" list has one institution ticked,
    the last one; and a word of another institution's name (read before the browser
    starts: the ORM does not run inside Playwright's event loop)."""
    source = m.Source.objects.filter(dossier__country__iso3="SEN").first()
    institutions = list(m.Institution.objects.filter(dossier=source.dossier))
    ticked = institutions[-1]
    source.users.set([ticked])
    wanted = next(i for i in institutions[:-1] if i.name.split()[-1] not in ticked.name)
    word = wanted.name.split()[-1]
    matching = {str(i.pk) for i in institutions if word.lower() in str(i).lower()}
    return {
        "url": f"/countries/SEN/sources/{source.uid}/",
        "ticked": str(ticked.pk),
        "wanted": str(wanted.pk),
        "word": word,
        "matching": matching,
    }


def test_a_long_institution_list_filters_as_one_types_ticked_ones_staying(
    long_list, live_server, browser
):
    page = browser.new_page()
    sign_in(page, live_server, "fatou")
    page.goto(live_server.url + long_list["url"])
    users = page.locator("fieldset", has=page.locator("input[name=users]"))
    assert users.locator("input[name=users]").first.get_attribute("value") == long_list["ticked"]
    users.get_by_label("Show only the names containing").fill(long_list["word"])
    shown = {
        box.get_attribute("value")
        for box in users.locator("input[name=users]").all()
        if box.is_visible()
    }
    assert long_list["wanted"] in shown
    assert shown == long_list["matching"] | {long_list["ticked"]}


def test_a_list_with_its_place_fields_fits_a_phone(coordinator, live_server, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(page, live_server, "fatou")
    for part in ["recommendations", "institutions"]:
        page.goto(f"{live_server.url}/countries/SEN/{part}/")
        assert page.locator("input[name=place]").count() > 1, part
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{part}: the page is {width}px wide on a 390px screen"
