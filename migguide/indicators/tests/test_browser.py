"""The statistics page in a real Chromium: the charts become interactive with the
app's own Vega bundle, and nothing is fetched from another origin."""

import pytest
from playwright.sync_api import expect

from migguide.dossier.tests.test_browser import browser, coordinator, sign_in  # noqa: F401
from migguide.indicators.profile import load_demo_statistics

pytestmark = pytest.mark.browser


def test_interactive_charts_from_the_app_alone(browser, live_server, coordinator):  # noqa: F811
    load_demo_statistics()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    sign_in(page, live_server, "fatou")
    page.goto(f"{live_server.url}/countries/SEN/statistics/")
    page.get_by_role("button", name="Make the charts interactive").click()
    # Polled from here: a predicate evaluated in the page is refused by its CSP.
    expect(page.locator(".vega-embed svg")).to_have_count(6, timeout=20000)
    assert page.get_by_role("cell", name="281,867").is_visible()
    assert all(url.startswith(live_server.url) for url in requests), requests
    assert any("/charts/vega-" in url for url in requests)
