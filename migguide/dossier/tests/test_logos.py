"""The coordinator uploads the national emblem and logos of the guide's cover; they
travel with the dossier's export (so an edition freezes them) and no one else may
change them."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from migguide.dossier import exchange
from migguide.dossier import models as m
from migguide.dossier.snapshot import Snapshot
from migguide.files.logos import LogoRefused
from migguide.files.tests.test_logos import CIRCLE, tiny_png
from migguide.testing import CastTestCase

URL = "/countries/SEN/logos/"


def upload(name: str, data: bytes, description: str = "Emblem of the Republic") -> dict:
    return {"image": SimpleUploadedFile(name, data), "description": description}


class LogoPageTests(CastTestCase):
    def test_the_coordinator_adds_a_png_and_an_svg_shown_in_order_with_their_description(self):
        self.client.force_login(self.coordinator)
        r = self.client.post(URL, upload("emblem.png", tiny_png()), follow=True)
        self.assertContains(r, "The logo is added")
        self.client.post(URL, upload("ministry.svg", CIRCLE.encode(), "Ministry of the Interior"))
        self.dossier.refresh_from_db()
        self.assertEqual(
            [logo["description"] for logo in self.dossier.logos],
            ["Emblem of the Republic", "Ministry of the Interior"],
        )
        self.assertIn("data:image/png;base64,", self.dossier.logos[0]["svg"])
        page = self.client.get(URL)
        self.assertContains(page, 'alt="Ministry of the Interior"')
        self.assertContains(page, 'src="data:image/svg+xml;base64,')

    def test_a_hostile_svg_is_refused_with_the_file_name_and_nothing_is_kept(self):
        self.client.force_login(self.coordinator)
        hostile = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
        r = self.client.post(URL, upload("emblem.svg", hostile))
        self.assertContains(r, "emblem.svg: The SVG holds an event handler (onload)")
        self.dossier.refresh_from_db()
        self.assertEqual(self.dossier.logos, [])

    def test_the_page_speaks_french(self):
        self.client.force_login(self.coordinator)
        r = self.client.get(URL, headers={"accept-language": "fr"})
        self.assertContains(r, "Logos du guide")
        self.assertContains(r, "Aucun logo pour l’instant")

    def test_a_logo_is_removed_and_a_fourth_is_refused(self):
        self.client.force_login(self.coordinator)
        for i in range(3):
            self.client.post(URL, upload("logo.svg", CIRCLE.encode(), f"Logo {i}"))
        r = self.client.post(URL, upload("logo.svg", CIRCLE.encode(), "Logo 3"))
        self.assertContains(r, "A guide prints at most 3 logos")
        self.client.post(f"{URL}1/remove/")
        self.dossier.refresh_from_db()
        self.assertEqual([logo["description"] for logo in self.dossier.logos], ["Logo 0", "Logo 2"])
        self.assertEqual(self.client.post(f"{URL}7/remove/").status_code, 404)

    def test_only_the_coordinator_may_change_the_logos(self):
        for user in (self.member, self.reviewer, self.endorser):
            self.client.force_login(user)
            self.assertEqual(self.client.get(URL).status_code, 403)
            r = self.client.post(URL, upload("emblem.svg", CIRCLE.encode()))
            self.assertEqual(r.status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(URL).status_code, 404)
        self.dossier.refresh_from_db()
        self.assertEqual(self.dossier.logos, [])

    def test_a_logo_needs_a_description(self):
        with self.assertRaisesMessage(LogoRefused, "Say what the logo is"):
            self.dossier.add_logo(CIRCLE.encode(), "  ")


class LogoExchangeTests(CastTestCase):
    def test_the_logos_travel_with_the_export_and_into_the_snapshot(self):
        self.dossier.add_logo(CIRCLE.encode(), "Emblem")
        data = exchange.export_dossier(self.dossier)
        self.assertEqual(data["dossier"]["logos"], [{"description": "Emblem", "svg": CIRCLE}])
        snapshot = Snapshot.of(self.dossier)
        self.assertEqual(snapshot.logos[0].description, "Emblem")
        self.assertEqual(snapshot.public().logos, snapshot.logos)
        self.dossier.logos = []
        self.dossier.save()
        exchange.import_dossier(json.loads(exchange.dumps(data)), replace=True)
        self.assertEqual(m.Dossier.objects.get(pk=self.dossier.pk).logos[0]["svg"], CIRCLE)

    def test_an_import_with_a_hostile_logo_is_refused_and_changes_nothing(self):
        data = exchange.export_dossier(self.dossier)
        data["dossier"]["logos"] = [
            {"description": "x", "svg": '<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'}
        ]
        with self.assertRaises(exchange.ImportRefused) as refused:
            exchange.import_dossier(data, replace=True)
        self.assertIn("dossier.logos[0]", str(refused.exception))
        self.assertEqual(m.Dossier.objects.get(pk=self.dossier.pk).logos, [])

    def test_a_file_written_before_logos_existed_still_imports(self):
        data = exchange.export_dossier(self.dossier)
        del data["dossier"]["logos"]
        exchange.import_dossier(data, replace=True)
        self.assertEqual(m.Dossier.objects.get(pk=self.dossier.pk).logos, [])
