"""Loading the frameworks from the CSV files in `data/` (`migguide frameworks load`).
Loading again updates codes and English titles and leaves what staff added in the
admin (other languages, keywords, actions, retirements) alone."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .models import Framework, Item

DATA = Path(__file__).resolve().parent / "data"

# The frameworks the files hold, with their names (data, not interface text).
FRAMEWORKS = {
    "cadiz-2023-2027": {
        "file": "cadiz-action-plan-2023-2027.csv",
        "names": {
            "en": "Cadiz Action Plan 2023–2027",
            "fr": "Plan d’action de Cadix 2023-2027",
            "pt": "Plano de Ação de Cádis 2023-2027",
            "es": "Plan de Acción de Cádiz 2023-2027",
            "ar": "خطة عمل قادس 2023-2027",
        },
        "source": "Rabat Process, Political Declaration and Cadiz Action Plan (13–14 Dec. 2022)",
    },
    "gcm": {
        "file": "gcm-objectives.csv",
        "names": {
            "en": "Global Compact for Safe, Orderly and Regular Migration",
            "fr": "Pacte mondial pour des migrations sûres, ordonnées et régulières",
            "pt": "Pacto Global para uma Migração Segura, Ordenada e Regular",
            "es": "Pacto Mundial para una Migración Segura, Ordenada y Regular",
            "ar": "الاتفاق العالمي من أجل الهجرة الآمنة والمنظمة والنظامية",
        },
        "source": "UN General Assembly resolution 73/195 (2018)",
    },
    "sdg": {
        "file": "sdg-targets.csv",
        "names": {
            "en": "Sustainable Development Goals (migration targets)",
            "fr": "Objectifs de développement durable (cibles liées aux migrations)",
            "pt": "Objetivos de Desenvolvimento Sustentável (metas ligadas à migração)",
            "es": "Objetivos de Desarrollo Sostenible (metas relativas a la migración)",
            "ar": "أهداف التنمية المستدامة (الغايات المتصلة بالهجرة)",
        },
        "source": "UN General Assembly resolution 70/1 (2015)",
    },
}

# What suggests an item first (staff refine it on the framework pages): words in English and
# French, the dossier's areas of data and recommendation themes.
HINTS: dict[str, tuple[str, list[str], list[str]]] = {
    "CAP-1": (
        "développement,development,diaspora,transferts,remittances",
        ["development", "diaspora"],
        [],
    ),
    "CAP-1.1": ("migration régulière,regular migration,diaspora", ["diaspora", "development"], []),
    "CAP-1.2": ("causes profondes,root causes,déplacement,displacement", ["crisis"], ["crisis"]),
    "CAP-2": ("mobilité,mobility,visa,travail,labour,emploi", ["labour"], []),
    "CAP-2.3": ("jeunes,youth,femmes,women,mobilité,mobility", ["labour"], []),
    "CAP-2.4": ("visa,visas", ["border"], []),
    "CAP-3": ("asile,asylum,réfugiés,refugees,protection", ["asylum"], []),
    "CAP-3.5a": ("réfugiés,refugees,déplacés,displaced", ["asylum", "crisis"], ["crisis"]),
    "CAP-3.5b": ("droits,rights,dignité,dignity", ["asylum"], []),
    "CAP-3.6": ("intégration,integration,communautés d’accueil,host communities", ["asylum"], []),
    "CAP-4": (
        "irrégulière,irregular,trafic,smuggling,traite,trafficking,frontière,border",
        ["irregular", "border"],
        ["border"],
    ),
    "CAP-5": ("retour,return,réadmission,readmission,réintégration,reintegration", ["return"], []),
    "GCM-1": (
        "données,data,statistiques,statistics,enquête,survey,recensement,census,ventilées,disaggregated",
        ["trends"],
        ["acquisition", "cooperation", "training"],
    ),
    "GCM-3": ("information,sensibilisation,awareness", [], []),
    "GCM-4": ("identité,identity,état civil,civil registration,documents", [], []),
    "GCM-5": ("migration régulière,regular migration,voies,pathways", ["labour"], []),
    "GCM-6": ("recrutement,recruitment,travail décent,decent work", ["labour"], []),
    "GCM-7": ("vulnérabilités,vulnerabilities,vulnérables,vulnerable", ["crisis"], ["crisis"]),
    "GCM-8": ("disparus,missing,décès,deaths", ["crisis"], ["crisis"]),
    "GCM-9": ("trafic illicite,smuggling,passeurs", ["irregular"], []),
    "GCM-10": ("traite,trafficking", ["irregular"], []),
    "GCM-11": ("frontière,frontières,border,borders,postes frontaliers", ["border"], ["border"]),
    "GCM-19": ("diaspora,développement,development", ["diaspora", "development"], []),
    "GCM-20": ("transferts,remittances,envois de fonds", ["development"], []),
    "GCM-21": ("retour,return,réintégration,reintegration", ["return"], []),
    "GCM-23": (
        "coopération,cooperation,partenariat,partnership,échange,exchange",
        [],
        ["cooperation"],
    ),
    "SDG-10.7": ("politique migratoire,migration policy,gouvernance,governance", [], []),
    "SDG-10.c": ("transferts,remittances,coût,cost", ["development"], []),
    "SDG-17.18": (
        "données,data,statistiques,statistics,ventilées,disaggregated,"
        "renforcement des capacités,capacity",
        ["trends"],
        ["acquisition", "training"],
    ),
    "SDG-8.8": ("travailleurs migrants,migrant workers,travail,labour", ["labour"], []),
    "SDG-16.2": ("enfants,children,traite,trafficking", ["irregular"], []),
}


@dataclass
class Loaded:
    frameworks: int
    items: int
    created: int


def load(data: Path = DATA) -> Loaded:
    """Load (or update) every framework of `data/`, all-or-nothing."""
    created = items = 0
    with transaction.atomic():
        for position, (code, spec) in enumerate(FRAMEWORKS.items()):
            framework, _new = Framework.objects.get_or_create(
                code=code, defaults={"names": spec["names"], "position": position}
            )
            framework.source = framework.source or spec["source"]
            for lang, name in spec["names"].items():
                framework.names.setdefault(lang, name)
            framework.save()
            with (data / spec["file"]).open(encoding="utf-8", newline="") as f:
                rows = list(csv.DictReader(f))
            for row_number, row in enumerate(rows):
                default = Item.Level.TARGET if code == "sdg" else Item.Level.OBJECTIVE
                level = row.get("level") or default
                item, new = Item.objects.get_or_create(
                    code=row["code"],
                    defaults={"framework": framework, "level": level, "position": row_number},
                )
                item.level, item.position = level, row_number
                item.titles = {**item.titles, "en": row["title_en"]}
                item.checked = row.get("checked", "yes") == "yes"
                if row.get("parent"):
                    item.parent = Item.objects.get(code=row["parent"])
                if new and item.code in HINTS:
                    words, areas, themes = HINTS[item.code]
                    item.keywords, item.dossier_areas, item.themes = words, areas, themes
                item.save()
                created += new
                items += 1
        _add_titles(data)
    return Loaded(len(FRAMEWORKS), items, created)


def _add_titles(data: Path) -> None:
    """Titles in other languages (`titles-<lang>.csv`), where staff have not given one."""
    for path in sorted(data.glob("titles-*.csv")):
        language = path.stem.removeprefix("titles-")
        with path.open(encoding="utf-8", newline="") as f:
            titles = {row["code"]: row[f"title_{language}"] for row in csv.DictReader(f)}
        for item in Item.objects.filter(code__in=titles):
            if not item.titles.get(language):
                item.titles[language] = titles[item.code]
                item.save(update_fields=["titles"])
