"""Loading the registry: every ISO 3166 country, and the Rabat Process with its partners,
observers and phases. Idempotent: running it again updates in place."""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

import pycountry
from babel.languages import get_official_languages
from django.db import transaction

from .m49 import m49_of
from .models import Country, Dialogue, Membership, Phase

DATA_DIR = Path(__file__).parent / "data"

# The phases of the activity, by language; a language missing here is read in English
# (Phase.name falls back to it).
RABAT_PHASES = [
    (
        "interest",
        {
            "en": "Expression of interest; stakeholders identified",
            "fr": "Manifestation d'intérêt ; identification des acteurs",
            "pt": "Manifestação de interesse; identificação dos intervenientes",
            "es": "Manifestación de interés; identificación de los actores",
            "ar": "إبداء الاهتمام؛ تحديد الجهات المعنية",
        },
    ),
    (
        "consultation",
        {
            "en": "Questionnaires and departmental surveys",
            "fr": "Questionnaires et enquêtes départementales",
            "pt": "Questionários e inquéritos setoriais",
            "es": "Cuestionarios y encuestas sectoriales",
            "ar": "الاستبيانات والمسوح القطاعية",
        },
    ),
    (
        "workshops",
        {
            "en": "National discussion and training workshops",
            "fr": "Ateliers nationaux de discussion et de formation",
            "pt": "Seminários nacionais de discussão e de formação",
            "es": "Talleres nacionales de debate y de formación",
            "ar": "ورش العمل الوطنية للنقاش والتدريب",
        },
    ),
    (
        "compilation",
        {
            "en": "Guide compiled",
            "fr": "Compilation du guide",
            "pt": "Compilação do guia",
            "es": "Compilación de la guía",
            "ar": "تجميع الدليل",
        },
    ),
    (
        "endorsement",
        {
            "en": "Review and endorsement",
            "fr": "Relecture et validation",
            "pt": "Revisão e validação",
            "es": "Revisión y validación",
            "ar": "المراجعة والاعتماد",
        },
    ),
    (
        "publication",
        {
            "en": "Publication (guide and map)",
            "fr": "Publication (guide et carte)",
            "pt": "Publicação (guia e mapa)",
            "es": "Publicación (guía y mapa)",
            "ar": "النشر (الدليل والخريطة)",
        },
    ),
    (
        "som",
        {
            "en": "Presentation to the Senior Officials' Meeting",
            "fr": "Présentation à la réunion des hauts fonctionnaires",
            "pt": "Apresentação à Reunião de Altos Funcionários",
            "es": "Presentación a la Reunión de Altos Funcionarios",
            "ar": "العرض على اجتماع كبار المسؤولين",
        },
    ),
    (
        "follow-up",
        {
            "en": "Follow-up and new editions",
            "fr": "Suivi et nouvelles éditions",
            "pt": "Acompanhamento e novas edições",
            "es": "Seguimiento y nuevas ediciones",
            "ar": "المتابعة والطبعات الجديدة",
        },
    ),
]

# Changes of membership that the current partner list does not show (see the Rabat
# Process partner lists over the years). Dates that the lists do not give stay empty.
RABAT_HISTORY = [
    ("EGY", "africa", Membership.Status.FORMER, None, None, "Partner until 2014."),
    (
        "LBY",
        "africa",
        Membership.Status.PARTNER,
        None,
        datetime.date(2014, 12, 31),
        "Partner until 2014.",
    ),
    (
        "GBR",
        "europe",
        Membership.Status.FORMER,
        datetime.date(2020, 2, 1),
        None,
        "Listed until the United Kingdom's withdrawal from the EU (31 January 2020).",
    ),
    ("ISL", "europe", Membership.Status.FORMER, None, None, "Listed in earlier partner lists."),
]

# What the registry knows about a current member beyond the partner list itself.
CURRENT_DETAILS = {"LBY": (datetime.date(2015, 1, 1), "Observer since 2015; partner until 2014.")}


@dataclass
class LoadReport:
    countries: int
    memberships: int
    phases: int

    def __str__(self) -> str:
        return (
            f"{self.countries} countries, {self.memberships} memberships, "
            f"{self.phases} phases loaded"
        )


@transaction.atomic
def load_registry() -> LoadReport:
    countries = load_countries()
    dialogue, memberships, phases = load_rabat_process()
    return LoadReport(countries=countries, memberships=memberships, phases=phases)


def official_languages(iso2: str) -> list[str]:
    """A country's official and de facto official languages, most spoken first, from
    the Unicode CLDR's territory data (supplementalData territoryInfo) as babel ships
    it: Cabo Verde pt; Morocco ar, fr, tzm; Spain es; Equatorial Guinea es, fr, pt."""
    return list(get_official_languages(iso2, de_facto=True))


def load_countries() -> int:
    existing = {c.iso3: c for c in Country.objects.all()}
    new, changed = [], []
    for record in pycountry.countries:
        region, subregion, intermediate = m49_of(record.alpha_3)
        values = {
            "iso2": record.alpha_2,
            "numeric": record.numeric,
            "m49_region": region,
            "m49_subregion": subregion,
            "m49_intermediate": intermediate,
            "languages": official_languages(record.alpha_2),
        }
        country = existing.get(record.alpha_3)
        if country is None:
            new.append(Country(iso3=record.alpha_3, **values))
        elif any(getattr(country, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(country, key, value)
            changed.append(country)
    Country.objects.bulk_create(new)
    Country.objects.bulk_update(changed, list(values))
    return Country.objects.count()


def load_rabat_process() -> tuple[Dialogue, int, int]:
    dialogue, _ = Dialogue.objects.update_or_create(
        slug="rabat-process",
        defaults={
            "names": {
                "en": "Rabat Process",
                "fr": "Processus de Rabat",
                "pt": "Processo de Rabat",
                "es": "Proceso de Rabat",
                "ar": "عملية الرباط",
            },
            "languages": ["fr", "en", "pt", "es"],
            "is_default": True,
        },
    )
    Dialogue.objects.exclude(pk=dialogue.pk).filter(is_default=True).update(is_default=False)
    for position, (code, names) in enumerate(RABAT_PHASES, start=1):
        Phase.objects.update_or_create(
            dialogue=dialogue,
            code=code,
            defaults={"position": position, "names": names},
        )
    countries = {c.iso3: c for c in Country.objects.all()}
    rows = []
    with open(DATA_DIR / "rabat-process-partners.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            since, note = CURRENT_DETAILS.get(row["iso3"], (None, ""))
            rows.append((row["iso3"], row["side"].lower(), row["status"], since, None, note))
    rows += RABAT_HISTORY
    with transaction.atomic():
        Membership.objects.filter(dialogue=dialogue).delete()
        Membership.objects.bulk_create(
            Membership(
                dialogue=dialogue,
                country=countries[iso3],
                side=side,
                status=status,
                since=since,
                until=until,
                note=note,
            )
            for iso3, side, status, since, until, note in rows
        )
    return dialogue, len(rows), dialogue.phases.count()
