"""The demonstration's editions: one taken up to its endorsement and left for someone to
publish (what the cluster check publishes through the edition's page)."""

from django.test import TestCase

from migguide.access.models import Access, Role
from migguide.countries.models import Country
from migguide.countries.registry import load_registry
from migguide.demo.dossier import load_demo_dossier
from migguide.demo.editions import endorse_demo_edition, publish_demo_edition
from migguide.editions.models import Edition
from migguide.editions.publishing import PUBLISHED_FORMATS, PUBLISHED_VERSIONS, publish
from migguide.testing import make_user


class EndorseDemoEditionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_registry()
        load_demo_dossier("SEN")
        cls.senegal = Country.objects.get(iso3="SEN")
        cls.people = {}
        for name, kind in (
            ("fatou", Role.Kind.COORDINATOR),
            ("jean", Role.Kind.REVIEWER),
            ("mamadou", Role.Kind.ENDORSER),
        ):
            cls.people[kind] = make_user(name, first_name=name.title())
            Role.objects.create(user=cls.people[kind], country=cls.senegal, kind=kind)

    def test_the_next_edition_is_endorsed_and_left_for_the_coordinator_to_publish(self):
        publish_demo_edition(self.senegal)
        edition = endorse_demo_edition(self.senegal)
        edition.refresh_from_db()
        self.assertEqual(edition.number, 2)
        self.assertEqual(edition.state, Edition.State.ENDORSED)
        self.assertEqual(edition.endorsement.name, "Mamadou")
        self.assertEqual(edition.endorsement.position, "Directeur général (démonstration)")
        self.assertEqual(edition.comments.filter(resolved_at__isnull=False).count(), 1)
        self.assertFalse(edition.files.exists())
        # Edition 1 stays the public one until edition 2 is published.
        published = Edition.objects.filter(country=self.senegal).published().get()
        self.assertEqual(published.number, 1)

        publish(edition, access=Access.of(self.people[Role.Kind.COORDINATOR], self.senegal))
        edition.refresh_from_db()
        self.assertEqual(edition.state, Edition.State.PUBLISHED)
        self.assertEqual(
            edition.files.count(),
            len(edition.languages) * len(PUBLISHED_VERSIONS) * len(PUBLISHED_FORMATS),
        )
