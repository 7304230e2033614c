"""A dossier's translations as XLIFF 2.1 and PO files: what translators' tools read and
write (translate-toolkit stands for them), and the import of what they give back."""

import io
import re
import tempfile

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import translation
from lxml import etree
from translate.storage import po as pofile
from translate.storage import xliff2

from migguide.dossier import exchange
from migguide.dossier import models as m
from migguide.dossier.translation import units
from migguide.dossier.translation_files import XLIFF_NS, export_file, import_file, texts_data
from migguide.files.problems import ImportRefused
from migguide.testing import CastTestCase

NS = {"x": XLIFF_NS}


class TranslationFilesTestCase(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dossier.languages = ["fr", "en"]
        cls.dossier.save()
        cls.source = m.Source.objects.get(dossier=cls.dossier)
        cls.institution = m.Institution.objects.get(dossier=cls.dossier)
        cls.institution.mandate = "Produces statistics"
        cls.institution.save()
        uid = str(cls.source.uid)
        cls.title_key = f"{uid}.title"
        # One current translation, one outdated, the rest missing.
        for entry_uid, name, text, made_from in (
            (uid, "title", "Census SECRET-SEN (en)", "Census SECRET-SEN"),
            ("dossier", "situation", "An older situation (en)", "An older situation"),
        ):
            m.Translation.objects.create(
                dossier=cls.dossier,
                entry_uid=entry_uid,
                field=name,
                language="en",
                text=text,
                source_text=made_from,
            )

    def export(self, fmt="xliff"):
        return export_file(self.dossier, "en", fmt).content

    def translations(self):
        return {
            (t.entry_uid, t.field): (t.text, t.source_text)
            for t in m.Translation.objects.filter(dossier=self.dossier, language="en")
        }


class XliffTests(TranslationFilesTestCase):
    def test_the_xliff_file_is_xliff_2_1_with_one_unit_per_text_its_notes_and_state(self):
        root = etree.fromstring(self.export())
        self.assertEqual(root.tag, f"{{{XLIFF_NS}}}xliff")
        self.assertEqual(
            (root.get("version"), root.get("srcLang"), root.get("trgLang")), ("2.1", "fr", "en")
        )
        (file,) = root.findall("x:file", NS)
        self.assertEqual(file.get("id"), "SEN")
        units = {u.get("id"): u for u in file.findall("x:unit", NS)}
        self.assertIn(self.title_key, units)
        self.assertIn("dossier.situation", units)
        self.assertIn(f"{self.institution.uid}.mandate", units)
        for unit in units.values():
            # XLIFF 2 core rules: an NMTOKEN id, unique; <notes> before the one
            # <segment>; in it <source> then an optional <target>; a known state.
            self.assertRegex(unit.get("id"), r"^[\w.:-]+$")
            children = [etree.QName(c).localname for c in unit]
            self.assertEqual(children, ["notes", "segment"])
            segment = unit.find("x:segment", NS)
            self.assertIn(segment.get("state"), {"initial", "translated", "reviewed", "final"})
            self.assertIn(
                [etree.QName(c).localname for c in segment], [["source"], ["source", "target"]]
            )
        self.assertEqual(len(units), len(file.findall("x:unit", NS)))
        title = units[self.title_key]
        notes = {n.get("category"): n.text for n in title.iterfind("x:notes/x:note", NS)}
        self.assertEqual(notes["part"], "Information sources")
        self.assertEqual(notes["entry"], "Census SECRET-SEN")
        self.assertEqual(notes["field"], "title")
        self.assertEqual(notes["state"], "translated")
        self.assertEqual(title.find("x:segment", NS).get("state"), "translated")
        self.assertEqual(title.findtext("x:segment/x:source", namespaces=NS), "Census SECRET-SEN")
        self.assertEqual(
            title.findtext("x:segment/x:target", namespaces=NS), "Census SECRET-SEN (en)"
        )
        situation = units["dossier.situation"]
        notes = {n.get("category"): n.text for n in situation.iterfind("x:notes/x:note", NS)}
        self.assertIn("outdated", notes["state"])
        self.assertEqual(notes["translated-from"], "An older situation")
        self.assertEqual(situation.find("x:segment", NS).get("state"), "initial")
        mandate = units[f"{self.institution.uid}.mandate"]
        self.assertEqual(mandate.find("x:segment", NS).get("state"), "initial")
        self.assertIsNone(mandate.find("x:segment/x:target", NS))

    def test_the_files_read_the_same_texts_as_the_dossier_export(self):
        self.assertEqual(
            units(texts_data(self.dossier), "en"),
            units(exchange.export_dossier(self.dossier), "en"),
        )

    def test_unit_ids_stay_the_same_when_the_dossier_is_edited(self):
        ids = re.findall(rb'<unit id="([^"]+)"', self.export())
        self.source.title = "Census SECRET-SEN, 2023 round"
        self.source.save()
        m.Need.objects.create(dossier=self.dossier, description="Training", kind="capacity")
        after = re.findall(rb'<unit id="([^"]+)"', self.export())
        self.assertEqual([i for i in after if i in ids], ids)
        self.assertEqual(len(after), len(ids) + 1)

    def test_translate_toolkit_reads_our_xliff_and_we_import_what_it_wrote_back(self):
        store = xliff2.Xliff2File(self.export())
        self.assertEqual((store.sourcelanguage, store.targetlanguage), ("fr", "en"))
        by_id = {u.getid(): u for u in store.units}
        self.assertEqual(by_id[self.title_key].source, "Census SECRET-SEN")
        self.assertEqual(by_id[self.title_key].target, "Census SECRET-SEN (en)")
        self.assertTrue(by_id[self.title_key].istranslated())
        situation = by_id["dossier.situation"]
        self.assertTrue(situation.isfuzzy())  # the outdated one: a target, not done
        situation.target = "Situation SECRET-SEN (en)"
        situation.marktranslated()
        by_id["dossier.situation"] = situation
        written = bytes(store)
        report = import_file("back.xlf", written)
        self.assertEqual((report.written, report.unchanged, report.refused), (1, 1, []))
        self.assertEqual(
            self.translations()[("dossier", "situation")],
            ("Situation SECRET-SEN (en)", "Situation SECRET-SEN"),
        )
        row = m.Translation.objects.get(entry_uid="dossier", field="situation", language="en")
        self.assertEqual(row.version, 2)
        last = row.history.first()
        self.assertEqual(
            (last.history_type, last.history_change_reason, last.text, last.version),
            ("~", "import from back.xlf", "Situation SECRET-SEN (en)", 2),
        )

    def test_export_then_import_then_export_gives_the_same_bytes(self):
        for fmt in ("xliff", "po"):
            with self.subTest(fmt):
                first = self.export(fmt)
                before = self.translations()
                report = import_file(f"same.{fmt}", first)
                self.assertEqual(report.written, 0)
                self.assertEqual(self.translations(), before)
                self.assertEqual(self.export(fmt), first)

    def test_a_unit_whose_main_text_changed_since_the_export_is_refused_and_listed_alone(self):
        store = xliff2.Xliff2File(self.export())
        by_id = {u.getid(): u for u in store.units}
        for key, text in (
            ("dossier.situation", "Situation (en)"),
            (f"{self.institution.uid}.mandate", "Produces statistics (en)"),
        ):
            by_id[key].target = text
            by_id[key].marktranslated()
        sent = bytes(store)
        self.dossier.refresh_from_db()
        self.dossier.situation = "Situation SECRET-SEN, rewritten"
        self.dossier.save()
        report = import_file("late.xlf", sent)
        self.assertEqual(report.refused, ["dossier.situation"])
        self.assertIn("dossier.situation", str(report))
        self.assertEqual(report.written, 1)
        self.assertEqual(
            self.translations()[("dossier", "situation")][0], "An older situation (en)"
        )


class PoTests(TranslationFilesTestCase):
    def test_translate_toolkit_reads_our_po_and_we_import_what_it_wrote_back(self):
        store = pofile.pofile(self.export("po"))
        header = store.parseheader()
        self.assertEqual((header["Language"], header["X-Migguide-Country"]), ("en", "SEN"))
        by_key = {u.getcontext(): u for u in store.units if not u.isheader()}
        title = by_key[self.title_key]
        self.assertEqual(
            (title.source, title.target), ("Census SECRET-SEN", "Census SECRET-SEN (en)")
        )
        self.assertFalse(title.isfuzzy())
        self.assertIn("Information sources", title.getnotes())
        situation = by_key["dossier.situation"]
        self.assertTrue(situation.isfuzzy())
        self.assertIn("translated-from: An older situation", situation.getnotes())
        situation.target = "Situation SECRET-SEN (en)"
        situation.markfuzzy(False)
        mandate = by_key[f"{self.institution.uid}.mandate"]
        self.assertEqual(mandate.target, "")
        mandate.target = "Produces statistics (en)"
        report = import_file("back.po", bytes(store))
        self.assertEqual((report.written, report.unchanged, report.refused), (2, 1, []))
        found = self.translations()
        self.assertEqual(found[("dossier", "situation")][0], "Situation SECRET-SEN (en)")
        self.assertEqual(
            found[(str(self.institution.uid), "mandate")],
            ("Produces statistics (en)", "Produces statistics"),
        )


class RefusedFileTests(TranslationFilesTestCase):
    def assert_refused(self, content, *needles, name="bad.xlf", **kwargs):
        before = self.translations()
        with self.assertRaises(ImportRefused) as caught:
            import_file(name, content, **kwargs)
        for needle in needles:
            self.assertIn(needle, str(caught.exception))
        self.assertEqual(self.translations(), before)
        return str(caught.exception)

    def translated(self) -> str:
        """The XLIFF export with the mandate translated: what a refused file would have
        written."""
        root = etree.fromstring(self.export())
        unit = root.find(f"x:file/x:unit[@id='{self.institution.uid}.mandate']", NS)
        segment = unit.find("x:segment", NS)
        segment.set("state", "translated")
        etree.SubElement(segment, f"{{{XLIFF_NS}}}target").text = "Produces statistics (en)"
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode()

    def test_an_unknown_unit_refuses_the_whole_file_and_names_it(self):
        content = self.translated()
        self.assertIn('state="translated">', content)
        content = content.replace("dossier.situation", "dossier.nonsense")
        self.assert_refused(content.encode(), "unit dossier.nonsense", "no such text")

    def test_a_file_for_another_language_or_country_refuses_the_whole_file(self):
        content = self.translated()
        self.assert_refused(
            content.replace('trgLang="en"', 'trgLang="de"').encode(),
            "de is not one of the dossier's translation languages",
        )
        self.assert_refused(
            content.replace('srcLang="fr"', 'srcLang="en"').encode(), "the texts are in en"
        )
        self.assert_refused(content.encode(), "not of MLI", country=self.mali)
        self.assert_refused(
            content.replace('id="SEN"', 'id="XYZ"').encode(), "no dossier for the country"
        )

    def test_a_malformed_or_foreign_file_refuses_the_whole_file(self):
        content = self.translated()
        self.assert_refused(content[:-40].encode(), "not valid XML")
        self.assert_refused(b"<html><body>Hello</body></html>", "not an XLIFF 2 file")
        self.assert_refused(
            content.replace('version="2.1"', 'version="1.2"').encode(),
            "this is an XLIFF 1.2 file, not XLIFF 2 like those of this page: download",
        )
        # Named as XLIFF but text: said as what it claims to be, not as a broken PO file.
        self.assert_refused(b"not xml <<<", "not an XLIFF 2 file", name="sen-en.xlf")
        broken = self.assert_refused(b'msgid "x\nmsgstr "y"\n', "readable PO file", name="a.po")
        self.assertNotIn("Syntax error", broken)  # the parser's own words are not shown
        with translation.override("fr"):
            self.assert_refused(
                content.replace('version="2.1"', 'version="1.2"').encode(),
                "c’est un fichier XLIFF 1.2, et non XLIFF 2 comme ceux de cette page",
            )
        self.assert_refused(b"", "the file is empty")
        self.assert_refused(b'msgid "x"\nmsgstr "y"\n', "not a file of translations", name="a.po")
        marked = content.replace(
            "<target>Produces statistics (en)</target>",
            '<target>Produces <pc id="1">statistics</pc></target>',
        )
        self.assert_refused(marked.encode(), "holds markup")

    def test_an_xml_file_with_entities_is_refused_without_expanding_them(self):
        bomb = (
            '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c SYSTEM "file:///etc/passwd">]>\n'
        )
        body = self.translated().split("\n", 1)[1].replace("Produces statistics (en)", "&b;&c;")
        self.assert_refused((bomb + body).encode(), "document type (DTD)")

    def test_a_refusal_reads_in_the_persons_language(self):
        with translation.override("fr"):
            message = self.assert_refused(
                self.translated().replace('trgLang="en"', 'trgLang="de"').encode(),
                "Import refusé, rien n’a été modifié",
                "de n’est pas une des langues de traduction du dossier",
            )
        self.assertNotIn("not one of", message)

    @override_settings(UPLOAD_MAX_BYTES=1000)
    def test_a_file_over_the_upload_limit_is_refused_unread(self):
        self.assert_refused(self.translated().encode(), "larger than the limit")


class CommandTests(TranslationFilesTestCase):
    def test_the_command_exports_a_language_and_imports_the_file_back(self):
        out = self.enterContext(tempfile.TemporaryDirectory())
        path = f"{out}/sen-en.po"
        err = io.StringIO()
        call_command(
            "translations",
            "export",
            "--country",
            "sen",
            "--lang",
            "en",
            "--format",
            "po",
            "--out",
            path,
            stderr=err,
        )
        self.assertIn("to translate into en", err.getvalue())
        with open(path, "rb") as f:
            self.assertEqual(f.read(), self.export("po"))
        stdout = io.StringIO()
        call_command("translations", "import", path, stdout=stdout)
        self.assertIn("0 written", stdout.getvalue())
        with self.assertRaisesMessage(
            CommandError, "not one of the dossier's translation languages"
        ):
            call_command(
                "translations", "export", "--country", "SEN", "--lang", "de", "--out", path
            )
        with self.assertRaisesMessage(CommandError, "not of MLI"):
            call_command("translations", "import", path, "--country", "MLI")


class PageTests(TranslationFilesTestCase):
    def test_an_editor_downloads_a_file_per_language_and_uploads_it_back(self):
        self.client.force_login(self.member)
        page = self.client.get("/countries/SEN/translation-files/")
        self.assertContains(page, 'href="/countries/SEN/translation-files/en/xliff/"')
        self.assertContains(page, 'href="/countries/SEN/translation-files/en/po/"')
        download = self.client.get("/countries/SEN/translation-files/en/xliff/")
        self.assertEqual(download.content, self.export())
        self.assertIn('filename="translations-sen-en.xlf"', download["Content-Disposition"])
        store = xliff2.Xliff2File(download.content)
        unit = next(u for u in store.units if u.getid() == f"{self.institution.uid}.mandate")
        unit.target = "Produces statistics (en)"
        unit.marktranslated()
        upload = io.BytesIO(bytes(store))
        upload.name = "sen-en.xlf"
        response = self.client.post(
            "/countries/SEN/translation-files/upload/", {"file": upload}, follow=True
        )
        self.assertContains(response, "1 written")
        self.assertEqual(
            self.translations()[(str(self.institution.uid), "mandate")][0],
            "Produces statistics (en)",
        )
        row = m.Translation.objects.get(entry_uid=str(self.institution.uid), field="mandate")
        (record,) = row.history.all()
        self.assertEqual((record.history_type, record.history_user), ("+", self.member))
        self.assertEqual(record.history_change_reason, "import from sen-en.xlf")

    def test_a_refused_upload_says_why_and_changes_nothing(self):
        self.client.force_login(self.member)
        upload = io.BytesIO(self.export().replace(b'trgLang="en"', b'trgLang="de"'))
        upload.name = "sen-de.xlf"
        before = self.translations()
        response = self.client.post(
            "/countries/SEN/translation-files/upload/", {"file": upload}, follow=True
        )
        self.assertContains(response, "nothing was changed")
        self.assertEqual(self.translations(), before)

    def test_only_those_who_may_edit_the_dossier_reach_the_page(self):
        self.client.force_login(self.reviewer)
        self.assertEqual(self.client.get("/countries/SEN/translation-files/").status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(
            self.client.get("/countries/SEN/translation-files/en/po/").status_code, 404
        )
        self.client.force_login(self.mali_member)
        upload = io.BytesIO(self.export())
        upload.name = "sen-en.xlf"
        response = self.client.post("/countries/SEN/translation-files/upload/", {"file": upload})
        self.assertEqual(response.status_code, 404)
