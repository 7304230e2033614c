"""The fixed text of a guide (headings, column names, captions, legends), written in
English and translated through the project's catalogues, so a guide in French reads
"Fiche 2 : État des données et informations migratoires" as the published ones do."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from migguide.indicators.presentation import CHART_LABELS

LABELS = {
    "title": _("Guide on the Use of Migration Data"),
    "light_title": _("The Guide on the Use of Migration Data at a glance"),
    "draft": _("Draft — not endorsed"),
    "endorsed": _("Endorsed"),
    "published_unendorsed": _("Published — not endorsed"),
    "fingerprint": _("Content fingerprint (SHA-256): %(sha256)s"),
    "annex_changes": _("What changed since %(edition)s"),
    "annex_method": _("How this guide was prepared: the workshops"),
    "method_intro": _(
        "The guide's needs, challenges and recommendations were identified with the "
        "national institutions in these workshops."
    ),
    "workshop": _("Workshop"),
    "dates": _("Dates"),
    "place": _("Place"),
    "participants": _("Participants"),
    "participation": _("Participation by kind of institution"),
    "kind_of_institution": _("Kind of institution"),
    "changes_intro": _(
        "Entries of the dossier added, removed or changed since %(edition)s, by part."
    ),
    "no_changes": _("Nothing changed in the dossier."),
    "change": _("Change"),
    "entry": _("Entry"),
    "details": _("Details"),
    "demo": _("Demonstration content — not an official or endorsed guide"),
    "edition": _("Edition"),
    "working_draft": _("Working draft"),
    "contents": _("Contents"),
    "page_of": _("Page %(page)s of %(total)s"),
    "forewords": _("Forewords"),
    "acronyms": _("List of acronyms"),
    "glossary": _("Glossary"),
    "s1": _("Context"),
    "s1_situation": _("The migration situation"),
    "s1_framework": _("Legal and policy framework"),
    "s1_instruments": _("Laws, policies and international instruments"),
    "s1_institutions": _("Institutions in charge"),
    "key_facts": _("Key facts"),
    "data_overview": _("Sources of migration data"),
    "s2": _("Mapping of migration data and information"),
    "s2_intro": _(
        "This section lists the sources of migration data and information in the "
        "country, area by area, separating governmental and other entities and existing "
        "and potential sources, with the institutions that use each source."
    ),
    "s2_coverage": _("Coverage of the areas by institution"),
    "s2_gaps": _("Data gaps"),
    "s3": _("Tools and practices for evidence-based policy making"),
    "s3_cycle": _("The migration policy cycle and its actors"),
    "s3_contents": _("Contents of the migration profile"),
    "s3_workgroup": _("The national workgroup"),
    "s3_examples": _("Use examples and best practices"),
    "s3_matrix": _("Problem/solution matrix"),
    "s4": _("Recommendations"),
    "s4_needs": _("Capacity and training needs"),
    "annex_contacts": _("Contact list"),
    "annex": _("Annex"),
    # How a numbered section is headed: the French guides say "Fiche 2 : …".
    "numbered": pgettext_lazy("guide section heading", "%(n)s %(title)s"),
    "table": _("Table %(n)s"),
    "figure": _("Figure %(n)s"),
    "source": _("Source"),
    "sources": _("Sources"),
    "collector": _("Collecting entity"),
    "coverage": _("Coverage"),
    "periodicity": _("Periodicity"),
    "access": _("Access"),
    "last_update": _("Last update"),
    "used_by": _("Used by"),
    "governmental_existing": _("Governmental entities — existing sources"),
    "governmental_potential": _("Governmental entities — potential sources"),
    "other_existing": _("Other entities — existing sources"),
    "other_potential": _("Other entities — potential sources"),
    "institution": _("Institution"),
    "acronym": _("Acronym"),
    "name": _("Name"),
    "term": _("Term"),
    "definition": _("Definition"),
    "instrument": _("Instrument"),
    "kind": _("Kind"),
    "year": _("Year"),
    "status": _("Status"),
    "mandate": _("Mandate"),
    "stage": _("Stage"),
    "role": _("Role"),
    "theme": _("Theme"),
    "indicators": _("Indicators"),
    "coordinator": _("Coordinator"),
    "challenge": _("Challenge"),
    "category": _("Category"),
    "corrective_actions": _("Corrective actions"),
    "past_strategies": _("Past successful strategies"),
    "responsible": _("Responsible"),
    "recommendation": _("Recommendation"),
    "priority": _("Priority"),
    "timeframe": _("Timeframe"),
    "need": _("Need"),
    "position": _("Position"),
    "email": _("E-mail"),
    "telephone": _("Telephone"),
    "legend_collects": _("● collects data (existing source)"),
    "legend_potential": _("○ could collect data (potential source)"),
    "legend_uses": _("◆ uses data"),
    "gap_area": _("No existing source on %(area)s."),
    "gap_stage": _("No existing source feeds the policy-cycle stage “%(stage)s”."),
    "gap_unused": _("%(n)s sources have no known user."),
    "no_gap": _("Every area and policy-cycle stage has at least one existing source."),
    "potential_sources": _("Potential sources that could close gaps"),
    "chart_sources_by_area": _("Sources by area"),
    "cycle_caption": _("The six stages of the migration policy cycle"),
    "cycle_matrix": _("Who does what at each stage of the policy cycle"),
    "cycle_alt": _(
        "A circle of six stages: identification of needs, processing, decision, "
        "implementation, follow-up and reformulation, each leading to the next."
    ),
    "main_gaps": _("Main data gaps"),
    "top_recommendations": _("Priority recommendations"),
    "light_intro": _(
        "This summary presents the main facts of the guide: the sources of migration "
        "data, the gaps and the priority recommendations."
    ),
    "contacts_note": _(
        "Only people who have agreed to the publication of their details are listed."
    ),
    "workgroup_note": _("Names are shown for members who agreed to their publication."),
    "see_full": _("The full guide gives every source, its users and the contacts."),
    "none": _("None recorded."),
    "value": _("Value"),
    "figures_table": _("Key figures and their sources"),
    "stats_none": _("No statistics have been imported for this country yet."),
    "source_note": _("Source: %(source)s"),
    "profile_title": _("Statistical profile"),
    "profile_intro": _(
        "The main figures on migration in the country, from the publishers' own releases; "
        "each figure names its source and edition."
    ),
    "updated": _("updated %(date)s"),
    "chart_areas_alt": _("%(area)s has the most existing sources (%(n)s). By area: %(list)s."),
    "cycle_alt_numbered": _(
        "A circle of the %(n)s stages of the policy cycle, each leading to the next: %(stages)s."
    ),
    "qr_alt": _("QR code leading to %(url)s"),
    "qr_caption": _("The guide and its data online"),
    "find_online": _("The full guide, its data and its earlier editions: %(url)s"),
    "chart_commentary": _("What the chart shows"),
    "definitions": _("Definitions of the indicators"),
    "indicator": _("Indicator"),
    "colophon": _("Prepared with migguide from the dossier of %(country)s, %(date)s."),
}


# The charts' own words are the statistics' (indicators.presentation); the guide has them.
LABELS.update(CHART_LABELS)


# Words under a number, which agree with it ("1 lacune identifiée", "2 lacunes …").
COUNTED = {
    "fact_sources": ngettext_lazy(
        "source of migration data mapped", "sources of migration data mapped", "n"
    ),
    "fact_existing": ngettext_lazy("existing source", "existing sources", "n"),
    "fact_potential": ngettext_lazy("potential source", "potential sources", "n"),
    "fact_institutions": ngettext_lazy("institution involved", "institutions involved", "n"),
    "fact_recommendations": ngettext_lazy("recommendation made", "recommendations made", "n"),
    "fact_gaps": ngettext_lazy("data gap identified", "data gaps identified", "n"),
}


def counted(language: str, key: str, n: int) -> str:
    """The words of `key` that go with the number `n`, in `language`."""
    with translation.override(language):
        return str(COUNTED[key] % {"n": n})


def labels(language: str) -> dict[str, str]:
    """Every fixed text of the guide in one language."""
    with translation.override(language):
        return {key: str(value) for key, value in LABELS.items()}
