"""The pages read in Portuguese and Spanish: the public portal by its language prefix,
the working pages by the account's language, the browser's or the language switch."""

from __future__ import annotations

from django.conf import settings
from django.test import Client

from migguide.testing import PASSWORD, CastTestCase

HEADINGS = {
    "pt": {
        "portal": "Guias de utilização dos dados migratórios",
        "dossier": "Dossier — Senegal",
        "search": "Pesquisar",
    },
    "es": {
        "portal": "Guías sobre el uso de los datos migratorios",
        "dossier": "Expediente — Senegal",
        "search": "Buscar",
    },
}


class PortugueseAndSpanishPagesTest(CastTestCase):
    def test_the_portal_home_and_search_read_in_portuguese_and_spanish(self):
        for lang, words in HEADINGS.items():
            with self.subTest(lang=lang):
                home = self.client.get(f"/{lang}/")
                self.assertContains(home, f'<html lang="{lang}"')
                self.assertContains(home, f"<h1>{words['portal']}</h1>", html=False)
                search = self.client.get(f"/{lang}/search/?q=census")
                self.assertContains(search, f"<h1>{words['search']}</h1>", html=False)

    def test_the_portal_country_page_names_the_country_in_the_readers_language(self):
        self.assertContains(self.client.get("/pt/countries/mar/"), "<h1>Marrocos", html=False)
        self.assertContains(self.client.get("/es/countries/mar/"), "<h1>Marruecos", html=False)

    def test_a_member_who_chose_portuguese_or_spanish_reads_the_dossier_in_it(self):
        for lang, words in HEADINGS.items():
            with self.subTest(lang=lang):
                self.coordinator.language = lang
                self.coordinator.save(update_fields=["language"])
                client = Client()
                client.login(username="coordinator", password=PASSWORD)
                page = client.get("/countries/SEN/")
                self.assertContains(page, f"<h1>{words['dossier']}</h1>", html=False)
                self.assertContains(page, f'<html lang="{lang}"')

    def test_a_visitor_gets_the_sign_in_page_in_the_browsers_language(self):
        page = Client().get("/login/", HTTP_ACCEPT_LANGUAGE="pt-PT,pt;q=0.9")
        self.assertContains(page, "Iniciar sessão")
        page = Client().get("/login/", HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9")
        self.assertContains(page, "Iniciar sesión")

    def test_the_language_switch_offers_portuguese_and_spanish_and_remembers_them(self):
        client = Client()
        client.login(username="member", password=PASSWORD)
        response = client.post("/language/", {"language": "es", "next": "/countries/SEN/"})
        self.assertEqual(response.cookies[settings.LANGUAGE_COOKIE_NAME].value, "es")
        self.member.refresh_from_db()
        self.assertEqual(self.member.language, "es")
        page = client.get("/countries/SEN/")
        self.assertContains(page, "Expediente — Senegal")
        # The switch names each other language in that language.
        self.assertContains(page, 'value="pt" class="link" lang="pt">Português</button>')
        client.post("/language/", {"language": "pt", "next": "/countries/SEN/"})
        page = client.get("/countries/SEN/")
        self.assertContains(page, "Dossier — Senegal")
        self.assertContains(page, 'value="es" class="link" lang="es">Español</button>')
