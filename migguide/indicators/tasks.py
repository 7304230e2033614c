"""Statistics files imported by a background task (`migguide indicators import --queue`):
the file is kept in the uploads' storage (STORAGES["default"]) until a worker, on any
machine, has imported it. The import is all or nothing and recognises a file imported
before by its hash, so a task run again (its worker killed) imports it once."""

from __future__ import annotations

import hashlib
import tempfile
import uuid
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django_tasks import task

from migguide.files.problems import ImportRefused

from .importing import import_file
from .models import Release


def queue_import(kind: str, path: str | Path, *, edition: str | None = None):
    """Store the file, then queue (or, with the immediate backend, run) its import."""
    path = Path(path)
    content = path.read_bytes()
    stored = storages["default"].save(
        f"imports/{uuid.uuid4().hex}/{path.name}", ContentFile(content)
    )
    digest = hashlib.sha256(content).hexdigest()
    return import_statistics.enqueue(kind, stored, sha256=digest, edition=edition)


@task()
def import_statistics(kind: str, stored: str, *, sha256: str, edition: str | None = None) -> dict:
    """Import a stored statistics file; {"ok", "report"} with the import's report or the
    reasons it was refused (file, sheet, row, column). The stored file is removed once
    the import is done or refused; run again after that, the task answers from the
    release the file made (found by its hash)."""
    storage = storages["default"]
    if not storage.exists(stored):
        release = Release.objects.filter(sha256=sha256).first()
        if release is None:
            return {"ok": False, "report": f"{stored}: the file was refused before"}
        return {"ok": True, "report": f"{release.file_name}: imported as release {release.pk}"}
    with tempfile.TemporaryDirectory(prefix="migguide-import-") as folder:
        local = Path(folder) / Path(stored).name  # the problems name the file as sent
        with storage.open(stored, "rb") as source:
            local.write_bytes(source.read())
        try:
            report = import_file(kind, local, edition=edition)
        except ImportRefused as refused:
            storage.delete(stored)
            return {"ok": False, "report": str(refused)}
    storage.delete(stored)
    return {"ok": True, "report": str(report)}
