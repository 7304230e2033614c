"""Separation of duties in who gets which role: nobody gives a role to themself, an
endorsing authority needs two different people (one of them consortium staff) before it
counts, and the admin raises nobody's privileges. Every grant, confirmation and refusal
is recorded and shown on the people page."""

from __future__ import annotations

import io
import re

from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation

from migguide.access.models import Access, AccessError, Permission, Role, RoleEvent, grant_role
from migguide.testing import PASSWORD, CastTestCase, make_user


class EndorserGrantTests(CastTestCase):
    def people(self, user, data=None, path="/countries/SEN/people/"):
        client = Client()
        client.force_login(user)
        if data is None:
            return client.get(path)
        return client.post(path, data, follow=True)

    def test_a_coordinator_cannot_make_themself_endorser(self):
        r = self.people(self.coordinator, {"email": self.coordinator.email, "kind": "endorser"})
        self.assertContains(r, "Nobody can give a role to themself.")
        self.assertFalse(Access.of(self.coordinator, self.senegal).can(Permission.ENDORSE))
        self.assertFalse(
            Role.objects.filter(user=self.coordinator, kind=Role.Kind.ENDORSER).exists()
        )

    def test_nobody_gives_any_role_to_themself(self):
        with self.assertRaisesMessage(AccessError, "Nobody can give a role to themself."):
            grant_role(
                access=Access.of(self.staff, self.mali), user=self.staff, kind=Role.Kind.MEMBER
            )
        self.assertFalse(self.staff.roles.exists())

    def test_an_endorser_invited_by_the_coordinator_counts_only_once_staff_confirm(self):
        # The coordinator's second account: existing, so the role is granted at once …
        second = make_user("second-account")
        r = self.people(self.coordinator, {"email": second.email, "kind": "endorser"})
        self.assertContains(r, "waits for a second person to confirm it")
        self.assertFalse(Access.of(second, self.senegal).can(Permission.ENDORSE))
        role = Role.objects.get(user=second, kind=Role.Kind.ENDORSER)
        # … and the coordinator cannot confirm their own grant.
        confirm = f"/countries/SEN/people/roles/{role.pk}/confirm/"
        r = self.people(self.coordinator, {}, path=confirm)
        self.assertContains(r, "consortium staff")
        self.assertFalse(Access.of(second, self.senegal).can(Permission.ENDORSE))
        # Nor can the person granted.
        with self.assertRaisesMessage(AccessError, "confirm"):
            role.confirm(access=Access.of(second, self.senegal))
        # A second, different person from the consortium can.
        r = self.people(self.staff, {}, path=confirm)
        self.assertContains(r, "is confirmed")
        self.assertTrue(Access.of(second, self.senegal).can(Permission.ENDORSE))
        role.refresh_from_db()
        self.assertEqual((role.granted_by, role.confirmed_by), (self.coordinator, self.staff))

    def test_an_endorser_invitation_accepted_by_a_new_account_is_pending(self):
        self.people(self.coordinator, {"email": "alias@example.org", "kind": "endorser"})
        link = re.search(r"http://testserver(/invitations/\S+/)", mail.outbox[0].body).group(1)
        newcomer = Client()
        r = newcomer.post(
            link,
            {"first_name": "A", "last_name": "B", "password1": PASSWORD, "password2": PASSWORD},
            follow=True,
        )
        self.assertContains(r, "waits for a second person to confirm it")
        role = Role.objects.get(user__email="alias@example.org")
        self.assertFalse(Access.of(role.user, self.senegal).can(Permission.READ))
        self.assertEqual(newcomer.get("/countries/SEN/").status_code, 404)

    def test_the_two_approvers_are_two_people_and_one_is_consortium_staff(self):
        other_staff = make_user("staff2", is_staff=True)
        role = grant_role(
            access=Access.of(self.staff, self.senegal), user=self.outsider, kind="endorser"
        )
        with self.assertRaisesMessage(AccessError, "a second, different person"):
            role.confirm(access=Access.of(self.staff, self.senegal))
        # Two coordinators of a country are not enough on their own.
        co2 = make_user("co2")
        Role.objects.create(user=co2, country=self.senegal, kind=Role.Kind.COORDINATOR)
        by_coordinator = grant_role(
            access=Access.of(self.coordinator, self.senegal), user=self.member, kind="endorser"
        )
        with self.assertRaisesMessage(AccessError, "consortium staff"):
            by_coordinator.confirm(access=Access.of(co2, self.senegal))
        # A coordinator of the country may be the second person after staff.
        role.confirm(access=Access.of(self.coordinator, self.senegal))
        self.assertTrue(Access.of(self.outsider, self.senegal).can(Permission.ENDORSE))
        by_coordinator.confirm(access=Access.of(other_staff, self.senegal))
        self.assertIsNotNone(by_coordinator.confirmed_at)

    def test_grants_confirmations_and_refusals_are_in_the_history(self):
        self.people(self.coordinator, {"email": self.coordinator.email, "kind": "endorser"})
        self.people(self.coordinator, {"email": self.outsider.email, "kind": "endorser"})
        role = Role.objects.get(user=self.outsider, kind=Role.Kind.ENDORSER)
        self.people(self.staff, {}, path=f"/countries/SEN/people/roles/{role.pk}/confirm/")
        page = self.people(self.staff).content.decode()
        history = page[page.index("History of the roles") :]
        rows = re.findall(r"<tr[^>]*>(.*?)</tr>", history, re.S)
        text = [re.sub(r"<[^>]+>|\s+", " ", row).split() for row in rows]
        joined = [" ".join(words) for words in text]
        self.assertTrue(
            any("refused" in row and "Fatou Sow" in row and "themself" in row for row in joined),
            joined,
        )
        self.assertTrue(
            any("waiting for confirmation" in row and "outsider" in row for row in joined),
            joined,
        )
        self.assertTrue(any("confirmed" in row and "staff" in row for row in joined), joined)


class AdminPrivilegeTests(CastTestCase):
    def setUp(self):
        self.client.force_login(self.staff)

    def user_form(self, user, **changes) -> dict:
        data = {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "is_active": "on",
            "language": "",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
            "roles-MIN_NUM_FORMS": "0",
            "roles-MAX_NUM_FORMS": "1000",
        }
        data.update(changes)
        return data

    def test_roles_deleted_in_the_admin_follow_the_people_page_rule(self):
        """Recorded in the history, and the last coordinator of a country stays."""
        last = Role.objects.get(user=self.coordinator, kind="coordinator")
        r = self.client.post(f"/admin/access/role/{last.pk}/delete/", {"post": "yes"}, follow=True)
        self.assertContains(r, "A country keeps at least one coordinator")
        self.assertTrue(Role.objects.filter(pk=last.pk).exists())
        member = Role.objects.get(user=self.member, kind="member")
        self.client.post(f"/admin/access/role/{member.pk}/delete/", {"post": "yes"})
        self.assertFalse(Role.objects.filter(pk=member.pk).exists())
        event = RoleEvent.objects.filter(user=self.member).latest("pk")
        self.assertEqual((event.action, event.by), (RoleEvent.Action.REVOKED, self.staff))

    def test_staff_cannot_make_themself_superuser_or_anyone_staff(self):
        r = self.client.post(
            f"/admin/access/user/{self.staff.pk}/change/",
            self.user_form(self.staff, is_staff="on", is_superuser="on", first_name="Claire"),
        )
        self.assertEqual(r.status_code, 302)
        self.staff.refresh_from_db()
        self.assertEqual(self.staff.first_name, "Claire")  # the form was saved …
        self.assertFalse(self.staff.is_superuser)  # … without the privilege
        r = self.client.post(
            f"/admin/access/user/{self.member.pk}/change/",
            self.user_form(self.member, is_staff="on", is_superuser="on"),
        )
        self.member.refresh_from_db()
        self.assertEqual((self.member.is_staff, self.member.is_superuser), (False, False))

    def test_even_a_superuser_cannot_raise_privileges_in_the_admin(self):
        root = make_user("root", is_staff=True, is_superuser=True)
        self.client.force_login(root)
        self.client.post(
            f"/admin/access/user/{self.member.pk}/change/",
            self.user_form(self.member, is_staff="on", is_superuser="on"),
        )
        self.member.refresh_from_db()
        self.assertEqual((self.member.is_staff, self.member.is_superuser), (False, False))

    def test_the_admin_password_form_of_another_person_is_refused(self):
        r = self.client.get(f"/admin/access/user/{self.member.pk}/password/")
        self.assertEqual(r.status_code, 403)
        r = self.client.post(
            f"/admin/access/user/{self.member.pk}/password/",
            {"password1": "another horse battery", "password2": "another horse battery"},
        )
        self.assertEqual(r.status_code, 403)
        self.member.refresh_from_db()
        self.assertTrue(self.member.check_password(PASSWORD))

    def test_staff_cannot_give_themself_an_endorser_role_in_the_admin(self):
        r = self.client.post(
            "/admin/access/role/add/",
            {"user": self.staff.pk, "country": self.senegal.pk, "kind": "endorser"},
        )
        self.assertContains(r, "Nobody can give a role to themself.")
        self.assertFalse(self.staff.roles.exists())

    def test_an_endorser_role_added_in_the_admin_waits_for_a_second_person(self):
        r = self.client.post(
            "/admin/access/role/add/",
            {"user": self.outsider.pk, "country": self.senegal.pk, "kind": "endorser"},
        )
        self.assertEqual(r.status_code, 302)
        role = Role.objects.get(user=self.outsider)
        self.assertEqual(role.granted_by, self.staff)
        self.assertFalse(Access.of(self.outsider, self.senegal).can(Permission.ENDORSE))

    def test_roles_cannot_be_added_through_the_person_form(self):
        r = self.client.post(
            f"/admin/access/user/{self.staff.pk}/change/",
            self.user_form(
                self.staff,
                **{
                    "roles-TOTAL_FORMS": "1",
                    "roles-0-country": self.senegal.pk,
                    "roles-0-kind": "endorser",
                    "roles-0-user": self.staff.pk,
                },
            ),
        )
        self.assertLess(r.status_code, 500)
        self.assertFalse(self.staff.roles.exists())


class StaffCommandTests(CastTestCase):
    def test_staff_is_given_and_taken_back_from_the_command_line(self):
        out = io.StringIO()
        call_command("staff", "member", stdout=out)
        self.assertIn("member is consortium staff.", out.getvalue())
        self.member.refresh_from_db()
        self.assertTrue(self.member.is_staff)
        call_command("staff", "member", "--remove", stdout=out)
        self.member.refresh_from_db()
        self.assertFalse(self.member.is_staff)
        with self.assertRaisesMessage(CommandError, "nobody"):
            call_command("staff", "nobody")


class FrenchTests(CastTestCase):
    def test_the_refusal_and_the_history_read_in_french(self):
        self.coordinator.language = "fr"
        self.coordinator.save()
        client = Client()
        client.force_login(self.coordinator)
        # The pages of a person who reads French leave French active in the thread:
        # the override puts back the language the other tests expect.
        with translation.override(None):
            r = client.post(
                "/countries/SEN/people/",
                {"email": self.coordinator.email, "kind": "endorser"},
                follow=True,
            )
        self.assertContains(r, "Personne ne peut s’attribuer un rôle à soi-même.")
        self.assertContains(r, "Historique des rôles")
        self.assertContains(r, "refusé")
