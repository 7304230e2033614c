"""Answers coming back: the platform's own Excel workbook, a KoboToolbox XLS/XLSX
export (repeat groups on sheets of their own; headed by names or by labels in any
language of the form, see `labelled`) and an ODK Central CSV ZIP (one CSV per
repeat), each read into the answers structure of `questionnaires`, version mapped to
the current one, and stored as responses awaiting review — never into the dossier.

All or nothing: every problem of a file is collected and reported with its sheet, row
and column, and nothing is stored unless there is none."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.utils.translation import gettext as _

from migguide.countries.models import Country
from migguide.files.problems import ImportRefused
from migguide.files.uploads import UploadRefused, check_upload

from ..exporting import META_SHEET
from ..models import Response
from .collected import read_collected
from .reading import Reader, Submission, csv_tables, workbook_tables
from .storing import ImportReport, store, store_web
from .workbook import read_workbook

__all__ = [
    "ImportRefused",
    "ImportReport",
    "Submission",
    "import_bytes",
    "import_file",
    "read",
    "store",
    "store_web",
]


def read(name: str, data: bytes, *, country: Country, progress=None) -> list[Submission]:
    """Every submission in a file, or ImportRefused naming each problem; `progress(rows
    read, rows in all)` told as the rows are read."""
    try:
        kind = check_upload(name, data)
    except UploadRefused as exc:
        raise ImportRefused(name, [exc.reason(name)]) from None
    reader = Reader(name, country, progress)
    if reader.dossier is None:
        raise ImportRefused(name, [_("there is no dossier for %(iso3)s") % {"iso3": country.iso3}])
    try:
        if kind == "zip":
            tables = csv_tables(data, name)
            if not tables:
                raise ImportRefused(name, [_("the archive holds no CSV file")])
            submissions = read_collected(reader, tables, Response.Origin.ODK)
        else:
            tables, raw = workbook_tables(data, name)
            if META_SHEET in raw:
                submissions = read_workbook(reader, raw, hashlib.sha256(data).hexdigest())
            elif not tables:
                raise ImportRefused(name, [_("the workbook is empty")])
            else:
                submissions = read_collected(reader, tables, Response.Origin.KOBO)
    except UploadRefused as exc:
        raise ImportRefused(name, [exc.reason(name)]) from None
    reader.refuse_if_problems()
    if not submissions:
        raise ImportRefused(name, [_("no answers found in this file")])
    return submissions


def import_bytes(
    name: str, data: bytes, *, country: Country, by=None, progress=None
) -> ImportReport:
    submissions = read(name, data, country=country, progress=progress)
    return store(
        submissions,
        country=country,
        file_name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        by=by,
    )


def import_file(path: str | Path, *, country: Country, by=None) -> ImportReport:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRefused(str(path), [exc.strerror or str(exc)]) from None
    return import_bytes(path.name, data, country=country, by=by)
