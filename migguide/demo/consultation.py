"""The consultation of the demonstration: questionnaires sent to three institutions,
and one set of answers from KoboToolbox waiting for review — so that the tracker, the
web form and the review page have something to show."""

from __future__ import annotations

import hashlib

from migguide.consultation import importing
from migguide.consultation.models import Dispatch
from migguide.consultation.questionnaires import QUESTIONNAIRES
from migguide.consultation.samples import kobo_xlsx
from migguide.countries.models import Country
from migguide.dossier import models as m


def _answers(dossier: m.Dossier) -> tuple[str, dict]:
    hcse = m.Institution.objects.get(dossier=dossier, acronym="HCSE")
    consular = m.Source.objects.filter(dossier=dossier, collector__acronym="DGASE").first()
    return hcse.uid.hex, {
        "institution": {
            "name": hcse.name,
            "kind": hcse.kind,
            "mandate": (
                "Organe consultatif représentant les Sénégalais de l'extérieur auprès des "
                "pouvoirs publics ; émet des avis sur les politiques qui les concernent."
            ),
        },
        "respondent": {"name": "Aminata Diallo (fictive)", "position": "Secrétaire générale"},
        "stages": ["needs", "follow-up"],
        "stage_role": "Remonte les besoins de la diaspora ; suit la mise en œuvre des mesures.",
        "used_sources": [consular.uid.hex] if consular else [],
        "sources": [
            {
                "ref": "new",
                "title": "Recensement des associations de la diaspora",
                "description": "Liste des associations déclarées par pays de résidence.",
                "kind": "register",
                "status": "potential",
                "areas": ["diaspora", "development"],
                "periodicity": "irregular",
                "access": "on-request",
            }
        ],
        "challenges": [
            {
                "category": "dissemination",
                "description": "Les données consulaires ne sont pas partagées avec le Conseil.",
                "corrective_actions": "Convention de partage avec la DGASE.",
            }
        ],
        "needs": [
            {"description": "Formation à l'analyse des données", "kind": "training"},
        ],
    }


def consultation_demo(country: Country) -> str:
    dossier = m.Dossier.objects.get(country=country)
    sent = []
    for acronym, channel, email in (
        ("DGASE", Dispatch.Channel.WEB, "dgase@example.org"),
        ("DPAF", Dispatch.Channel.XLSX, ""),
        ("HCSE", Dispatch.Channel.XLSFORM, ""),
    ):
        inst = m.Institution.objects.get(dossier=dossier, acronym=acronym)
        dispatch = Dispatch.objects.filter(country=country, institution=inst).first()
        if dispatch is None:
            dispatch = Dispatch.objects.create(
                country=country,
                institution=inst,
                institution_name=inst.name,
                form="authority",
                version=QUESTIONNAIRES["authority"].version,
                channel=channel,
                language="fr",
                sent_to=email,
            )
        sent.append(dispatch)
    data = kobo_xlsx(QUESTIONNAIRES["authority"], [_answers(dossier)], country=country.iso3)
    report = importing.store(
        importing.read("kobo-demo.xlsx", data, country=country),
        country=country,
        file_name="kobo-demo.xlsx",
        sha256=hashlib.sha256(data).hexdigest(),
    )
    web = sent[0]
    return (
        f"{len(sent)} questionnaires sent; {len(report.added)} new response to review "
        f"({report.already} imported before); DGASE's web form: /q/{web.token}/"
    )
