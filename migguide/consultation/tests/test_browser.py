"""The questionnaire's web form and the review page in a real Chromium: a respondent
without an account corrects what is on record, adds a source, saves a draft, comes
back and submits; a workgroup member then accepts the new source into the dossier."""

import pytest

from migguide.conftest import require
from migguide.consultation.models import Dispatch, Response
from migguide.dossier import models as m
from migguide.dossier.tests.test_browser import browser, coordinator, sign_in  # noqa: F401
from migguide.publishing.tests.test_browser import AXE

pytestmark = pytest.mark.browser


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']}))"
        ".violations.filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))"
    )


def test_a_respondent_answers_by_web_link_and_a_member_accepts(
    browser,  # noqa: F811
    live_server,
    coordinator,  # noqa: F811
):
    require(AXE.is_file(), f"axe-core is not installed ({AXE}; make test-browser fetches it)")
    dossier = m.Dossier.objects.get(country__iso3="SEN")
    dgase = m.Institution.objects.get(dossier=dossier, acronym="DGASE")
    dispatch = Dispatch.objects.create(
        country=dossier.country,
        institution=dgase,
        institution_name=dgase.name,
        form="authority",
        version="2026.2",
        channel="web",
        language="en",
    )
    respondent = browser.new_page(viewport={"width": 1000, "height": 900}, bypass_csp=True)
    requests = []
    respondent.on("request", lambda r: requests.append(r.url))
    respondent.goto(f"{live_server.url}/q/{dispatch.token}/")
    # An English questionnaire is pre-filled in English: the institution's name as the
    # dossier translates it (the demonstration gives its customary English name).
    english = m.Translation.objects.filter(
        dossier=dossier, entry_uid=str(dgase.uid), field="name", language="en"
    ).first()
    expected = english.text if english else dgase.name
    assert respondent.locator("#id_inst_name").input_value() == expected
    assert axe_violations(respondent) == []
    respondent.get_by_label("Your name").fill("Awa Ndiaye")
    respondent.get_by_label("Website").fill("https://dgase.example.sn")
    # The first empty source block: a new source.
    existing = m.Source.objects.filter(collector=dgase).count()
    respondent.locator(f"#id_src_ref__{existing}").select_option("new")
    respondent.locator(f"#id_src_title__{existing}").fill("Enquête sur les retours")
    respondent.locator(f"#id_src_kind__{existing}").select_option("survey")
    respondent.get_by_role("button", name="Save the draft").click()
    assert respondent.get_by_text("Draft saved").is_visible()
    respondent.goto(f"{live_server.url}/q/{dispatch.token}/")  # coming back later
    assert (
        respondent.locator(f"#id_src_title__{existing}").input_value() == "Enquête sur les retours"
    )
    respondent.get_by_role("button", name="Submit the answers").click()
    assert respondent.get_by_role("heading", name="Thank you").is_visible()
    assert all(u.startswith(live_server.url) for u in requests), "fetched from elsewhere"

    response = Response.objects.get(dispatch=dispatch)
    page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    sign_in(page, live_server, "fatou")
    page.goto(f"{live_server.url}/countries/SEN/consultation/")
    page.get_by_role("link", name="web form").first.click()
    assert page.get_by_role("heading", name=dgase.name).is_visible()
    assert axe_violations(page) == []
    row = page.locator("tr", has_text="New source: Enquête sur les retours")
    row.get_by_label("accept").check()
    page.get_by_role("button", name="Record the decisions").click()
    assert page.get_by_text("1 accepted into the dossier").is_visible()
    source = m.Source.objects.get(title="Enquête sur les retours")
    assert (source.collector, source.kind) == (dgase, "survey")
    assert response.provenance.filter(entry_uid=source.uid).exists()
