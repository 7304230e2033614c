"""The page of one's work in progress in a real Chromium, on a phone: waiting with its
labelled progress bar (its reloading stopped at will), and a refusal naming file, sheet,
row and column — no sideways scrolling at 390 px, no serious accessibility fault
(axe-core)."""

import uuid

import pytest
from django_tasks_db.models import DBTaskResult, get_date_max

from migguide.conftest import require
from migguide.consultation.tests.test_browser import axe_violations
from migguide.dossier.tests.test_browser import browser, coordinator, sign_in  # noqa: F401
from migguide.publishing.tests.test_browser import AXE

pytestmark = pytest.mark.browser

NAME = "Réponses_de_l_Agence_nationale_de_la_statistique_et_de_la_démographie_2026.xlsx"


@pytest.fixture
def work_pages(coordinator):  # noqa: F811
    """A queued import waiting for a worker and one refused, the coordinator's (made
    before the browser starts: the ORM does not run inside Playwright's event loop)."""
    refusal = "Nothing was imported.\n" + "\n".join(
        f"{NAME}: sheet 'sources', row {row}, column AB: last update: expected a date "
        "(YYYY-MM-DD), found 'next spring'"
        for row in range(2, 6)
    )
    pages = {}
    for label, status, value in (
        ("waiting", "READY", None),
        (
            "refused",
            "SUCCESSFUL",
            {
                "ok": False,
                "message": refusal,
                "next_url": "/countries/SEN/consultation/",
                "next_label": "Back to the consultation",
            },
        ),
    ):
        task_id = uuid.uuid4()
        DBTaskResult.objects.create(
            id=task_id,
            task_path="migguide.consultation.tasks.import_answers",
            args_kwargs={
                "args": ["SEN", f"uploads/x/{NAME}"],
                "kwargs": {"name": NAME, "user_pk": coordinator.pk, "language": "en"},
            },
            backend_name="default",
            run_after=get_date_max(),
            status=status,
            return_value=value,
        )
        pages[label] = f"/work/{task_id}/"
    return pages


def test_the_page_of_ones_work_fits_a_phone_and_reads_aloud(
    work_pages,
    browser,  # noqa: F811
    live_server,
):
    require(AXE.is_file(), f"axe-core is not installed ({AXE}; make test-browser fetches it)")
    page = browser.new_page(viewport={"width": 390, "height": 844}, bypass_csp=True)
    sign_in(page, live_server, "fatou")
    page.goto(live_server.url + work_pages["waiting"])
    bar = page.get_by_role("progressbar", name="Waiting for the server to start the work.")
    assert bar.is_visible()
    assert page.get_by_role("status").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the waiting page is {width}px wide on a 390px screen"
    # It reloads itself (no script): axe-core judges any timed reload a fault, whereas
    # WCAG 2.2.1 accepts one the person can turn off — which the page offers.
    assert page.locator('meta[http-equiv="refresh"]').count() == 1
    page.get_by_role("link", name="Stop reloading this page by itself").click()
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    assert page.get_by_role("progressbar").is_visible()
    assert axe_violations(page) == []

    page.goto(live_server.url + work_pages["refused"])
    alert = page.get_by_role("alert")
    assert "row 5, column AB: last update" in alert.inner_text()
    assert page.get_by_role("heading", name="The work did not succeed").is_visible()
    assert page.get_by_role("link", name="Back to the consultation").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the refusal is {width}px wide on a 390px screen"
    assert axe_violations(page) == []
