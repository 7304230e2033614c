"""The board and a workshop in a real Chromium: a programme officer finds an overdue
country on the board, opens its timetable; a facilitator captures a challenge during
the workshop. No serious accessibility violation (axe-core)."""

import datetime

import pytest
from django.utils import timezone

from migguide.access.models import User
from migguide.activity.models import Schedule, Workshop
from migguide.conftest import require
from migguide.consultation.tests.test_browser import axe_violations
from migguide.countries.models import Country, Dialogue
from migguide.dossier import models as m
from migguide.dossier.tests.test_browser import browser, coordinator, sign_in  # noqa: F401
from migguide.publishing.tests.test_browser import AXE
from migguide.testing import PASSWORD

pytestmark = pytest.mark.browser


def test_board_timetable_and_workshop_capture(browser, live_server, coordinator):  # noqa: F811
    require(AXE.is_file(), f"axe-core is not installed ({AXE}; make test-browser fetches it)")
    senegal = Country.objects.get(iso3="SEN")
    phase = Dialogue.objects.get(is_default=True).phases.get(code="consultation")
    today = timezone.localdate()
    Schedule.objects.create(
        country=senegal,
        phase=phase,
        planned_start=today - datetime.timedelta(days=90),
        planned_end=today - datetime.timedelta(days=5),
    )
    workshop = Workshop.objects.create(
        country=senegal,
        kind="discussion",
        title="Atelier de Dakar",
        place="Dakar",
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today,
    )
    User.objects.create_user("officer", password=PASSWORD, is_staff=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    sign_in(page, live_server, "officer")
    page.get_by_role("link", name="Timetable across countries").click()
    row = page.locator("tr.late", has_text="Senegal")
    assert row.count() == 1
    assert row.locator("svg.gantt rect").count() >= 1
    assert axe_violations(page) == []
    row.get_by_role("link", name="Senegal").click()
    assert page.get_by_role("heading", name="Timetable of Senegal").is_visible()
    assert page.locator("span.badge.status-overdue").count() >= 1

    page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    sign_in(page, live_server, "fatou")
    page.goto(f"{live_server.url}/countries/SEN/workshops/{workshop.pk}/")
    assert axe_violations(page) == []
    form = page.locator("form", has=page.locator("#id_challenges-description"))
    form.locator("#id_challenges-category").select_option("updating")
    form.locator("#id_challenges-description").fill("Les registres ne sont pas numérisés")
    form.get_by_role("button", name="Add to the dossier").click()
    assert page.get_by_text("Added to the dossier").is_visible()
    assert page.locator("h3 + ul > li", has_text="Les registres ne sont pas numérisés").count() == 1
    assert m.Challenge.objects.filter(description="Les registres ne sont pas numérisés").exists()
