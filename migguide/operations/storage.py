"""Moving the instance's files between this machine's folders and an object store.

`copy_files(to="s3")` copies what the folders hold (PUBLISHED_DIR, SITE_DIR, MEDIA_ROOT)
into the storages the settings configure (S3_BUCKET set), then reads every object back
and compares its SHA-256 with the file's; `to="local"` is the way back. Files already
there with the same bytes are not sent again, so a copy cut short is simply run again."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages

from migguide.files.storage import FolderStorage, put, read, sha256_of, walk

# Each storage alias and the folder of this machine that holds it without an object store.
ALIASES = ("published", "site", "default")


class CopyRefused(Exception):
    pass


@dataclass
class CopyReport:
    copied: dict[str, int] = field(default_factory=dict)
    present: dict[str, int] = field(default_factory=dict)
    verified: int = 0

    def __str__(self) -> str:
        parts = [
            f"{alias}: {self.copied[alias]} copied, {self.present[alias]} already there"
            for alias in self.copied
        ]
        return "; ".join(parts) + f" — {self.verified} files verified (SHA-256)"


def local_storage(alias: str) -> Storage:
    """The folder of this machine that holds `alias` when no object store is set."""
    if alias == "default":
        return FileSystemStorage(location=settings.MEDIA_ROOT, allow_overwrite=True)
    setting = {"published": "PUBLISHED_DIR", "site": "SITE_DIR"}[alias]
    return FolderStorage(setting, allow_overwrite=True)


def _is_folder(store: Storage) -> bool:
    return isinstance(store, FileSystemStorage)


def copy_files(*, to: str, aliases=ALIASES, progress=None) -> CopyReport:
    """Copy every file of the folders into the object store (`to="s3"`) or back
    (`to="local"`), then check each copy byte for byte; raise CopyRefused on the first
    that differs, naming it."""
    if to not in ("s3", "local"):
        raise CopyRefused(f"--to {to}: use s3 or local")
    report = CopyReport()
    for alias in aliases:
        configured = storages[alias]
        if _is_folder(configured):
            raise CopyRefused(
                f"the {alias} storage is a folder of this machine: set S3_BUCKET (and "
                "S3_ENDPOINT_URL, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY) to name the object "
                "store first"
            )
        local = local_storage(alias)
        source, target = (local, configured) if to == "s3" else (configured, local)
        if _is_folder(source) and not source.exists(""):
            names = []
        else:
            names = [n for n in walk(source) if not n.endswith(".tmp")]
        report.copied[alias] = report.present[alias] = 0
        for name in names:
            content = read(source, name)
            digest = hashlib.sha256(content).hexdigest()
            if target.exists(name) and sha256_of(target, name) == digest:
                report.present[alias] += 1
            else:
                put(target, name, content)
                report.copied[alias] += 1
            # Read back from where it now lives: what a reader will get.
            if sha256_of(target, name) != digest:
                raise CopyRefused(f"{alias}/{name}: the copy does not match the original")
            report.verified += 1
            if progress:
                progress(f"{alias}/{name}")
    return report
