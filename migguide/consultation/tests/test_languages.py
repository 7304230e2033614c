"""A questionnaire is pre-filled in its own language: the dossier's texts translated
where a current translation exists, as written otherwise; sent back unchanged, the
translated texts are not taken for changes of the dossier's text."""

from migguide.consultation import importing
from migguide.consultation.exporting import document
from migguide.consultation.models import Dispatch
from migguide.consultation.questionnaires import QUESTIONNAIRES
from migguide.consultation.review import Review
from migguide.consultation.samples import kobo_xlsx
from migguide.dossier import models as m
from migguide.testing import CastTestCase


class PrefillLanguageTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dossier.languages = ["fr", "en"]
        cls.dossier.save()
        cls.inst = m.Institution.objects.get(dossier=cls.dossier)
        cls.inst.mandate = "Produire les statistiques"
        cls.inst.save()
        cls.source = m.Source.objects.get(dossier=cls.dossier)
        cls.source.description = "Recensement de la population"
        cls.source.save()
        for uid, name, text, made_from in (
            (cls.inst.uid, "mandate", "Produce the statistics", "Produire les statistiques"),
            (cls.source.uid, "description", "Old census text", "Un ancien texte"),
            (cls.source.uid, "title", "Census in English", "Census SECRET-SEN"),
        ):
            m.Translation.objects.create(
                dossier=cls.dossier,
                entry_uid=str(uid),
                field=name,
                language="en",
                text=text,
                source_text=made_from,
            )

    def test_the_prefill_is_in_the_questionnaires_language_where_translated(self):
        english = document(
            dossier=self.dossier, form="authority", institution=self.inst, language="en"
        )
        self.assertEqual(english.answers["institution"]["mandate"], "Produce the statistics")
        (source,) = english.answers["sources"]
        self.assertEqual(source["title"], "Census in English")
        self.assertEqual(source["description"], "Recensement de la population")  # outdated
        french = document(
            dossier=self.dossier, form="authority", institution=self.inst, language="fr"
        )
        self.assertEqual(french.answers["institution"]["mandate"], "Produire les statistiques")
        self.assertEqual(french.answers["sources"][0]["title"], "Census SECRET-SEN")

    def test_translated_texts_sent_back_unchanged_are_not_changes(self):
        answers = {
            "institution": {"name": "Office SECRET-SEN", "mandate": "Produce the statistics"},
            "sources": [{"ref": self.source.uid.hex, "title": "Census in English"}],
        }
        data = kobo_xlsx(QUESTIONNAIRES["authority"], [(self.inst.uid.hex, answers)], country="SEN")
        response = importing.import_bytes("r.xlsx", data, country=self.senegal).added[0]
        response.dispatch = Dispatch.objects.create(
            country=self.senegal,
            institution=self.inst,
            institution_name=self.inst.name,
            form="authority",
            version="1",
            channel=Dispatch.Channel.XLSX,
            language="en",
        )
        response.save()
        review = Review(response)
        statuses = {i.what: i.status for i in review.items}
        mandate = next(w for w in statuses if "mandate" in w)
        title = next(w for w in statuses if w.endswith("title"))
        self.assertEqual((statuses[mandate], statuses[title]), ("unchanged", "unchanged"))
        response.dispatch.language = "fr"
        response.dispatch.save()
        self.assertEqual({i.what: i.status for i in Review(response).items}[mandate], "changed")
