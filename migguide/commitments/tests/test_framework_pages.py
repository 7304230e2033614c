"""Consortium staff edit the frameworks in the app: titles in each language, a new item,
a new framework, retirement with a correspondence from old codes to new — plain forms,
rules on the models; nobody else reaches these pages."""

from django.test import Client

from migguide.commitments import frameworks
from migguide.commitments.models import CommitmentError, Correspondence, Framework, Item, Tag
from migguide.dossier import models as m
from migguide.testing import CastTestCase


class FrameworkPagesTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        frameworks.load()
        cls.cap = Framework.objects.get(code="cadiz-2023-2027")
        cls.cap4 = Item.objects.get(code="CAP-4")

    def setUp(self):
        self.staff_client = Client()
        self.staff_client.force_login(self.staff)

    def test_only_consortium_staff_reach_the_framework_pages(self):
        urls = [
            "/activity/frameworks/",
            "/activity/frameworks/cadiz-2023-2027/",
            f"/activity/frameworks/cadiz-2023-2027/items/{self.cap4.pk}/",
        ]
        for user in (self.coordinator, self.member, self.outsider):
            client = Client()
            client.force_login(user)
            for url in urls:
                self.assertEqual(client.get(url).status_code, 403, (url, user.username))
            post = client.post(
                f"/activity/frameworks/cadiz-2023-2027/items/{self.cap4.pk}/",
                {"title_en": "Changed", "keywords": ""},
            )
            self.assertEqual(post.status_code, 403)
        self.cap4.refresh_from_db()
        self.assertNotEqual(self.cap4.title("en"), "Changed")
        self.assertIn("/login/", Client().get(urls[0])["Location"])
        for url in urls:
            self.assertEqual(self.staff_client.get(url).status_code, 200, url)

    def test_staff_give_an_item_its_title_in_each_language(self):
        page = self.staff_client.get(f"/activity/frameworks/cadiz-2023-2027/items/{self.cap4.pk}/")
        self.assertContains(page, 'name="title_pt"')
        self.assertContains(page, 'lang="ar"')
        response = self.staff_client.post(
            f"/activity/frameworks/cadiz-2023-2027/items/{self.cap4.pk}/",
            {
                "title_en": "Return, readmission and reintegration",
                "title_fr": self.cap4.title("fr"),
                "title_pt": "Regresso, readmissão e reintegração",
                "title_es": "",
                "title_ar": "العودة وإعادة القبول وإعادة الإدماج",
                "keywords": "return, readmission",
            },
        )
        self.assertRedirects(response, "/activity/frameworks/cadiz-2023-2027/")
        self.cap4.refresh_from_db()
        self.assertEqual(self.cap4.title("pt"), "Regresso, readmissão e reintegração")
        self.assertEqual(self.cap4.title("es"), "Return, readmission and reintegration")
        self.assertEqual(self.cap4.words(), ["return", "readmission"])
        listed = self.staff_client.get(
            "/activity/frameworks/cadiz-2023-2027/", headers={"accept-language": "pt"}
        )
        self.assertContains(listed, "Regresso, readmissão e reintegração")

    def test_an_item_without_its_english_title_is_refused(self):
        with self.assertRaisesMessage(CommitmentError, "An item needs its title in English."):
            self.cap4.retitle({"en": " ", "fr": "Retour"})
        response = self.staff_client.post(
            f"/activity/frameworks/cadiz-2023-2027/items/{self.cap4.pk}/",
            {"title_en": "", "title_fr": "X"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'class="error"')
        self.cap4.refresh_from_db()
        self.assertNotEqual(self.cap4.title("fr"), "X")

    def test_staff_add_an_action_under_an_objective(self):
        objective = Item.objects.get(code="CAP-3.6")
        response = self.staff_client.post(
            "/activity/frameworks/cadiz-2023-2027/items/add/",
            {
                "code": "CAP-3.6z",
                "level": "action",
                "parent": objective.pk,
                "title_en": "Share integration data",
                "title_fr": "Partager les données sur l’intégration",
                "keywords": "integration",
            },
            follow=True,
        )
        self.assertContains(response, "CAP-3.6z")
        item = Item.objects.get(code="CAP-3.6z")
        self.assertEqual(
            (item.framework, item.parent, item.heading), (self.cap, objective, objective)
        )
        self.assertEqual(item.title("fr"), "Partager les données sur l’intégration")

    def test_a_code_already_used_is_refused_with_a_message(self):
        response = self.staff_client.post(
            "/activity/frameworks/cadiz-2023-2027/items/add/",
            {"code": "GCM-1", "level": "objective", "title_en": "Duplicate"},
            follow=True,
        )
        self.assertContains(response, "The code GCM-1 is already used.")
        self.assertEqual(Item.objects.filter(code="GCM-1").count(), 1)
        gcm = Framework.objects.get(code="gcm")
        with self.assertRaisesMessage(
            CommitmentError, "An item can only be placed under an item of its own framework."
        ):
            self.cap.add_item(
                code="CAP-9", level="objective", titles={"en": "X"}, parent=gcm.items.first()
            )

    def test_the_next_plan_replaces_the_old_one_with_a_correspondence_and_tags_are_kept(self):
        rec = m.Recommendation.objects.get(dossier=self.dossier)
        Tag.set_for_entry(dossier=self.dossier, uid=str(rec.uid), items=[self.cap4])
        response = self.staff_client.post(
            "/activity/frameworks/",
            {
                "code": "cap-2028",
                "name_en": "Next action plan 2028–2032",
                "name_fr": "Plan suivant",
            },
        )
        self.assertRedirects(response, "/activity/frameworks/cap-2028/")
        self.staff_client.post(
            "/activity/frameworks/cap-2028/items/add/",
            {"code": "NAP-4", "level": "area", "title_en": "Return and reintegration"},
        )
        new = Item.objects.get(code="NAP-4")
        self.staff_client.post(
            "/activity/frameworks/cadiz-2023-2027/retire/", {"replaced_by": new.framework.pk}
        )
        self.cap.refresh_from_db()
        self.assertIsNotNone(self.cap.retired_on)
        self.assertEqual(self.cap.replaced_by.code, "cap-2028")
        page = self.staff_client.get("/activity/frameworks/cadiz-2023-2027/")
        self.assertContains(page, f'name="item_{self.cap4.pk}"')
        self.assertNotContains(page, "/items/add/")  # a retired framework takes no items
        self.staff_client.post(
            "/activity/frameworks/cadiz-2023-2027/correspondence/", {f"item_{self.cap4.pk}": new.pk}
        )
        self.assertEqual(
            list(Correspondence.objects.values_list("old__code", "new__code")), [("CAP-4", "NAP-4")]
        )
        page = self.staff_client.get("/activity/frameworks/cadiz-2023-2027/")
        self.assertContains(page, "NAP-4")
        self.assertTrue(Tag.objects.filter(item=self.cap4).exists())
        with self.assertRaisesMessage(CommitmentError, "A retired framework takes no new items."):
            self.cap.add_item(code="CAP-9", level="area", titles={"en": "Late"})

    def test_a_correspondence_only_goes_to_the_successors_items(self):
        gcm = Framework.objects.get(code="gcm")
        nxt = Framework.adopt(code="next", names={"en": "Next"})
        self.cap.retire(replaced_by=nxt)
        with self.assertRaisesMessage(
            CommitmentError,
            "A correspondence goes from an item of the retired framework to an item of its "
            "successor.",
        ):
            self.cap.set_correspondence({self.cap4: gcm.items.first()})
        with self.assertRaisesMessage(
            CommitmentError, "Only a retired framework with a successor has a correspondence."
        ):
            gcm.set_correspondence({})
        with self.assertRaisesMessage(CommitmentError, "A framework needs its name in English."):
            Framework.adopt(code="other", names={"fr": "Autre"})

    def test_the_pages_speak_the_readers_language(self):
        fr = {"headers": {"accept-language": "fr"}}
        page = self.staff_client.get("/activity/frameworks/cadiz-2023-2027/", **fr)
        for text in ("Ajouter un élément", "Retirer ce cadre", "Plan d’action de Cadix 2023-2027"):
            self.assertContains(page, text)
        self.assertNotContains(page, "Add an item")
        page = self.staff_client.get("/activity/frameworks/", headers={"accept-language": "ar"})
        self.assertContains(page, "إضافة إطار")
        self.assertContains(page, 'dir="rtl"')
