"""An edition's review in a real Chromium, person by person: the coordinator submits,
the reviewer approves, the coordinator fixes the dossier after freezing — everyone who
reads the edition is warned, with the list of changes — and updates the edition; the
reviewer approves again, the endorsing authority endorses, the coordinator confirms the
publication and follows the link to the public page."""

import re

import pytest
from playwright.sync_api import expect

from migguide.access.models import Role
from migguide.countries.models import Country
from migguide.dossier import models as m
from migguide.dossier.tests.test_browser import browser, sign_in  # noqa: F401
from migguide.editions.models import Edition
from migguide.testing import erase_editions, load_demo, make_user

pytestmark = pytest.mark.browser

WARNING = "The dossier changed after this edition froze"
FIX = "Census 2023, with its periodicity corrected"


@pytest.fixture
def team(django_db_serialized_rollback, transactional_db):
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
    yield senegal
    erase_editions()


def person(browser, live_server, username):  # noqa: F811
    """A page in a browser context of its own: each person has their own session."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, live_server, username)
    return page


def test_coordinator_reviewer_and_endorser_carry_the_fixes_into_the_endorsed_edition(
    browser,  # noqa: F811
    live_server,
    team,
):
    edition_url = f"{live_server.url}/countries/SEN/editions/1/"
    coordinator = person(browser, live_server, "fatou")
    coordinator.goto(f"{live_server.url}/countries/SEN/editions/")
    coordinator.get_by_role("button", name="Start the edition").click()
    # The demonstration leaves one English text outdated: the edition goes out in French.
    coordinator.get_by_role("button", name="Remove English from this edition").click()
    expect(coordinator.get_by_text("English is no longer a language")).to_be_visible()
    coordinator.get_by_role("button", name="Freeze the dossier and submit for review").click()
    expect(coordinator.get_by_text("1 more approval is needed")).to_be_visible()
    expect(coordinator.get_by_role("button", name="Send for endorsement")).to_have_count(0)

    reviewer = person(browser, live_server, "jean")
    reviewer.goto(edition_url)
    reviewer.get_by_role("button", name="Approve this content").click()
    expect(reviewer.get_by_text("Approved by Jean Dupont.")).to_be_visible()

    coordinator.goto(edition_url)
    coordinator.get_by_role("button", name="Send for endorsement").click()
    expect(coordinator.get_by_text("ready for endorsement").first).to_be_visible()

    # The coordinator fixes a source after the edition froze.
    source = m.Source.objects.filter(dossier__country=team).order_by("pk").first()
    source.title = FIX
    source.save()
    endorser = person(browser, live_server, "mamadou")
    endorser.goto(edition_url + "endorse/")
    for page in (coordinator, reviewer, endorser):
        if page is not endorser:
            page.goto(edition_url)
        warning = page.get_by_role("alert").filter(has_text=WARNING)
        expect(warning).to_be_visible()
        assert FIX in warning.inner_text()

    coordinator.get_by_role(
        "button", name="Update the edition with the dossier as it is now"
    ).click()
    expect(coordinator.get_by_role("alert").filter(has_text=WARNING)).to_have_count(0)
    expect(coordinator.get_by_text("1 more approval is needed")).to_be_visible()
    frozen = Edition.objects.get(country=team, number=1).frozen
    assert FIX in [s.title for s in frozen.entries("sources")]

    reviewer.goto(edition_url)
    reviewer.get_by_role("button", name="Approve this content").click()
    coordinator.goto(edition_url)
    coordinator.get_by_role("button", name="Send for endorsement").click()

    endorser.goto(edition_url)
    endorser.get_by_role("link", name="Read and endorse this edition").click()
    expect(endorser.get_by_role("alert").filter(has_text=WARNING)).to_have_count(0)
    endorser.get_by_label("Title or function").fill("Directeur général de l'ANSD")
    endorser.get_by_label("I have read this edition").check()
    endorser.get_by_role("button", name="Endorse this edition").click()
    expect(endorser.get_by_text("Edition 1 is endorsed.")).to_be_visible()

    coordinator.goto(edition_url)
    coordinator.get_by_role("link", name="Publish this edition…").click()
    expect(coordinator.get_by_text("It cannot be undone")).to_be_visible()
    coordinator.get_by_role("button", name="Yes, publish this edition").click()
    coordinator.get_by_role("link", name="See it on the public portal").click()
    coordinator.wait_for_url("**/countries/sen/")
    expect(
        coordinator.get_by_role("heading", name=re.compile("S[ée]n[ée]gal")).first
    ).to_be_visible()
