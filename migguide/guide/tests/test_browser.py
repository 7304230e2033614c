"""The guide's HTML in a real Chromium: no accessibility violation of any impact
(axe-core), in the full guide and the brief, in French and English; the tables that
scroll are reached with the keyboard; nothing scrolls sideways on a phone."""

from pathlib import Path

import pytest
from django.conf import settings

from migguide.conftest import require
from migguide.countries.registry import load_registry
from migguide.dossier.tests.test_browser import browser  # noqa: F401
from migguide.guide.building import dossier_guide
from migguide.guide.writers import render_html
from migguide.indicators.profile import load_demo_statistics
from migguide.testing import load_demo

pytestmark = pytest.mark.browser

AXE = Path(settings.PROJECT_DIR) / "var/npm/node_modules/axe-core/axe.min.js"


def test_the_guide_has_no_accessibility_violation_and_its_tables_take_the_keyboard(
    browser,  # noqa: F811
    django_db_serialized_rollback,
    transactional_db,
):
    require(AXE.is_file(), f"axe-core is not installed ({AXE}; make test-browser fetches it)")
    load_registry()
    dossier = load_demo()
    load_demo_statistics()
    found = {}
    for language in ("fr", "en"):
        for version in ("full", "glance"):
            html = render_html(dossier_guide(dossier, language=language, version=version))
            for width in (1280, 390):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.set_content(html.decode())
                page.add_script_tag(path=str(AXE))
                violations = page.evaluate(
                    "async () => (await axe.run(document, {resultTypes: ['violations']}))"
                    ".violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3)"
                    ".map(n => n.target.join(' ')).join(', '))"
                )
                if violations:
                    found[language, version, width] = violations
                sideways = page.evaluate(
                    "document.documentElement.scrollWidth > document.documentElement.clientWidth"
                )
                if sideways:
                    found[language, version, width, "scrolls sideways"] = True
                page.close()
    assert not found, found
    # A wide table scrolls inside its own region, which the keyboard reaches.
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.set_content(render_html(dossier_guide(dossier, language="en")).decode())
    region = page.locator(".table-wrap").first
    region.focus()
    assert page.evaluate("document.activeElement.classList.contains('table-wrap')")
    assert region.get_attribute("role") == "region"
    page.close()
