"""When answers arrive — a file imported, a web form submitted — the country's
coordinators are e-mailed, each in their language, with a link to each response's
review; the person who imported them is not."""

from __future__ import annotations

from django.core import mail
from django.test import Client

from migguide.access.models import Role
from migguide.consultation import importing
from migguide.consultation.models import Dispatch
from migguide.consultation.questionnaires import QUESTIONNAIRES
from migguide.consultation.samples import kobo_xlsx
from migguide.dossier import models as m
from migguide.testing import CastTestCase, make_user


def answers(name: str) -> dict:
    return {
        "institution": {"name": name, "kind": "statistics"},
        "respondent": {"name": "Awa", "email": "awa@example.org"},
        "sources": [{"ref": "new", "title": "Labour survey", "kind": "survey"}],
    }


class AnswersArrivedTests(CastTestCase):
    def test_an_imported_file_tells_each_coordinator_with_a_link_to_each_review(self):
        self.coordinator.language = "en"
        self.coordinator.save()
        second = make_user("second-coordinator", language="fr")
        Role.objects.create(user=second, country=self.senegal, kind=Role.Kind.COORDINATOR)
        inst = m.Institution.objects.get(dossier=self.dossier)
        data = kobo_xlsx(
            QUESTIONNAIRES["authority"],
            [(inst.uid.hex, answers(inst.name)), ("", answers("Direction X"))],
            country="SEN",
        )
        with self.captureOnCommitCallbacks(execute=True):
            report = importing.import_bytes("kobo.xlsx", data, country=self.senegal, by=second)
        # The importer knows already; the other coordinator is told, in English as
        # they chose.
        [message] = mail.outbox
        self.assertEqual(message.to, [self.coordinator.email])
        self.assertIn("Senegal: 2 responses to the questionnaire to review", message.subject)
        for response in report.added:
            self.assertIn(
                f"{response.institution_name} — review the answers: http://localhost:8000"
                f"/countries/SEN/consultation/responses/{response.pk}/",
                message.body,
            )
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            importing.import_bytes("kobo.xlsx", data, country=self.senegal)
        self.assertEqual(mail.outbox, [], "nothing new, nobody told")

    def test_a_submitted_web_form_tells_the_coordinator_in_the_teams_language(self):
        """The coordinator chose no language: the Senegalese team writes in French."""
        inst = m.Institution.objects.get(dossier=self.dossier)
        dispatch = Dispatch.objects.create(
            country=self.senegal,
            institution=inst,
            institution_name=inst.name,
            form="authority",
            version=QUESTIONNAIRES["authority"].version,
            channel=Dispatch.Channel.WEB,
            language="fr",
        )
        with self.captureOnCommitCallbacks(execute=True):
            importing.store_web(dispatch, answers(inst.name))
        [message] = mail.outbox
        self.assertEqual(message.to, [self.coordinator.email])
        self.assertIn("1 réponse au questionnaire à examiner", message.subject)
        self.assertIn("examiner les réponses", message.body)
        response = dispatch.responses.get()
        link = f"/countries/SEN/consultation/responses/{response.pk}/"
        self.assertIn(link, message.body)
        client = Client()
        client.force_login(self.coordinator)
        self.assertEqual(client.get(link).status_code, 200)
