import datetime
import re

from django.core import mail
from django.test import Client
from django.utils import timezone

from migguide.access.models import Access, Invitation, Permission, Role, User, countries_for
from migguide.countries.models import Country
from migguide.dossier import models as m
from migguide.testing import PASSWORD, CastTestCase


class RoleRulesTests(CastTestCase):
    def test_each_role_gives_its_permissions(self):
        expected = {
            self.coordinator: {
                Permission.READ,
                Permission.EDIT,
                Permission.MANAGE,
                Permission.COMMENT,
            },
            self.member: {Permission.READ, Permission.EDIT, Permission.COMMENT},
            self.reviewer: {Permission.READ, Permission.COMMENT},
            self.endorser: {Permission.READ, Permission.COMMENT, Permission.ENDORSE},
            self.outsider: set(),
            self.mali_member: set(),
        }
        for user, permissions in expected.items():
            self.assertEqual(Access.of(user, self.senegal).permissions, permissions, user)

    def test_staff_may_do_everything_but_endorse(self):
        access = Access.of(self.staff, self.mali)
        self.assertTrue(access.can(Permission.MANAGE))
        self.assertFalse(access.can(Permission.ENDORSE))

    def test_one_person_can_hold_roles_in_several_countries(self):
        Role.objects.create(user=self.reviewer, country=self.mali, kind=Role.Kind.REVIEWER)
        self.assertEqual(
            set(countries_for(self.reviewer).values_list("iso3", flat=True)), {"SEN", "MLI"}
        )
        self.assertEqual(list(countries_for(self.outsider)), [])

    def test_home_lists_the_countries_of_the_person(self):
        self.client.force_login(self.mali_member)
        r = self.client.get("/")
        self.assertContains(r, "Mali")
        self.assertNotContains(r, "Senegal")
        self.client.force_login(self.staff)
        r = self.client.get("/")
        self.assertContains(r, "Mali")
        self.assertContains(r, "Senegal")


class InvitationTests(CastTestCase):
    def setUp(self):
        self.client.force_login(self.coordinator)

    def test_coordinator_invites_a_new_person_who_joins_by_the_link(self):
        r = self.client.post(
            "/countries/SEN/people/",
            {"email": "Awa.Diallo@Example.org", "name": "Awa Diallo", "kind": "member"},
        )
        self.assertRedirects(r, "/countries/SEN/people/")
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["awa.diallo@example.org"])
        link = re.search(r"http://testserver(/invitations/\S+/)", mail.outbox[0].body).group(1)
        newcomer = Client()
        r = newcomer.get(link)
        self.assertContains(r, "Join the work on Senegal")
        r = newcomer.post(
            link,
            {
                "first_name": "Awa",
                "last_name": "Diallo",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
        self.assertRedirects(r, "/countries/SEN/")
        user = User.objects.get(email="awa.diallo@example.org")
        self.assertEqual(list(user.roles.values_list("kind", flat=True)), ["member"])
        self.assertEqual(newcomer.get("/countries/SEN/sources/").status_code, 200)
        r = Client().get(link)
        self.assertEqual(r.status_code, 404, "an invitation serves once")

    def test_an_invitation_accepted_in_french_gives_a_french_account_and_french_mail(self):
        """Without a language on the account, every later e-mail would arrive in English."""
        invitation = Invitation.objects.create(
            country=self.senegal, email="awa.diallo@example.org", kind="member"
        )
        newcomer = Client(headers={"accept-language": "fr"})
        self.assertContains(newcomer.get(f"/invitations/{invitation.token}/"), "Prénom")
        newcomer.post(
            f"/invitations/{invitation.token}/",
            {
                "first_name": "Awa",
                "last_name": "Diallo",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
        user = User.objects.get(email="awa.diallo@example.org")
        self.assertEqual(user.language, "fr")
        Client().post("/account/password/reset/", {"email": "awa.diallo@example.org"})
        self.assertIn("Le lien sert une seule fois", mail.outbox[-1].body)

    def test_accepting_keeps_a_language_the_account_already_has(self):
        self.outsider.language = "en"
        self.outsider.save()
        invitation = Invitation.objects.create(
            country=self.mali, email="outsider@example.org", kind="reviewer"
        )
        invitation.accept(self.outsider, language="fr")
        self.outsider.refresh_from_db()
        self.assertEqual(self.outsider.language, "en")

    def test_weak_passwords_are_refused_next_to_the_field(self):
        invitation = Invitation.objects.create(
            country=self.senegal, email="x@example.org", kind="member"
        )
        r = Client().post(
            f"/invitations/{invitation.token}/",
            {"first_name": "X", "last_name": "Y", "password1": "123", "password2": "123"},
        )
        self.assertContains(r, "This password is too short.")
        self.assertFalse(User.objects.filter(email="x@example.org").exists())

    def test_an_existing_person_gets_the_role_at_once(self):
        self.client.post(
            "/countries/SEN/people/", {"email": "mali@example.org", "kind": "reviewer"}
        )
        self.assertTrue(
            Role.objects.filter(
                user=self.mali_member, country=self.senegal, kind="reviewer"
            ).exists()
        )
        self.assertEqual(len(mail.outbox), 0)

    def test_an_expired_invitation_is_refused(self):
        invitation = Invitation.objects.create(
            country=self.senegal,
            email="late@example.org",
            kind="member",
            expires_at=timezone.now() - datetime.timedelta(days=1),
        )
        self.assertEqual(Client().get(f"/invitations/{invitation.token}/").status_code, 404)

    def test_a_signed_in_person_accepts_with_one_click(self):
        invitation = Invitation.objects.create(
            country=self.mali, email="outsider@example.org", kind="reviewer"
        )
        client = Client()
        client.force_login(self.outsider)
        r = client.post(f"/invitations/{invitation.token}/")
        self.assertRedirects(r, "/countries/MLI/")
        self.assertTrue(Access.of(self.outsider, self.mali).can(Permission.READ))

    def test_an_invitation_serves_only_the_address_it_was_sent_to(self):
        """A forwarded or leaked link must not give the role to whoever is signed in."""
        invitation = Invitation.objects.create(
            country=self.mali, email="awa.diallo@example.org", kind="member"
        )
        client = Client()
        client.force_login(self.outsider)
        refusal = "This invitation was sent to another e-mail address than the one of your account"
        r = client.get(f"/invitations/{invitation.token}/")
        self.assertContains(r, refusal, status_code=403)
        self.assertContains(r, "Sign out and open the link again", status_code=403)
        self.assertNotContains(r, "Accept</button>", status_code=403)
        r = client.post(f"/invitations/{invitation.token}/")
        self.assertContains(r, refusal, status_code=403)
        self.assertFalse(Access.of(self.outsider, self.mali).can(Permission.READ))
        invitation.refresh_from_db()
        self.assertTrue(invitation.is_open, "the invited person can still use it")

    def test_the_invited_address_is_compared_without_regard_to_case(self):
        invitation = Invitation.objects.create(
            country=self.mali, email="Outsider@Example.ORG", kind="reviewer"
        )
        client = Client()
        client.force_login(self.outsider)
        r = client.post(f"/invitations/{invitation.token}/")
        self.assertRedirects(r, "/countries/MLI/")
        self.assertTrue(Access.of(self.outsider, self.mali).can(Permission.READ))

    def test_the_last_coordinator_stays(self):
        role = Role.objects.get(user=self.coordinator, kind="coordinator")
        r = self.client.post(f"/countries/SEN/people/roles/{role.pk}/revoke/", follow=True)
        self.assertContains(r, "A country keeps at least one coordinator")
        self.assertTrue(Role.objects.filter(pk=role.pk).exists())

    def test_a_role_is_withdrawn(self):
        role = Role.objects.get(user=self.reviewer)
        self.client.post(f"/countries/SEN/people/roles/{role.pk}/revoke/")
        self.assertFalse(Role.objects.filter(pk=role.pk).exists())
        self.assertFalse(Access.of(self.reviewer, self.senegal).can(Permission.READ))

    def test_a_member_cannot_give_roles(self):
        self.client.force_login(self.member)
        r = self.client.post(
            "/countries/SEN/people/", {"email": "z@example.org", "kind": "coordinator"}
        )
        self.assertEqual(r.status_code, 403)
        self.assertFalse(Invitation.objects.filter(email="z@example.org").exists())


class LanguageTests(CastTestCase):
    def test_language_choice_is_kept_on_the_account(self):
        self.client.force_login(self.member)
        r = self.client.post("/language/", {"language": "fr", "next": "/countries/SEN/"})
        self.assertRedirects(r, "/countries/SEN/")
        self.member.refresh_from_db()
        self.assertEqual(self.member.language, "fr")
        other_browser = Client()
        other_browser.force_login(self.member)
        self.assertContains(other_browser.get("/countries/SEN/"), "Dossier — Sénégal")

    def test_anonymous_choice_is_a_cookie_and_unsafe_next_is_ignored(self):
        r = self.client.post("/language/", {"language": "fr", "next": "https://evil.example/"})
        self.assertEqual(r["Location"], "/")
        self.assertContains(self.client.get("/login/"), "Se connecter")


class CountryOrderTests(CastTestCase):
    def test_the_home_page_lists_countries_in_the_order_of_the_readers_language(self):
        """In French, Sénégal comes before Suède and Bénin before Burkina Faso."""
        for iso3 in ["BEN", "BFA", "SWE"]:
            m.Dossier.objects.create(country=Country.objects.get(iso3=iso3), languages=["fr"])
        self.staff.language = "fr"
        self.staff.save()
        self.client.force_login(self.staff)
        text = self.client.get("/").content.decode()
        positions = [text.index(n) for n in ["Bénin", "Burkina Faso", "Mali", "Sénégal", "Suède"]]
        self.assertEqual(positions, sorted(positions))
