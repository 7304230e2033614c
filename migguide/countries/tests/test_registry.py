import datetime
from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import translation

from migguide.countries.models import Country, Dialogue, Membership
from migguide.countries.registry import load_registry


class RegistryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_registry()
        cls.rabat = Dialogue.objects.get(slug="rabat-process")

    def test_every_iso_country_is_loaded_with_codes(self):
        self.assertEqual(Country.objects.count(), 249)
        senegal = Country.objects.get(iso3="SEN")
        self.assertEqual((senegal.iso2, senegal.numeric), ("SN", "686"))

    def test_the_dialogue_has_its_57_current_partners_and_observers(self):
        current = Country.objects.in_dialogue(self.rabat)
        self.assertEqual(current.count(), 57)
        observers = Membership.objects.current().filter(dialogue=self.rabat, status="observer")
        self.assertEqual(sorted(observers.values_list("country__iso3", flat=True)), ["DZA", "LBY"])

    def test_every_member_knows_its_languages(self):
        """From the Unicode CLDR: Cabo Verde speaks Portuguese, Morocco Arabic and
        French, Spain Spanish."""
        current = Country.objects.in_dialogue(self.rabat)
        self.assertEqual([c.iso3 for c in current if not c.languages], [])
        languages = {c.iso3: c.languages for c in current}
        self.assertEqual(languages["CPV"], ["pt"])
        self.assertEqual(languages["ESP"], ["es"])
        self.assertEqual(languages["SEN"], ["wo", "fr"])
        self.assertEqual(set(languages["MAR"]) & {"ar", "fr"}, {"ar", "fr"})

    @override_settings(LANGUAGES=[("en", "English"), ("fr", "Français"), ("ar", "العربية")])
    def test_the_guide_languages_proposed_are_the_countrys_that_migguide_speaks(self):
        self.assertEqual(Country.objects.get(iso3="MAR").guide_languages(), ["ar", "fr"])
        self.assertEqual(Country.objects.get(iso3="SEN").guide_languages(), ["fr"])
        self.assertEqual(Country.objects.get(iso3="DEU").guide_languages(), ["en"])

    def test_membership_keeps_history(self):
        """Egypt and Libya were partners until 2014; the UK left with the EU."""
        self.assertFalse(Country.objects.in_dialogue(self.rabat).filter(iso3="EGY").exists())
        self.assertFalse(Country.objects.in_dialogue(self.rabat).filter(iso3="GBR").exists())
        in_2010 = Country.objects.in_dialogue(self.rabat, on=datetime.date(2010, 1, 1))
        self.assertTrue(in_2010.filter(iso3="LBY").exists())
        libya = Membership.objects.current(datetime.date(2010, 1, 1)).get(
            dialogue=self.rabat, country__iso3="LBY"
        )
        self.assertEqual(libya.status, "partner")
        uk = Membership.objects.get(dialogue=self.rabat, country__iso3="GBR")
        self.assertEqual((uk.status, uk.since), ("former", datetime.date(2020, 2, 1)))

    def test_names_come_from_cldr_in_five_languages(self):
        names = Country.objects.get(iso3="CIV").names()
        self.assertEqual(names["fr"], "Côte d’Ivoire")
        self.assertEqual(names["en"], "Côte d’Ivoire")
        self.assertEqual(Country.objects.get(iso3="SEN").names()["ar"], "السنغال")
        self.assertEqual(Country.objects.get(iso3="DEU").names()["es"], "Alemania")
        self.assertEqual(Country.objects.get(iso3="CPV").names()["pt"], "Cabo Verde")
        with translation.override("fr"):
            self.assertEqual(str(Country.objects.get(iso3="GMB")), "Gambie")

    def test_m49_regions(self):
        senegal = Country.objects.get(iso3="SEN")
        self.assertEqual(
            (senegal.m49_region, senegal.m49_subregion, senegal.m49_intermediate),
            ("002", "202", "011"),
        )
        self.assertEqual(senegal.region_name("fr"), "Afrique occidentale")
        self.assertEqual(Country.objects.get(iso3="MAR").region_name("en"), "Northern Africa")

    def test_the_dialogue_is_data_with_its_languages_and_phases(self):
        self.assertEqual(self.rabat.name("fr"), "Processus de Rabat")
        self.assertIn("fr", self.rabat.languages)
        self.assertEqual(self.rabat.phases.count(), 8)
        self.assertEqual(
            str(self.rabat.phases.first()), "Expression of interest; stakeholders identified"
        )

    def test_the_phases_are_named_in_every_language_of_the_dialogue_and_arabic(self):
        for phase in self.rabat.phases.all():
            for language in [*self.rabat.languages, "ar"]:
                with self.subTest(phase=phase.code, language=language):
                    self.assertTrue(phase.names.get(language))
        som = self.rabat.phases.get(code="som")
        with translation.override("pt"):
            self.assertEqual(str(som), "Apresentação à Reunião de Altos Funcionários")
        with translation.override("es"):
            self.assertEqual(str(som), "Presentación a la Reunión de Altos Funcionarios")
        with translation.override("de"):  # a language it has no name in: English
            self.assertEqual(str(som), "Presentation to the Senior Officials' Meeting")

    def test_another_dialogue_can_hold_its_own_countries(self):
        prague = Dialogue.objects.create(
            slug="prague-process", names={"en": "Prague Process"}, languages=["en"]
        )
        Membership.objects.create(
            dialogue=prague, country=Country.objects.get(iso3="UKR"), status="partner"
        )
        self.assertEqual(
            list(Country.objects.in_dialogue(prague).values_list("iso3", flat=True)), ["UKR"]
        )
        self.assertEqual(Country.objects.in_dialogue(self.rabat).count(), 57)

    def test_loading_again_changes_nothing(self):
        before = list(Membership.objects.values_list("country__iso3", "status", "since"))
        out = StringIO()
        call_command("countries", "load", stdout=out)
        self.assertIn("249 countries, 61 memberships, 8 phases loaded", out.getvalue())
        self.assertEqual(Country.objects.count(), 249)
        self.assertEqual(
            sorted(before),
            sorted(Membership.objects.values_list("country__iso3", "status", "since")),
        )
