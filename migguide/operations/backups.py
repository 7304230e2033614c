"""The whole instance in one archive, and back.

An archive is a zip file: `manifest.json` (format, when, the database's migrations, the
number of rows of each model, every published file with its SHA-256), `data.json` (every
row of every model of the project — countries, people and roles, dossiers and their
history, statistics, editions, endorsements, comments — as Django serialises them) and
the published files under `published/`. Restoring needs an empty database (reference
rows that migrations create are not data) and checks every file against its hash."""

from __future__ import annotations

import datetime
import hashlib
import json
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings

from migguide.files.problems import Problems
from migguide.files.storage import put, read
from migguide.files.text import data_problems

FORMAT = "migguide-backup"
FORMAT_VERSION = 1
# Rows a fresh database has already (migrations create them) or that are no one's data.
EXCLUDED = {"contenttypes", "auth.permission", "sessions", "admin.logentry"}
REFERENCE_MODELS = {"dossier.area", "dossier.policystage"}


class RestoreRefused(Exception):
    pass


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds: a restore must give them back whole."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


@dataclass
class BackupReport:
    path: Path
    rows: int
    files: int
    size: int

    def __str__(self) -> str:
        return (
            f"{self.path}: {self.rows} rows and {self.files} published files "
            f"({self.size / 1024 / 1024:.1f} MB)"
        )


def _models():
    """Every model whose rows are the instance's data, parents before children."""
    labels = []
    for config in apps.get_app_configs():
        if config.label in EXCLUDED:
            continue
        for model in config.get_models():
            label = model._meta.label_lower
            if label in EXCLUDED or model._meta.proxy or not model._meta.managed:
                continue
            labels.append(model)
    return serializers.sort_dependencies([(None, labels)], allow_cycles=True)


def _migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def backup(out: str | Path) -> BackupReport:
    """Write the archive, read in one transaction so that it is a consistent copy."""
    from migguide.editions.models import PublishedFile

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with transaction.atomic():
        models = _models()
        rows = []
        counts = {}
        for model in models:
            objects = list(model._default_manager.order_by("pk"))
            counts[model._meta.label_lower] = len(objects)
            rows.extend(objects)
        data = serializers.serialize(
            "json", rows, use_natural_foreign_keys=True, indent=None, cls=_ExactEncoder
        )
        files = list(PublishedFile.objects.order_by("pk").values("path", "sha256", "size"))
    store = storages["published"]
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for f in files:
            # From whichever storage holds them: a folder or an object store.
            content = read(store, f["path"])
            if hashlib.sha256(content).hexdigest() != f["sha256"]:
                raise RuntimeError(
                    f"{f['path']}: its content in the published storage no longer matches "
                    "its recorded hash"
                )
            archive.writestr(f"published/{f['path']}", content)
        archive.writestr("data.json", data)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "database": connection.vendor,
            "migrations": _migrations(),
            "rows": counts,
            "published_files": files,
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=1, sort_keys=True))
    tmp.replace(out)
    return BackupReport(out, sum(counts.values()), len(files), out.stat().st_size)


def _is_empty() -> list[str]:
    """The models that hold data already (reference rows from migrations aside)."""
    busy = []
    for model in _models():
        label = model._meta.label_lower
        if label not in REFERENCE_MODELS and model._default_manager.exists():
            busy.append(label)
    return busy


def _check_text(path: Path, data: bytes) -> None:
    """Refuse, before anything is written, an archive whose text no database can take
    in the same way (PostgreSQL refuses NUL, UTF-8 lone surrogates) or that migguide
    refuses everywhere text enters; each place is named (model, row, field)."""
    try:
        rows = json.loads(data)
    except ValueError as error:
        raise RestoreRefused(f"{path}: data.json is not readable JSON ({error})") from None
    problems = Problems(str(path))
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict):
            where = f"{row.get('model')} {row.get('pk')}"
            problems.extend(data_problems(row.get("fields"), where))
    if problems:
        # One sentence naming the archive, then the places indented under it.
        shown = "\n".join(problems.shown(prefix="  ", more="… and {n} more"))
        raise RestoreRefused(
            f"{path}: the archive holds text that cannot be restored; nothing was changed. "
            f"Correct it in the instance it comes from and make a new backup:\n{shown}"
        )


def restore(path: str | Path) -> str:
    """Restore an archive into this (migrated, empty) database and the published storage
    (a folder or an object store, whichever is configured): all of it, or — if anything
    is wrong — nothing."""
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise RestoreRefused(f"{path}: not a migguide backup archive ({error})") from None
    with archive:
        try:
            manifest = json.loads(archive.read("manifest.json"))
        except (KeyError, ValueError):
            raise RestoreRefused(f"{path}: no readable manifest.json") from None
        if manifest.get("format") != FORMAT:
            raise RestoreRefused(f"{path}: not a migguide backup archive")
        if manifest.get("format_version", 0) > FORMAT_VERSION:
            raise RestoreRefused(f"{path}: made by a newer migguide; upgrade first")
        ours = _migrations()
        behind = [
            f"{app} ({name} > {ours.get(app, 'none')})"
            for app, name in manifest["migrations"].items()
            if name > ours.get(app, "")
        ]
        if behind:
            raise RestoreRefused(
                f"{path}: the archive is from a newer schema: {', '.join(behind)}; "
                "upgrade migguide and run `migguide migrate` first"
            )
        busy = _is_empty()
        if busy:
            raise RestoreRefused(
                "the database is not empty (it holds " + ", ".join(busy[:5]) + "): restore "
                "into a new database, never over an instance"
            )
        files = []
        for f in manifest["published_files"]:
            content = archive.read(f"published/{f['path']}")
            if hashlib.sha256(content).hexdigest() != f["sha256"]:
                raise RestoreRefused(f"{path}: published/{f['path']} does not match its hash")
            files.append((f["path"], content))
        data = archive.read("data.json")
    _check_text(path, data)
    store = storages["published"]
    written = []
    try:
        with (
            transaction.atomic(),
            tempfile.TemporaryDirectory() as folder,
            # The history is restored as it was: none may be added while loading (the
            # many-to-many fields would otherwise be recorded a second time).
            override_settings(SIMPLE_HISTORY_ENABLED=False),
        ):
            # Django's loaddata: forward references, constraint checks after the load,
            # sequences reset; raw saves, so no model rule runs again.
            fixture = Path(folder) / "data.json"
            fixture.write_bytes(data)
            call_command("loaddata", str(fixture), verbosity=0)
            # Into whichever storage is configured now, wherever the backup was made.
            for relative, content in files:
                put(store, relative, content)
                written.append(relative)
    except BaseException:
        for relative in written:
            store.delete(relative)
        raise
    rows = sum(manifest["rows"].values())
    return f"{path}: {rows} rows and {len(files)} published files restored"
