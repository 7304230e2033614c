"""Property-based tests (hypothesis): any valid dossier survives export → import →
export unchanged; any corruption of a valid export is refused with a message naming
where, and the database does not change. Likewise for the bilateral statistics table."""

from __future__ import annotations

import copy
import csv
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from migguide.countries.registry import load_registry
from migguide.dossier import models as m
from migguide.dossier.exchange import ImportRefused, export_dossier, import_dossier
from migguide.dossier.snapshot import Snapshot
from migguide.indicators.importing import import_file
from migguide.indicators.models import Observation, Release
from migguide.testing import small_dossier

# Text a person may type: any letters, digits, punctuation, spaces and line breaks,
# emoji; not the control characters and lone surrogates no form accepts.
# Text as the importer keeps it: no control character but tab and line feed, and in
# Unicode NFC (the importer normalises what comes in, so only NFC text round-trips as is).
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00")
    | st.sampled_from(["\n", "\t"]),
    max_size=60,
).map(lambda t: unicodedata.normalize("NFC", t))
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def text_fields(part_key: str) -> list[str]:
    from django.db import models

    from migguide.dossier.parts import PARTS

    part = next(p for p in PARTS if p.export_key == part_key)
    return [
        name
        for name in part.fields
        if isinstance(part.model._meta.get_field(name), models.CharField | models.TextField)
        and not part.model._meta.get_field(name).choices
        and not isinstance(part.model._meta.get_field(name), models.URLField | models.EmailField)
    ]


def max_length(part_key: str, name: str) -> int | None:
    from migguide.dossier.parts import PARTS

    part = next(p for p in PARTS if p.export_key == part_key)
    return part.model._meta.get_field(name).max_length


class DossierRoundTripTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_registry()
        from migguide.countries.models import Country

        dossier = small_dossier(Country.objects.get(iso3="SEN"), "SEN")
        cls.valid = export_dossier(dossier)

    def import_(self, data):
        return import_dossier(data, source="generated.json", replace=True)

    @SETTINGS
    @given(data=st.data())
    def test_any_valid_dossier_round_trips_exactly(self, data):
        export = copy.deepcopy(self.valid)
        export["dossier"]["situation"] = data.draw(TEXT, "situation")
        for key in ("institutions", "sources", "recommendations", "needs", "glossary"):
            for entry in export[key]:
                for name in text_fields(key):
                    required = name in (
                        "name",
                        "title",
                        "text",
                        "description",
                        "term_fr",
                        "term_en",
                    )
                    strategy = TEXT.filter(lambda t, r=required: t.strip() == t and (t or not r))
                    limit = max_length(key, name)
                    entry[name] = data.draw(strategy, name)[:limit].strip()
                    if required and not entry[name]:
                        entry[name] = "x"
        self.import_(export)
        again = export_dossier(m.Dossier.objects.get(country__iso3="SEN"))
        self.assertEqual(again, export)
        # Every reader reads it through the typed snapshot, which gives back what it read.
        snapshot = Snapshot.from_json(again)
        self.assertEqual(snapshot.to_json(), export)
        self.assertEqual(snapshot.situation, export["dossier"]["situation"])
        for key, entries in snapshot:
            self.assertEqual([e.id for e in entries], [e["id"] for e in export[key]])
        for entry in export["recommendations"]:
            self.assertEqual(snapshot.entry(entry["id"]).text, entry["text"])

    @SETTINGS
    @given(
        where=st.sampled_from(["institutions", "sources", "contacts", "recommendations"]),
        how=st.sampled_from(["drop-id", "dangling", "wrong-type", "unknown-field", "bad-uid"]),
    )
    def test_any_corruption_is_refused_and_changes_nothing(self, where, how):
        self.import_(copy.deepcopy(self.valid))
        before = export_dossier(m.Dossier.objects.get(country__iso3="SEN"))
        export = copy.deepcopy(self.valid)
        entry = export[where][0]
        nowhere = "00000000-0000-0000-0000-000000000000"
        if how == "drop-id":
            del entry["id"]
            expected = f"{where}[0].id: missing"
        elif how == "dangling":
            reference = {
                "institutions": ("sources", "collector"),
                "sources": ("profile_contents", "source"),
                "contacts": ("workgroup", "contact"),
                "recommendations": ("recommendations", "responsible"),
            }[where]
            target = export[reference[0]][0]
            target[reference[1]] = [nowhere] if reference[1] == "responsible" else nowhere
            expected = f"{reference[0]}[0].{reference[1]}"
        elif how == "wrong-type":
            name = text_fields(where)[0]
            entry[name] = 12345
            expected = f"{where}[0].{name}"
        elif how == "unknown-field":
            entry["favourite_colour"] = "blue"
            expected = f"{where}[0].favourite_colour: unknown field"
        else:
            entry["id"] = "not-a-uuid"
            expected = f"{where}[0].id"
        with self.assertRaises(ImportRefused) as caught:
            self.import_(export)
        message = str(caught.exception)
        self.assertIn("generated.json", message)
        self.assertIn(expected, message)
        self.assertEqual(export_dossier(m.Dossier.objects.get(country__iso3="SEN")), before)


ROW = st.tuples(
    st.sampled_from(["SEN", "MLI", "FRA", "ESP", "MAR"]),
    st.integers(1990, 2024),
    st.sampled_from(["GMB", "GIN", "ITA", "DEU", "CIV"]),
    st.sampled_from(["total", "male", "female"]),
    st.integers(0, 10_000_000),
)


class BilateralPropertyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_registry()

    def write(self, rows) -> Path:
        path = Path(tempfile.mkdtemp()) / "bilateral.csv"
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["geo", "t", "from", "sex", "n"])
            writer.writerows(rows)
        return path

    @SETTINGS
    @given(rows=st.lists(ROW, min_size=1, max_size=40, unique_by=lambda r: r[:4]))
    def test_any_valid_table_is_kept_value_for_value(self, rows):
        import_file("bilateral", self.write(rows))
        sexes = {"total": "", "male": "male", "female": "female"}
        for dest, year, origin, sex, value in rows:
            stored = Observation.objects.get(
                indicator__code="MIG_STOCK_IN",
                country__iso3=dest,
                partner__iso3=origin,
                year=year,
                sex=sexes[sex],
            )
            self.assertEqual(stored.value, value)

    @SETTINGS
    @given(
        rows=st.lists(ROW, min_size=2, max_size=20, unique_by=lambda r: r[:4]),
        column=st.integers(0, 4),
        junk=st.sampled_from(["", "n/a", "=1+1", "12,5,6", "twenty", "-"]),
        at=st.integers(0, 100),
    )
    def test_any_broken_cell_is_refused_naming_row_and_column(self, rows, column, junk, at):
        index = at % len(rows)
        broken = [list(r) for r in rows]
        broken[index][column] = junk
        before = Release.objects.count(), Observation.objects.count()
        formula = junk.startswith("=")
        try:
            report = import_file("bilateral", self.write(broken))
        except ImportRefused as error:
            self.assertIn(f"row {index + 2}", str(error))
            self.assertEqual((Release.objects.count(), Observation.objects.count()), before)
            self.assertTrue(formula or column in (1, 3) or junk not in ("", "-", "n/a"))
            return
        # Not refused: an absent value ("", "-", "n/a" are the publishers' blanks), a
        # blank sex (the tidy tables leave it blank for the total), or a place the
        # registry does not know — then listed in the report, not dropped.
        self.assertFalse(formula)
        if column in (0, 2):
            self.assertIn(junk, report.not_recognised)
        elif column == 3:
            self.assertEqual(junk, "")
        else:
            self.assertEqual(column, 4)
            self.assertIn(junk, ("", "-", "n/a"))


class AnyTypedTextTests(TestCase):
    """Whatever a person types into the dossier forms — any character, control
    characters and lone surrogates included — is either refused with a message naming
    the field, or kept; and what is kept is rendered in every format: the guide as HTML,
    PDF and DOCX, the questionnaire as a workbook and as an XLSForm."""

    @classmethod
    def setUpTestData(cls):
        load_registry()
        from migguide.countries.models import Country

        cls.dossier = small_dossier(Country.objects.get(iso3="SEN"), "SEN")

    def typed(self, slug: str, entry, field: str, label: str, text: str) -> bool:
        """Post `text` into one field of an entry's form; whether it was kept."""
        from django.forms.models import model_to_dict

        from migguide.dossier.forms import entry_form_class
        from migguide.dossier.parts import PARTS

        part = next(p for p in PARTS if p.slug == slug)
        data = {k: v for k, v in model_to_dict(entry, fields=part.fields).items() if v is not None}
        data["responsible"] = [i.pk for i in data.get("responsible", [])]
        form = entry_form_class(part)(
            data=data | {field: text, "base_version": entry.version},
            instance=entry,
            dossier=self.dossier,
        )
        if form.is_valid():
            form.save()
            return True
        if field in form.errors and "contains an " in form.errors[field][0]:
            self.assertIn(f"“{label}”", form.errors[field][0])
        else:  # refused for another reason (empty, too long): said on the field
            self.assertIn(field, form.errors)
        return False

    def test_plain_text_is_kept_and_a_control_character_refused(self):
        recommendation = m.Recommendation.objects.get(dossier=self.dossier)
        self.assertTrue(self.typed("recommendations", recommendation, "text", "", " Fund\r\nit "))
        recommendation.refresh_from_db()
        self.assertEqual(recommendation.text, "Fund\nit")
        self.assertFalse(
            self.typed("recommendations", recommendation, "text", "Recommendation", "a\x1bb")
        )

    @SETTINGS
    @given(text=st.text(max_size=40), name=st.text(max_size=40))
    def test_any_text_is_refused_naming_the_field_or_rendered_in_every_format(self, text, name):
        import io
        import re

        import docx
        import openpyxl
        import pypdf

        from migguide.consultation import exporting
        from migguide.guide.building import dossier_guide
        from migguide.guide.writers import WRITERS

        recommendation = m.Recommendation.objects.get(dossier=self.dossier)
        institution = m.Institution.objects.get(dossier=self.dossier)
        self.typed("recommendations", recommendation, "text", "Recommendation", text)
        self.typed("institutions", institution, "name", "Name", name)
        recommendation.refresh_from_db()
        institution.refresh_from_db()

        doc = dossier_guide(self.dossier, language="fr")
        self.assertIn(b"<html", WRITERS["html"](doc))
        self.assertTrue(pypdf.PdfReader(io.BytesIO(WRITERS["pdf"](doc))).pages)
        document = docx.Document(io.BytesIO(WRITERS["docx"](doc)))
        body = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        for word in re.findall(r"\w+", recommendation.text)[:1]:
            self.assertIn(word, body)
        questionnaire = exporting.document(
            dossier=self.dossier, form="authority", institution=institution
        )
        for workbook in (
            exporting.render_xlsx(questionnaire),
            exporting.render_xlsform(questionnaire),
        ):
            self.assertTrue(openpyxl.load_workbook(io.BytesIO(workbook)).worksheets)
