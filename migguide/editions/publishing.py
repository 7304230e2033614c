"""An edition's guide, rendered from its snapshot and never from the live dossier; the
two moves that need it made first — sending the edition for endorsement (every file must
be makeable) and publishing it (its files written once and stored with their hashes);
and the check that a file is an unaltered published edition.

The moves are functions here, not methods of `Edition`: a view, a command or a background
task renders, then the model checks and moves the state under the row's lock."""

from __future__ import annotations

import datetime
import hashlib
import logging
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from babel.dates import format_date
from django.core.files.storage import storages
from django.utils import timezone, translation
from django.utils.translation import gettext

from migguide.access.models import Access
from migguide.files.storage import put, sha256_of
from migguide.guide.building import file_name
from migguide.guide.document import GuideDocument, build_guide
from migguide.guide.writers import WRITERS

from .diff import annex_data, compare
from .models import Edition, EditionError, PublishedFile

logger = logging.getLogger(__name__)

# What a publication makes public, in each of the edition's languages.
PUBLISHED_VERSIONS = ("full", "glance")
PUBLISHED_FORMATS = ("html", "pdf", "docx")
# The folders (in the system's temporary folder) a publication renders into.
INCOMING = "migguide-incoming-"
STORE_THREADS = 4  # files sent to the published storage at once


def edition_guide(
    edition: Edition,
    *,
    language: str,
    version: str = "full",
    unendorsed: bool | None = None,
    date=None,
) -> GuideDocument:
    """The guide of an edition in one language and version, built from its snapshot.
    Endorsed editions carry the endorsement and the snapshot's hash on the cover."""
    if not edition.snapshot:
        raise ValueError(f"edition {edition.number} has no snapshot yet")
    snapshot = edition.snapshot
    endorsement = getattr(edition, "endorsement", None) if edition.pk else None
    unendorsed = edition.unendorsed if unendorsed is None else unendorsed
    with translation.override(language):
        endorsed_by = (
            gettext("Endorsed on %(date)s by %(name)s, %(position)s.")
            % {
                "date": format_date(endorsement.date, "long", locale=language),  # as the cover
                "name": endorsement.name,
                "position": endorsement.position,
            }
            if endorsement
            else ""
        )
        changes = None
        previous = edition.previous() if edition.changes_annex and version == "full" else None
        if previous is not None and previous.snapshot:
            # Compared as the public sees them: the annex is published with the guide.
            current = edition.frozen
            changes = annex_data(
                previous.label_in(language),
                compare(previous.frozen.public(consent_of=current), current.public()),
            )
    if date is None:
        date = (
            edition.published_at.date()
            if edition.published_at
            else endorsement.date
            if endorsement
            else edition.frozen_at.date()
            if edition.frozen_at
            else datetime.date.today()
        )
    return build_guide(
        edition.frozen,
        language=language,
        light=version == "glance",
        profile=version == "profile",
        date=date,
        edition=edition.label_in(language),
        endorsed=endorsement is not None,
        unendorsed_publication=unendorsed,
        endorsement=endorsed_by,
        fingerprint=edition.sha256,
        statistics=snapshot.get("statistics", {}).get(language) or {},
        changes=changes,
    )


def edition_file_name(edition: Edition, language: str, version: str, fmt: str) -> str:
    base = file_name(edition.country.iso3, language, version, fmt)
    stem, suffix = base.rsplit(".", 1)
    return f"{stem}-edition-{edition.number}.{suffix}"


@dataclass
class Rendered:
    """The files of a publication, rendered into a folder of this machine before the
    edition moves; written to the published storage (`storages["published"]`, a folder
    or an object store) and recorded only if the move succeeds."""

    sha256: str  # of the snapshot rendered
    folder: Path
    files: list[dict] = field(default_factory=list)
    stored: list[str] = field(default_factory=list)

    def store(self, edition: Edition) -> None:
        """Each file under its final name, once all are rendered, sent by a few threads
        at once (to an object store, each file is a round trip). Run again (a worker
        killed after writing some), it writes the same names: none is stored twice."""
        published = storages["published"]
        prefix = f"{edition.country.iso3.lower()}/{edition.number}"
        names = [f"{prefix}/{item['name']}" for item in self.files]
        self.stored.extend(names)  # to be removed if the move fails, sent or not
        with ThreadPoolExecutor(STORE_THREADS) as pool:
            for sent in [
                pool.submit(self._store_one, published, name, item)
                for name, item in zip(names, self.files, strict=True)
            ]:
                sent.result()
        for name, item in zip(names, self.files, strict=True):
            PublishedFile.objects.create(
                edition=edition,
                language=item["language"],
                version=item["version"],
                fmt=item["fmt"],
                name=item["name"],
                path=name,
                size=item["size"],
                sha256=item["sha256"],
            )
        shutil.rmtree(self.folder, ignore_errors=True)

    def _store_one(self, published, name: str, item: dict) -> None:
        content = (self.folder / item["name"]).read_bytes()
        if not (published.exists(name) and sha256_of(published, name) == item["sha256"]):
            put(published, name, content)


def render_files(
    edition: Edition,
    *,
    unendorsed: bool,
    date,
    progress: Callable[[int, int], None] | None = None,
) -> Rendered:
    """Every file of the publication, in a folder of its own; `progress(done, total)`
    is told after each file (a background task shows it to the person waiting)."""
    _sweep_incoming()
    folder = Path(tempfile.mkdtemp(prefix=INCOMING))
    rendered = Rendered(edition.sha256, folder)
    total = len(edition.languages) * len(PUBLISHED_VERSIONS) * len(PUBLISHED_FORMATS)
    try:
        for language in edition.languages:
            for version in PUBLISHED_VERSIONS:
                doc = edition_guide(
                    edition, language=language, version=version, unendorsed=unendorsed, date=date
                )
                for fmt in PUBLISHED_FORMATS:
                    content = WRITERS[fmt](doc)
                    name = edition_file_name(edition, language, version, fmt)
                    (folder / name).write_bytes(content)
                    rendered.files.append(
                        {
                            "language": language,
                            "version": version,
                            "fmt": fmt,
                            "name": name,
                            "size": len(content),
                            "sha256": hashlib.sha256(content).hexdigest(),
                        }
                    )
                    if progress is not None:
                        progress(len(rendered.files), total)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return rendered


def warm_up() -> list[str]:
    """Render, and throw away, the latest frozen edition's full guide in its first
    language and its guide at a glance in each other one, as HTML, PDF and DOCX — what
    a worker does when it starts, before it takes a task: the first publication of a
    fresh process would otherwise wait for what is loaded once (the writers' imports,
    the chart engine's process, Typst's fonts, each language's catalogue and
    hyphenation, the first queries). Nothing is written. Returns what was rendered
    ("fr full", "en glance"; nothing when no edition was ever frozen)."""
    edition = (
        Edition.objects.filter(frozen_at__isnull=False, snapshot__isnull=False)
        .select_related("country")
        .order_by("-frozen_at")
        .first()
    )
    if edition is None:
        return []
    made = []
    for i, language in enumerate(edition.languages):
        version = "glance" if i else "full"
        doc = edition_guide(edition, language=language, version=version)
        if all(WRITERS[fmt](doc) for fmt in PUBLISHED_FORMATS):
            made.append(f"{language} {version}")
    return made


def check_renders(edition: Edition) -> None:
    """Make every file a publication of this edition will write (each language, full
    guide and at a glance, HTML, PDF and DOCX) and keep none: the authority must not be
    asked to endorse a snapshot — which can never change afterwards — that cannot be
    published. Raise EditionError saying which file failed."""
    date = edition.frozen_at.date() if edition.frozen_at else None
    for language in edition.languages:
        for version in PUBLISHED_VERSIONS:
            made = ", ".join(f.upper() for f in PUBLISHED_FORMATS)
            try:
                doc = edition_guide(edition, language=language, version=version, date=date)
                for fmt in PUBLISHED_FORMATS:
                    made = fmt.upper()
                    WRITERS[fmt](doc)
            except Exception as error:
                logger.exception("edition %s: %s %s %s", edition.pk, language, version, made)
                raise EditionError(
                    gettext(
                        "The guide of edition %(number)s cannot be made as %(format)s "
                        "(%(language)s, %(version)s): %(error)s. Correct the dossier, "
                        "then submit the edition again."
                    )
                    % {
                        "number": edition.number,
                        "format": made,
                        "language": language,
                        "version": version,
                        "error": f"{type(error).__name__}: {error}"[:200],
                    }
                ) from error


def mark_ready(
    edition: Edition, *, access: Access, seen_state: str | None = None, comment: str = ""
) -> None:
    """In review → ready for endorsement (`Edition.mark_ready`), once every file a
    publication will write has been made from the snapshot (`check_renders`)."""
    edition.check_ready(access=access, seen_state=seen_state)
    check_renders(edition)  # the snapshot frozen now must be publishable
    edition.mark_ready(
        access=access, renders_checked=edition.sha256, seen_state=seen_state, comment=comment
    )


def publish(
    edition: Edition,
    *,
    access: Access | None,
    seen_state: str | None = None,
    comment: str = "",
    published_at: datetime.datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Endorsed → published (`Edition.release`): its files rendered from the snapshot
    first, then stored under the row's lock; none lingers if the move is refused.
    `published_at` (default now) is fixed by a background task when it is queued, so
    that a task run again makes the very same files.

    With `access=None` this is the dialogue's rule acting on an edition left waiting
    for endorsement too long: published, marked as not endorsed."""
    edition.check_release(access=access)
    published_at = published_at or timezone.now()
    rendered = render_files(
        edition, unendorsed=access is None, date=published_at.date(), progress=progress
    )
    try:
        edition.release(
            rendered,
            access=access,
            published_at=published_at,
            seen_state=seen_state,
            comment=comment,
        )
    except Exception:
        discard_files(rendered)
        raise


def _sweep_incoming(older_than: float = 3600) -> None:
    """Folders left by a publication whose process died before it finished: never
    published (no row names their files), removed once surely abandoned."""
    now = time.time()
    for folder in Path(tempfile.gettempdir()).glob(f"{INCOMING}*"):
        if now - folder.stat().st_mtime > older_than:
            shutil.rmtree(folder, ignore_errors=True)


def discard_files(rendered: Rendered) -> None:
    """Undo a publication that did not happen: its files must not linger."""
    shutil.rmtree(rendered.folder, ignore_errors=True)
    published = storages["published"]
    for name in rendered.stored:
        published.delete(name)


def grouped_files(files, first: str | None = None):
    """Published files by language (`first` leading), then version (full guide, then
    at a glance), PDF first: [(language, [(version, [files])])]."""
    order = {"pdf": 0, "docx": 1, "html": 2}
    groups: dict[str, dict[str, list[PublishedFile]]] = {}
    for f in sorted(
        files, key=lambda f: (f.language != first, f.version != "full", order.get(f.fmt, 9))
    ):
        groups.setdefault(f.language, {}).setdefault(f.version, []).append(f)
    return [(language, list(versions.items())) for language, versions in groups.items()]


@dataclass
class Verdict:
    ok: bool
    message: str
    file: PublishedFile | None = None


def verify_file(path: str | Path) -> Verdict:
    """Whether a file is, byte for byte, one of the published files — and which."""
    path = Path(path)
    if not path.is_file():
        return Verdict(False, f"{path}: no such file")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    published = (
        PublishedFile.objects.filter(sha256=digest)
        .select_related("edition__country", "edition__endorsement")
        .first()
    )
    if published is None:
        return Verdict(
            False,
            f"{path}: NOT a published edition (SHA-256 {digest} matches no published file; "
            "it may have been altered, or be a draft)",
        )
    edition = published.edition
    endorsement = getattr(edition, "endorsement", None)
    status = (
        f"endorsed on {endorsement.date.isoformat()} by {endorsement.name}, {endorsement.position}"
        if endorsement
        else "published without endorsement"
    )
    superseded = " (since superseded by a later edition)" if edition.state == "superseded" else ""
    return Verdict(
        True,
        f"{path}: unaltered published file '{published.name}' — {edition.country.name('en')}, "
        f"edition {edition.number}, {published.language}, {published.version}, "
        f"published {edition.published_at.date().isoformat()}, {status}{superseded}; "
        f"content SHA-256 {edition.sha256}",
        published,
    )


def verify_stored() -> list[Verdict]:
    """Every published file as the published storage (a folder or an object store)
    holds it: there, and byte for byte what was published (its SHA-256)."""
    store = storages["published"]
    verdicts = []
    for published in PublishedFile.objects.order_by("pk"):
        if not store.exists(published.path):
            verdicts.append(Verdict(False, f"{published.path}: missing from the storage"))
            continue
        digest = sha256_of(store, published.path)
        ok = digest == published.sha256
        message = (
            f"{published.path}: stored unaltered (SHA-256 {digest})"
            if ok
            else f"{published.path}: ALTERED in the storage (SHA-256 {digest}, "
            f"published as {published.sha256})"
        )
        verdicts.append(Verdict(ok, message, published))
    return verdicts
