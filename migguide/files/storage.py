"""Files kept through Django's storages (`settings.STORAGES`): the aliases `published`
(the files of published editions), `site` (the static portal) and `default` (uploads)
are folders on this machine by default, or an S3-compatible object store when
S3_BUCKET is set — code reads and writes them only through `storages[alias]`, so the
same bytes come back from either."""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.text import get_valid_filename

CHUNK = 1024 * 1024


class FolderStorage(FileSystemStorage):
    """A folder named by a setting (PUBLISHED_DIR, SITE_DIR), read at each use rather
    than once: a command or a test that points the setting elsewhere is followed."""

    def __init__(self, setting: str, **options):
        self.setting = setting
        super().__init__(**options)

    @property
    def base_location(self):
        return str(getattr(settings, self.setting))

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def sha256_of(store: Storage, name: str) -> str:
    """The SHA-256 of a stored file, read in chunks (a guide may be several MB)."""
    digest = hashlib.sha256()
    with store.open(name, "rb") as f:
        for chunk in f.chunks(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def read(store: Storage | str, name: str) -> bytes:
    """The bytes of a stored file; `store` a storage or its alias ("published")."""
    with (storages[store] if isinstance(store, str) else store).open(name, "rb") as f:
        return f.read()


def put(store: Storage, name: str, content: bytes) -> None:
    """Write `content` under exactly `name`, replacing what is there: a publication run
    again after its process died writes the same keys (the storages of the settings
    overwrite; none renames to a free name)."""
    from django.core.files.base import ContentFile

    saved = store.save(name, ContentFile(content))
    if saved != name:
        store.delete(saved)
        raise RuntimeError(f"{name}: the storage saved it as {saved} (it must overwrite)")


def walk(store: Storage, folder: str = ""):
    """Every file name under `folder`, recursively."""
    folders, files = store.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from walk(store, f"{folder}/{sub}" if folder else sub)


def keep_upload(content: bytes, name: str) -> str:
    """An uploaded file kept in the `default` storage (MEDIA_ROOT, or the bucket under
    media/) so that a background task on any machine can read it: the key to hand to
    the task. The task reads it with `read("default", key)` — as often as it is run
    again — and removes it with `discard_upload` once done."""
    try:
        safe = get_valid_filename(Path(name).name)
    except SuspiciousFileOperation:  # nothing left of the name ("..", "")
        safe = "upload"
    key = f"uploads/{uuid.uuid4().hex}/{safe}"
    put(storages["default"], key, content)
    return key


def discard_upload(key: str) -> None:
    if not key.startswith("uploads/"):
        raise ValueError(f"{key}: not an upload's key")
    storages["default"].delete(key)
