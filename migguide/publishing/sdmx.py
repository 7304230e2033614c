"""The international statistics of the portal in SDMX, the standard of statistical
offices: SDMX-CSV 1.0 for people (codes with their labels) and SDMX-ML 2.1 for machines
— a structure message (data structure definition, dataflow, concepts and code lists:
reference areas by their UN M49 code, sex, series, unit) and the data as a
structure-specific data message.

Dimension and attribute names follow the SDG global data structure (FREQ, SERIES,
REF_AREA, SEX with _T/M/F, TIME_PERIOD, OBS_VALUE, UNIT_MEASURE, UNIT_MULT), and an
indicator that is an SDG series is published under the SDG series code
(remittances as a share of GDP: BX_TRF_PWKR, indicator 17.3.2); the others under ours.
COUNTERPART_AREA (the SDMX cross-domain concept) carries the partner country of
bilateral figures ("_Z": not applicable).

Per indicator, country and partner, the newest release the portal holds is published
(an SDMX dataset holds one value per key); its publisher and edition are the series'
SOURCE_DETAIL. The files are written with lxml; the tests read them back with the
`sdmx1` library."""

from __future__ import annotations

import csv
import datetime
import io

from django.db.models import Max
from django.utils import translation
from lxml import etree

from migguide.countries.models import Country
from migguide.indicators.models import Indicator, Observation, Release

AGENCY = "MIGGUIDE"
VERSION = "1.0"
DSD_ID = "DSD_MIGRATION"
FLOW_ID = "DF_MIGRATION"
SDG_SERIES = {"REMIT_IN_PCT_GDP": "BX_TRF_PWKR"}
SEX = {"": "_T", "male": "M", "female": "F"}
SEX_NAMES = {"_T": "Total", "M": "Male", "F": "Female"}
UNITS = {"persons": "NUMBER", "percent": "PERCENT", "usd": "CUR_USD", "other": "_Z"}
UNIT_NAMES = {
    "NUMBER": "Number",
    "PERCENT": "Percent",
    "CUR_USD": "Current United States dollars",
    "_Z": "Not applicable",
}
DIMENSIONS = ("FREQ", "SERIES", "REF_AREA", "SEX", "COUNTERPART_AREA")
CONCEPTS = {
    "FREQ": "Frequency",
    "SERIES": "Series",
    "REF_AREA": "Reference area",
    "SEX": "Sex",
    "COUNTERPART_AREA": "Counterpart area (origin or destination)",
    "TIME_PERIOD": "Time period",
    "OBS_VALUE": "Observation value",
    "UNIT_MEASURE": "Unit of measure",
    "UNIT_MULT": "Unit multiplier",
    "SOURCE_DETAIL": "Source details",
}
CODELIST = {
    "FREQ": "CL_FREQ",
    "SERIES": "CL_SERIES",
    "REF_AREA": "CL_AREA",
    "SEX": "CL_SEX",
    "COUNTERPART_AREA": "CL_AREA",
    "UNIT_MEASURE": "CL_UNIT_MEASURE",
    "UNIT_MULT": "CL_UNIT_MULT",
}
NS = {
    "mes": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message",
    "str": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure",
    "com": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common",
    "ss": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
DSD_URN = f"urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure={AGENCY}:{DSD_ID}({VERSION})"


def series_code(indicator: str) -> str:
    return SDG_SERIES.get(indicator, indicator)


def observations(countries) -> list[dict]:
    """The newest release's figures for each indicator, country and partner, as rows
    with SDMX codes."""
    found = (
        Observation.objects.filter(country__in=countries)
        .exclude(release__kind=Release.Kind.NATIONAL)
        .select_related("country", "indicator", "release", "partner")
        .order_by(
            "indicator__code",
            "country__iso3",
            "partner_id",
            "-release__published_on",
            "-release_id",
            "year",
            "sex",
        )
    )
    newest: dict[tuple, int] = {}
    rows = []
    for o in found:
        key = (o.indicator.code, o.country_id, o.partner_id)
        release = newest.setdefault(key, o.release_id)
        if release != o.release_id:
            continue
        rows.append(
            {
                "FREQ": "A",
                "SERIES": series_code(o.indicator.code),
                "REF_AREA": o.country.numeric,
                "SEX": SEX.get(o.sex, "_T"),
                "COUNTERPART_AREA": o.partner.numeric if o.partner else "_Z",
                "TIME_PERIOD": str(o.year),
                "OBS_VALUE": o.value,
                "UNIT_MEASURE": UNITS.get(o.indicator.unit, "_Z"),
                "UNIT_MULT": "0",
                "SOURCE_DETAIL": f"{o.release.publisher}, {o.release.edition}",
            }
        )
    return rows


def _names(element, tag: str, text_by_language: dict[str, str]) -> None:
    for language, text in text_by_language.items():
        node = etree.SubElement(element, f"{{{NS['com']}}}{tag}")
        node.set(f"{{{NS['xml']}}}lang", language)
        node.text = text


def _header(root, *, structure: bool) -> None:
    header = etree.SubElement(root, f"{{{NS['mes']}}}Header")
    etree.SubElement(header, f"{{{NS['mes']}}}ID").text = (
        "MIGGUIDE_STRUCTURE" if structure else "MIGGUIDE_DATA"
    )
    etree.SubElement(header, f"{{{NS['mes']}}}Test").text = "false"
    # When the figures were last imported, not when the file was written: the same data
    # give the same bytes (the static site rewrites only what changed).
    last = Release.objects.aggregate(last=Max("imported_at"))["last"]
    prepared = last or datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    etree.SubElement(header, f"{{{NS['mes']}}}Prepared").text = (
        prepared.astimezone(datetime.UTC).replace(microsecond=0).isoformat()
    )
    etree.SubElement(header, f"{{{NS['mes']}}}Sender", id=AGENCY)
    if not structure:
        ref = etree.SubElement(
            header,
            f"{{{NS['mes']}}}Structure",
            structureID=DSD_ID,
            namespace=DSD_URN,
            dimensionAtObservation="TIME_PERIOD",
        )
        dsd = etree.SubElement(ref, f"{{{NS['com']}}}Structure")
        etree.SubElement(
            dsd, "Ref", agencyID=AGENCY, id=DSD_ID, version=VERSION, **{"class": "DataStructure"}
        )


def _code_names(languages) -> dict[str, dict]:
    """Code lists: every code with its name in each language."""
    areas: dict[str, dict[str, str]] = {}
    series: dict[str, dict[str, str]] = {}
    for language in languages:
        for country in Country.objects.all():
            areas.setdefault(country.numeric, {})[language] = country.name(language)
        for indicator in Indicator.objects.all():
            series.setdefault(series_code(indicator.code), {})[language] = indicator.name(language)
    na = {"en": "Not applicable"}
    return {
        "CL_FREQ": {"A": {"en": "Annual"}},
        "CL_SERIES": series,
        "CL_AREA": {**areas, "_Z": na},
        "CL_SEX": {code: {"en": name} for code, name in SEX_NAMES.items()},
        "CL_UNIT_MEASURE": {code: {"en": name} for code, name in UNIT_NAMES.items()},
        "CL_UNIT_MULT": {"0": {"en": "Units"}},
    }


def _ref(parent, tag: str, *, cls: str, package: str, item: str | None, scheme: str) -> None:
    node = etree.SubElement(parent, f"{{{NS['str']}}}{tag}")
    attrs = {"agencyID": AGENCY, "maintainableParentID" if item else "id": scheme}
    if item:
        attrs["maintainableParentVersion"] = VERSION
        attrs["id"] = item
    else:
        attrs["version"] = VERSION
    etree.SubElement(node, "Ref", **attrs, package=package, **{"class": cls})


def structure_message(languages=("en", "fr")) -> bytes:
    """The SDMX-ML 2.1 structure: code lists, concepts, the DSD and its dataflow."""
    root = etree.Element(
        f"{{{NS['mes']}}}Structure", nsmap={k: v for k, v in NS.items() if k != "xml"}
    )
    _header(root, structure=True)
    structures = etree.SubElement(root, f"{{{NS['mes']}}}Structures")
    codelists = etree.SubElement(structures, f"{{{NS['str']}}}Codelists")
    for list_id, codes in _code_names(languages).items():
        cl = etree.SubElement(
            codelists,
            f"{{{NS['str']}}}Codelist",
            id=list_id,
            agencyID=AGENCY,
            version=VERSION,
            isFinal="false",
            urn=f"urn:sdmx:org.sdmx.infomodel.codelist.Codelist={AGENCY}:{list_id}({VERSION})",
        )
        _names(cl, "Name", {"en": list_id.removeprefix("CL_").replace("_", " ").title()})
        for code, names in codes.items():
            item = etree.SubElement(cl, f"{{{NS['str']}}}Code", id=code)
            _names(item, "Name", names)
    schemes = etree.SubElement(structures, f"{{{NS['str']}}}Concepts")
    scheme = etree.SubElement(
        schemes,
        f"{{{NS['str']}}}ConceptScheme",
        id="CS_MIGRATION",
        agencyID=AGENCY,
        version=VERSION,
        isFinal="false",
    )
    _names(scheme, "Name", {"en": "Concepts of migration statistics"})
    for concept, name in CONCEPTS.items():
        _names(
            etree.SubElement(scheme, f"{{{NS['str']}}}Concept", id=concept), "Name", {"en": name}
        )
    structures_el = etree.SubElement(structures, f"{{{NS['str']}}}DataStructures")
    dsd = etree.SubElement(
        structures_el,
        f"{{{NS['str']}}}DataStructure",
        id=DSD_ID,
        agencyID=AGENCY,
        version=VERSION,
        isFinal="false",
        urn=DSD_URN,
    )
    _names(dsd, "Name", {"en": "International migration statistics of the Rabat Process"})
    components = etree.SubElement(dsd, f"{{{NS['str']}}}DataStructureComponents")
    dims = etree.SubElement(components, f"{{{NS['str']}}}DimensionList", id="DimensionDescriptor")
    for position, dim in enumerate(DIMENSIONS, start=1):
        node = etree.SubElement(dims, f"{{{NS['str']}}}Dimension", id=dim, position=str(position))
        _concept(node, dim)
    time = etree.SubElement(
        dims, f"{{{NS['str']}}}TimeDimension", id="TIME_PERIOD", position=str(len(DIMENSIONS) + 1)
    )
    _concept(time, "TIME_PERIOD", text="ObservationalTimePeriod")
    attributes = etree.SubElement(
        components, f"{{{NS['str']}}}AttributeList", id="AttributeDescriptor"
    )
    for attribute in ("UNIT_MEASURE", "UNIT_MULT", "SOURCE_DETAIL"):
        node = etree.SubElement(
            attributes,
            f"{{{NS['str']}}}Attribute",
            id=attribute,
            assignmentStatus="Mandatory" if attribute != "SOURCE_DETAIL" else "Conditional",
        )
        _concept(node, attribute, text=None if attribute in CODELIST else "String")
        rel = etree.SubElement(node, f"{{{NS['str']}}}AttributeRelationship")
        for dim in DIMENSIONS:
            etree.SubElement(etree.SubElement(rel, f"{{{NS['str']}}}Dimension"), "Ref", id=dim)
    measures = etree.SubElement(components, f"{{{NS['str']}}}MeasureList", id="MeasureDescriptor")
    _concept(
        etree.SubElement(measures, f"{{{NS['str']}}}PrimaryMeasure", id="OBS_VALUE"),
        "OBS_VALUE",
        text="Double",
    )
    flows = etree.SubElement(structures, f"{{{NS['str']}}}Dataflows")
    flow = etree.SubElement(
        flows,
        f"{{{NS['str']}}}Dataflow",
        id=FLOW_ID,
        agencyID=AGENCY,
        version=VERSION,
        isFinal="false",
    )
    _names(flow, "Name", {"en": "International migration statistics of the Rabat Process"})
    ref = etree.SubElement(flow, f"{{{NS['str']}}}Structure")
    etree.SubElement(
        ref,
        "Ref",
        agencyID=AGENCY,
        id=DSD_ID,
        version=VERSION,
        package="datastructure",
        **{"class": "DataStructure"},
    )
    # The order SDMX-ML 2.1 wants: Dataflows come before DataStructures.
    structures.remove(flows)
    structures.insert(list(structures).index(codelists), flows)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _concept(node, concept: str, text: str | None = None) -> None:
    identity = etree.SubElement(node, f"{{{NS['str']}}}ConceptIdentity")
    etree.SubElement(
        identity,
        "Ref",
        maintainableParentID="CS_MIGRATION",
        maintainableParentVersion=VERSION,
        agencyID=AGENCY,
        id=concept,
        package="conceptscheme",
        **{"class": "Concept"},
    )
    representation = etree.SubElement(node, f"{{{NS['str']}}}LocalRepresentation")
    if concept in CODELIST:
        enumeration = etree.SubElement(representation, f"{{{NS['str']}}}Enumeration")
        etree.SubElement(
            enumeration,
            "Ref",
            agencyID=AGENCY,
            id=CODELIST[concept],
            version=VERSION,
            package="codelist",
            **{"class": "Codelist"},
        )
    else:
        etree.SubElement(representation, f"{{{NS['str']}}}TextFormat", textType=text or "String")


def data_message(rows: list[dict]) -> bytes:
    """The figures as an SDMX-ML 2.1 structure-specific data message."""
    root = etree.Element(
        f"{{{NS['mes']}}}StructureSpecificData",
        nsmap={
            "mes": NS["mes"],
            "ss": NS["ss"],
            "com": NS["com"],
            "ns1": f"{DSD_URN}:ObsLevelDim:TIME_PERIOD",
        },
    )
    _header(root, structure=False)
    dataset = etree.SubElement(
        root,
        f"{{{NS['mes']}}}DataSet",
        {f"{{{NS['ss']}}}structureRef": DSD_ID, f"{{{NS['ss']}}}dataScope": "DataStructure"},
    )
    dataset.set("{http://www.w3.org/2001/XMLSchema-instance}type", "ns1:DataSetType")
    current = None
    series = None
    for row in rows:
        key = tuple(row[d] for d in DIMENSIONS)
        if key != current:
            current = key
            series = etree.SubElement(
                dataset,
                "Series",
                **{d: row[d] for d in DIMENSIONS},
                UNIT_MEASURE=row["UNIT_MEASURE"],
                UNIT_MULT=row["UNIT_MULT"],
                SOURCE_DETAIL=row["SOURCE_DETAIL"],
            )
        etree.SubElement(
            series, "Obs", TIME_PERIOD=row["TIME_PERIOD"], OBS_VALUE=repr(float(row["OBS_VALUE"]))
        )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def sdmx_csv(rows: list[dict], language: str = "en") -> str:
    """SDMX-CSV 1.0 with labels ("code: label") for people reading it in a spreadsheet."""
    names = _code_names([language])
    columns = [
        "DATAFLOW",
        *DIMENSIONS,
        "TIME_PERIOD",
        "OBS_VALUE",
        "UNIT_MEASURE",
        "UNIT_MULT",
        "SOURCE_DETAIL",
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    with translation.override(language):
        writer.writerow([f"{c}: {CONCEPTS.get(c, 'Dataflow')}" for c in columns])
    for row in rows:
        values = [f"{AGENCY}:{FLOW_ID}({VERSION})"]
        for column in columns[1:]:
            value = row[column]
            codes = names.get(CODELIST.get(column, ""), {})
            label = (codes.get(value) or {}).get(language) or (codes.get(value) or {}).get("en")
            values.append(f"{value}: {label}" if label else value)
        writer.writerow(values)
    return out.getvalue()
