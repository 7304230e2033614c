"""Exports as KoboToolbox and ODK Central write them, built from answers: for the tests
and the benchmark (neither service can run here)."""

from __future__ import annotations

import csv
import io
import uuid
import zipfile

import openpyxl

from migguide.consultation.questionnaires import Questionnaire


def _cells(q: Questionnaire, block, item: dict, sep: str) -> dict[str, object]:
    out = {}
    for question in block.questions:
        value = item.get(question.name)
        header = f"{block.name}{sep}{question.column}"
        if isinstance(value, list):
            out[header] = " ".join(value)
            if sep == "/":  # Kobo adds one 0/1 column per choice
                for code in value:
                    out[f"{header}/{code}"] = 1
        elif value is not None:
            out[header] = value
    return out


def _main_row(q: Questionnaire, answers: dict, country: str, inst: str, version: str, sep: str):
    row = {
        "mg_form": q.form,
        "mg_version": version,
        "mg_country": country,
        "mg_institution": inst,
    }
    for block in q.blocks:
        if block.repeat:
            continue
        src = answers.get(block.name, {}) if block.nested else answers
        row.update(_cells(q, block, src, sep))
    return row


def kobo_xlsx(
    q: Questionnaire,
    submissions: list[tuple[str, dict]],
    *,
    country: str,
    version: str | None = None,
    renames: dict[str, str] | None = None,
) -> bytes:
    """A Kobo "XML values and headers" XLSX export, group names in the headers:
    submissions on the first sheet, each repeat on a sheet named after it joined by
    `_index` / `_parent_index`. `submissions` are (institution uid, answers) pairs."""
    version = version or q.version
    renames = renames or {}

    def rename(header: str) -> str:
        for new, old in renames.items():
            if header.endswith(new):
                return header[: -len(new)] + old
        return header

    mains, repeats = [], {}
    for index, (inst, answers) in enumerate(submissions, start=1):
        u = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{inst}-{index}-{version}"))
        row = {"start": "2026-05-01T10:00:00", "end": "2026-05-01T10:40:00"}
        row.update(_main_row(q, answers, country, inst, version, "/"))
        row.update(
            {
                "_id": 1000 + index,
                "_uuid": u,
                "_submission_time": "2026-05-01T10:41:00",
                "_validation_status": "",
                "_status": "submitted_via_web",
                "__version__": "vKx8",
                "_index": index,
            }
        )
        mains.append(row)
        for block in q.blocks:
            if not block.repeat:
                continue
            for item in answers.get(block.name, []):
                r = _cells(q, block, item, "/")
                r.update(
                    {
                        "_index": len(repeats.get(block.name, [])) + 1,
                        "_parent_table_name": q.form_id,
                        "_parent_index": index,
                        "_submission__uuid": u,
                    }
                )
                repeats.setdefault(block.name, []).append(r)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = q.form_id[:31]
    _write(ws, mains, rename)
    for name, rows in repeats.items():
        _write(wb.create_sheet(name[:31]), rows, rename)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _write(ws, rows, rename) -> None:
    header = list(dict.fromkeys(k for r in rows for k in r))
    ws.append([rename(h) for h in header])
    for r in rows:
        ws.append([r.get(h) for h in header])


def odk_zip(
    q: Questionnaire, submissions: list[tuple[str, dict]], *, country: str, split: bool = False
) -> bytes:
    """An ODK Central CSV ZIP: `<form>.csv` and `<form>-<repeat>.csv`, groups joined with
    '-', repeats joined to their submission by PARENT_KEY. With `split` ("split select
    multiple choices into columns"), each multiple choice is followed by one
    `<column>/<value>` column per value found in the export, sorted, holding 1 or 0 —
    as central-backend's lib/data/briefcase.js writes it."""
    mains, repeats = [], {}
    for index, (inst, answers) in enumerate(submissions, start=1):
        key = f"uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'odk-{inst}-{index}')}"
        row = {"SubmissionDate": "2026-05-02T09:00:00.000Z"}
        row.update(_main_row(q, answers, country, inst, q.version, "-"))
        row.update(
            {
                "meta-instanceID": key,
                "KEY": key,
                "SubmitterID": "5",
                "SubmitterName": "enumerator",
                "ReviewState": "",
                "FormVersion": q.version,
            }
        )
        mains.append(row)
        for block in q.blocks:
            if not block.repeat:
                continue
            for i, item in enumerate(answers.get(block.name, []), start=1):
                r = _cells(q, block, item, "-")
                r.update({"PARENT_KEY": key, "KEY": f"{key}/{block.name}[{i}]"})
                repeats.setdefault(block.name, []).append(r)
    if split:
        multiple = {
            f"{block.name}-{question.column}"
            for block, question in q.questions()
            if question.kind == "select_multiple"
        }
        mains = _split(mains, multiple)
        repeats = {name: _split(rows, multiple) for name, rows in repeats.items()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{q.form_id}.csv", _csv(mains))
        for name, rows in repeats.items():
            z.writestr(f"{q.form_id}-{name}.csv", _csv(rows))
    return out.getvalue()


def _split(rows: list[dict], multiple: set[str]) -> list[dict]:
    seen = {
        h: sorted({v for r in rows for v in str(r.get(h) or "").split()})
        for h in multiple
        if any(h in r for r in rows)
    }
    out = []
    for r in rows:
        row = {}
        for header, value in r.items():
            row[header] = value
            for choice in seen.get(header, []):
                row[f"{header}/{choice}"] = int(choice in str(value or "").split())
        out.append(row)
    return out


def _csv(rows) -> str:
    header = list(dict.fromkeys(k for r in rows for k in r))
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(header)
    for r in rows:
        w.writerow(["" if r.get(h) is None else r.get(h) for h in header])
    return out.getvalue()


# KoboToolbox as its export library (kobotoolbox/formpack, `reporting/export.py`,
# `schema/fields.py`) writes an XLSX export of a form, read from our XLSForm.

KOBO_COPY_FIELDS = (
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
)


def _kobo_sheet_name(name: str, taken) -> str:
    # formpack's unique_name_for_xls: forbidden characters → "_", 31 characters at most.
    for ch in "[]*?:\\/":
        name = name.replace(ch, "_")
    out, i = (name if len(name) <= 31 else name[:28] + "..."), 1
    while out in taken:
        suffix = f"... ({i})"
        out, i = name[: 31 - len(suffix)] + suffix, i + 1
    return out


def kobo_export(
    xlsform: bytes,
    submissions: list[dict],
    *,
    lang: str | None = None,
    groups_in_headers: bool = False,
    group_sep: str = "/",
    multiple_select: str = "both",
) -> bytes:
    """A KoboToolbox XLSX export of answers to our XLSForm `xlsform`, shaped as Kobo
    writes it. `lang` None is "XML values and headers"; otherwise a language of the form
    as the XLSForm names it ("Français (fr)"): headers are labels in it, single choices
    its labels, multiple choices its labels joined by spaces (`multiple_select` "both"
    or "summary") and/or one "question label<group_sep>choice label" column per choice
    holding "1" or "0" ("both" or "details"). `groups_in_headers` is "Include groups in
    headers". `submissions` are answers structures (see `questionnaires`)."""
    from migguide.consultation.questionnaires import QUESTIONNAIRES

    book = openpyxl.load_workbook(io.BytesIO(xlsform))
    survey = list(book["survey"].iter_rows(values_only=True))
    head = [str(h or "") for h in survey[0]]
    label_col = head.index(f"label::{lang}") if lang else None
    choices: dict[str, list[tuple[str, str]]] = {}
    c_rows = list(book["choices"].iter_rows(values_only=True))
    c_head = [str(h or "") for h in c_rows[0]]
    c_label = c_head.index(f"label::{lang}") if lang else None
    for r in c_rows[1:]:
        label = r[c_label] if c_label is not None else None
        choices.setdefault(r[0], []).append((r[1], label or r[1]))
    settings = list(book["settings"].iter_rows(values_only=True))
    title = str(dict(zip(settings[0], settings[1], strict=False))["form_title"])

    def label_of(row, name):
        return (row[label_col] if label_col is not None else None) or name

    # Sections (the root and each repeat) with their fields, in the form's order.
    root = {"name": title, "fields": [], "parent": None}
    sections = {None: root}
    stack, levels, q = [root], [], None
    for row in survey[1:]:
        item = dict(zip(head, row, strict=False))
        kind, name = str(item.get("type") or ""), item.get("name")
        if kind.startswith("end_"):
            levels.pop()
            if kind == "end_repeat":
                stack.pop()
            continue
        if kind == "calculate" and name == "mg_form":
            q = QUESTIONNAIRES[str(item["calculation"]).strip("'")]
        if kind in ("begin_group", "begin_repeat"):
            levels.append(label_of(row, name))
            if kind == "begin_repeat":
                section = {"name": name, "fields": [], "parent": stack[-1]}
                sections[name] = section
                stack.append(section)
            continue
        base, _sp, list_name = kind.partition(" ")
        stack[-1]["fields"].append(
            {
                "name": name,
                "type": base,
                "label": group_sep.join([*levels, label_of(row, name)])
                if groups_in_headers
                else label_of(row, name),
                "choices": choices.get(list_name, []),
                "calculation": item.get("calculation"),
            }
        )

    def value(field, answers: dict, item: dict | None):
        if field["type"] == "calculate":
            return str(field["calculation"]).strip("'")
        if field["type"] == "note" or field["name"] not in q.by_column:
            return None
        block, question = q.by_column[field["name"]]
        if item is not None:
            v = item.get(question.name)
        elif block.nested:
            v = answers.get(block.name, {}).get(question.name)
        else:
            v = answers.get(question.name)
        return " ".join(v) if isinstance(v, list) else v

    def cells(field, v) -> list[tuple[str, object]]:
        labels = dict(field["choices"])
        if field["type"] == "select_one":
            return [(field["label"], labels.get(v, v) if v else "")]
        if field["type"] != "select_multiple":
            return [(field["label"], "" if v is None else str(v))]
        codes = (v or "").split()
        out = []
        if multiple_select in ("both", "summary"):
            out.append((field["label"], " ".join(labels.get(c, c) for c in codes)))
        if multiple_select in ("both", "details"):
            for code, label in field["choices"]:
                tick = "" if v is None else ("1" if code in codes else "0")
                out.append((f"{field['label']}{group_sep}{label}", tick))
        return out

    tables: dict[str, list[list]] = {}
    headers: dict[str, list[str]] = {}
    indexes = dict.fromkeys(sections, 0)
    for number, answers in enumerate(submissions, start=1):
        meta = {
            "_id": str(1000 + number),
            "_uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"kobo-{number}")),
            "_submission_time": "2026-05-01T10:41:00",
            "_validation_status": "",
            "_notes": "",
            "_status": "submitted_via_web",
            "_submitted_by": "",
            "__version__": "vKx8",
            "_tags": "",
        }
        indexes[None] += 1
        row = [c for f in root["fields"] for c in cells(f, value(f, answers, None))]
        row += [(k, meta[k]) for k in KOBO_COPY_FIELDS] + [("_index", indexes[None])]
        headers[None] = [h for h, _v in row]
        tables.setdefault(None, []).append([v for _h, v in row])
        for name, section in sections.items():
            if name is None:
                continue
            for item in answers.get(name, []):
                indexes[name] += 1
                row = [c for f in section["fields"] for c in cells(f, value(f, answers, item))]
                row += [
                    ("_index", indexes[name]),
                    ("_parent_table_name", title),
                    ("_parent_index", indexes[None]),
                    *((f"_submission_{k}", meta[k]) for k in KOBO_COPY_FIELDS),
                ]
                headers[name] = [h for h, _v in row]
                tables.setdefault(name, []).append([v for _h, v in row])
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    taken: list[str] = []
    for name, rows in tables.items():
        sheet = _kobo_sheet_name(title if name is None else name, taken)
        taken.append(sheet)
        ws = wb.create_sheet(sheet)
        ws.append(headers[name])
        for r in rows:
            ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
