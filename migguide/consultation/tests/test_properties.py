"""Property-based tests (hypothesis) of the questionnaire importer: any valid answers,
exported as KoboToolbox or ODK Central write them, come back exactly; any corrupted
coded or dated cell is refused with its sheet, row and column, and nothing is stored."""

from __future__ import annotations

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from migguide.consultation import importing
from migguide.consultation.models import Response
from migguide.consultation.questionnaires import QUESTIONNAIRES
from migguide.consultation.samples import kobo_xlsx, odk_zip
from migguide.countries.models import Country
from migguide.countries.registry import load_registry
from migguide.dossier import models as m
from migguide.testing import small_dossier

Q = QUESTIONNAIRES["authority"]
TEXT = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)
SOURCE = st.fixed_dictionaries(
    {
        "ref": st.just("new"),
        "title": TEXT,
        "kind": st.sampled_from(m.Source.Kind.values),
        "status": st.sampled_from(m.Source.Status.values),
        "areas": st.lists(st.sampled_from(m.Area.Code.values), unique=True).map(sorted),
        "periodicity": st.sampled_from(m.Source.Periodicity.values),
        "last_update": st.dates(datetime.date(1990, 1, 1), datetime.date(2030, 12, 31)).map(
            datetime.date.isoformat
        ),
    }
)
CHALLENGE = st.fixed_dictionaries(
    {
        "category": st.sampled_from(m.Challenge.Category.values),
        "description": TEXT,
        "corrective_actions": TEXT,
    }
)
ANSWERS = st.fixed_dictionaries(
    {
        "respondent": st.fixed_dictionaries({"name": TEXT}),
        "stages": st.lists(st.sampled_from(m.PolicyStage.Code.values), unique=True).map(sorted),
        "sources": st.lists(SOURCE, max_size=5),
        "challenges": st.lists(CHALLENGE, max_size=3),
    }
)
SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class QuestionnaireImportProperties(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_registry()
        cls.senegal = Country.objects.get(iso3="SEN")
        small_dossier(cls.senegal, "SEN")

    def check(self, answers, response):
        got = response.answers
        self.assertEqual(got["respondent"]["name"], answers["respondent"]["name"])
        self.assertEqual(got["stages"], answers["stages"])
        for key in ("sources", "challenges"):
            self.assertEqual(len(got.get(key, [])), len(answers[key]))
            for mine, theirs in zip(answers[key], got.get(key, []), strict=True):
                self.assertEqual({k: theirs.get(k) for k in mine}, mine)

    @SETTINGS
    @given(answers=ANSWERS, odk=st.booleans())
    def test_any_valid_answers_come_back_exactly(self, answers, odk):
        write = odk_zip if odk else kobo_xlsx
        data = write(Q, [("", answers)], country="SEN")
        response = importing.import_bytes("answers", data, country=self.senegal).added[0]
        self.check(answers, response)
        response.delete()

    @SETTINGS
    @given(
        answers=ANSWERS.filter(lambda a: a["sources"]),
        field=st.sampled_from(["kind", "periodicity", "last_update", "areas"]),
        junk=st.sampled_from(["n/a", "soon", "=1+1", "2024-13-45", "crystal ball", "12,5"]),
        at=st.integers(0, 100),
    )
    def test_any_corrupted_cell_is_refused_naming_where(self, answers, field, junk, at):
        index = at % len(answers["sources"])
        answers["sources"][index][field] = [junk] if field == "areas" else junk
        data = kobo_xlsx(Q, [("", answers)], country="SEN")
        with self.assertRaises(importing.ImportRefused) as refused:
            importing.import_bytes("broken.xlsx", data, country=self.senegal)
        # The cell's row, or for a choice Kobo also spreads into columns of its own
        # (areas), the header of the column the junk made.
        self.assertRegex(
            str(refused.exception),
            rf"broken\.xlsx: sheet 'sources', row ({index + 2}|1), column [A-Z]+",
        )
        self.assertEqual(Response.objects.count(), 0)
