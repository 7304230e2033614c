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
