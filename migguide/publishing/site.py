"""The public portal as a folder of static files: the same views and templates as the
live pages, called in-process with links made relative, so the folder works from any
static host or from disk. Incremental: a page whose inputs did not change is not
rendered again, and a file whose bytes did not change is not rewritten."""

from __future__ import annotations

import functools
import hashlib
import json
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.core.files.storage import FileSystemStorage, storages
from django.db.models import Count, Max
from django.test import RequestFactory
from django.urls import resolve, reverse

from migguide.editions.models import Edition, PublishedFile
from migguide.files.storage import put, read
from migguide.indicators.models import Release
from migguide.indicators.views import bundle_url, bundle_version
from migguide.operations.models import Erasure

from . import opendata, package, portal

MANIFEST = ".migguide-site.json"
# The public data a finished build was made from (`public_state`), written after
# everything else: the portal serves the large exports of a build only while it is
# still the current state (`exports.stored_response`).
STATE = ".migguide-public-state"
SEND_THREADS = 8  # files sent to an object store at once
SEND_BATCH = 200  # files rendered before they are sent

STATIC_FILES = (
    "migguide/theme.css",
    "migguide/style.css",
    "migguide/portal.js",
    "migguide/charts.js",
    "migguide/favicon.svg",
    "migguide/favicon.ico",
)


@dataclass
class SiteReport:
    out: Path
    written: int = 0
    unchanged: int = 0
    skipped: int = 0  # pages whose inputs did not change: not even rendered
    removed: int = 0
    files: int = 0
    seconds: float = 0.0
    written_paths: list[str] = field(default_factory=list)
    removed_paths: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.out}: {self.files} files — {self.written} written, {self.unchanged} "
            f"unchanged, {self.skipped} pages not re-rendered, {self.removed} removed "
            f"({self.seconds:.1f} s)"
        )


@functools.cache
def _code_version() -> str:
    """Pages depend on the templates, the style sheet and the script too (read once a
    process: a new version of the code is a new process)."""
    h = hashlib.sha256()
    roots = [Path(__file__).parent / "templates", Path(settings.BASE_DIR) / "static"]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _file_for(url: str) -> str:
    path = url.lstrip("/")
    return path + "index.html" if path.endswith("/") or not path else path


class _Builder:
    """Writes the site into the folder `out`. Pages and files are compared with the
    manifest of the last build (the inputs each page was rendered from, the SHA-256 of
    every file): what did not change is neither rendered nor written again."""

    def __init__(self, out: Path, base_url: str):
        self.out = out
        self.base_url = base_url
        self.factory = RequestFactory()
        self.report = SiteReport(out)
        self.old = self.read_manifest()
        self.new: dict[str, dict] = {}

    def read_manifest(self) -> dict:
        self.out.mkdir(parents=True, exist_ok=True)
        # A build that died between writing a file and renaming it left a .tmp behind.
        for stale in self.out.rglob("*.tmp"):
            stale.unlink(missing_ok=True)
        try:
            return json.loads((self.out / MANIFEST).read_text())
        except (OSError, ValueError):
            return {}  # no manifest (or a damaged one): every file is checked anew

    def has(self, name: str) -> bool:
        """The file is there (a folder is checked; the manifest of a store is trusted)."""
        return (self.out / name).exists()

    def get(self, url: str) -> bytes:
        request = self.factory.get(url)
        request.user = AnonymousUser()
        request.static_site = True
        # The public address the files will be served from (never the factory's host).
        request.public_base_url = self.base_url
        match = resolve(url)
        response = match.func(request, *match.args, **match.kwargs)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return response.content

    def page(self, url: str, fingerprint: str | None = None) -> None:
        """Render `url` into its file, unless its inputs' fingerprint is unchanged."""
        name = _file_for(url)
        previous = self.old.get(name)
        if fingerprint and previous and previous.get("inputs") == fingerprint and self.has(name):
            self.new[name] = previous
            self.report.skipped += 1
            return
        self.write(name, self.get(url), fingerprint)

    def unchanged(self, name: str, digest: str) -> bool:
        if self.old.get(name, {}).get("sha256") == digest and self.has(name):
            self.report.unchanged += 1
            return True
        self.report.written += 1
        self.report.written_paths.append(name)
        return False

    def write(self, name: str, content: bytes, fingerprint: str | None = None) -> None:
        digest = hashlib.sha256(content).hexdigest()
        self.new[name] = {"sha256": digest, "inputs": fingerprint}
        if not self.unchanged(name, digest):
            self.send(name, lambda: content)

    def copy(self, name: str, source: Path | None, digest: str | None = None, read=None) -> None:
        """A file as it is: from `source`, or the bytes `read()` gives (a published file,
        read from its storage only when the site lacks it)."""
        digest = digest or hashlib.sha256(source.read_bytes()).hexdigest()
        self.new[name] = {"sha256": digest}
        if not self.unchanged(name, digest):
            self.send(name, read or source.read_bytes)

    def send(self, name: str, content) -> None:
        """Write the bytes `content()` gives under `name`."""
        target = self.out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(content())
        tmp.replace(target)

    def put_state(self, state: str) -> None:
        (self.out / STATE).write_text(state)

    def finish(self) -> SiteReport:
        for name in set(self.old) - set(self.new):
            (self.out / name).unlink(missing_ok=True)
            self.report.removed += 1
            self.report.removed_paths.append(name)
        manifest = self.out / MANIFEST
        tmp = manifest.with_name(manifest.name + ".tmp")
        tmp.write_text(json.dumps(self.new, indent=0, sort_keys=True))
        tmp.replace(manifest)
        self.report.files = len(self.new)
        return self.report


class _StoreBuilder(_Builder):
    """Writes the site into a storage that is not a folder of this machine (an object
    store), where every look at an object is a round trip: the manifest is read from
    the storage once and trusted (no object is checked or read back), and the files
    that changed are sent by a few threads at once, in batches of SEND_BATCH.

    A build killed half-way must leave a site that the next one repairs: before a batch
    is sent, the manifest in the storage is rewritten with every file of the build's
    batches so far marked as unknown, so that the next build renders and sends them again
    (and removes those it no longer makes); the true manifest is written last."""

    def __init__(self, store, base_url: str):
        self.store = store
        self.sending: dict[str, object] = {}  # name → what gives its bytes, to be sent
        self.marked: set[str] = set()  # marked unknown in the storage's manifest
        bucket = getattr(store, "bucket_name", "") or type(store).__name__
        super().__init__(Path(f"{bucket}/{getattr(store, 'location', '')}"), base_url)

    def read_manifest(self) -> dict:
        try:
            return json.loads(read(self.store, MANIFEST))
        except (OSError, ValueError):  # none yet (the bucket's first build), or damaged
            return {}

    def has(self, name: str) -> bool:
        return True

    def send(self, name: str, content) -> None:
        self.sending[name] = content
        if len(self.sending) >= SEND_BATCH:  # a first build holds no whole site in memory
            self._send_waiting()

    def _send_waiting(self) -> None:
        """Mark the files waiting as unknown in the storage's manifest, then send them;
        the first failure stops the build (they stay marked unknown)."""
        if not self.sending:
            return
        self.marked.update(self.sending)
        unknown = {"sha256": None, "inputs": None}
        self._put_manifest({**self.old, **dict.fromkeys(self.marked, unknown)})
        with ThreadPoolExecutor(SEND_THREADS) as pool:
            sent = [
                pool.submit(lambda n=name, c=content: put(self.store, n, c()))
                for name, content in self.sending.items()
            ]
            for future in sent:
                future.result()
        self.sending = {}

    def finish(self) -> SiteReport:
        removed = sorted(set(self.old) - set(self.new))
        self.report.removed = len(removed)
        self.report.removed_paths = removed
        self.report.files = len(self.new)
        if not (self.sending or self.marked or removed) and self.new == self.old:
            return self.report  # nothing changed: not even the manifest is sent
        self._send_waiting()
        with ThreadPoolExecutor(SEND_THREADS) as pool:
            for future in [pool.submit(self.store.delete, name) for name in removed]:
                future.result()
        self._put_manifest(self.new)
        return self.report

    def put_state(self, state: str) -> None:
        put(self.store, STATE, state.encode())

    def _put_manifest(self, manifest: dict) -> None:
        put(self.store, MANIFEST, json.dumps(manifest, indent=0, sort_keys=True).encode())


def build_site(out: str | Path, *, base_url: str | None = None) -> SiteReport:
    """Write the whole public portal into `out`, to be served from `base_url` (the
    configured SITE_URL unless given): the open-data catalogue names every dataset by
    its address there."""
    return _build_with(lambda url: _Builder(Path(out), url), base_url)


def build_site_storage(*, base_url: str | None = None) -> SiteReport:
    """The static portal in `storages["site"]`: a folder of this machine is built in
    place; an object store is built straight into, from its own manifest, on whichever
    machine runs the build (`_StoreBuilder`)."""
    store = storages["site"]
    if isinstance(store, FileSystemStorage):
        return build_site(store.location, base_url=base_url)
    return _build_with(lambda url: _StoreBuilder(store, url), base_url)


def _build_with(make_builder, base_url: str | None) -> SiteReport:
    portal._memo = {}
    try:
        start = time.perf_counter()
        report = _build(make_builder((base_url or settings.SITE_URL).rstrip("/") + "/"))
        report.seconds = time.perf_counter() - start
        return report
    finally:
        portal._memo = None


def _fingerprint(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def _public_inputs() -> tuple[dict, dict[int, list]]:
    """The statistics imported and the erasures made (counted), and each country's
    superseded editions: with the statuses, what the pages of all countries depend on."""
    superseded: dict[int, list] = {}
    for country, pk in (
        Edition.objects.filter(state=Edition.State.SUPERSEDED)
        .order_by("number")
        .values_list("country_id", "pk")
    ):
        superseded.setdefault(country, []).append(pk)
    releases = Release.objects.aggregate(n=Count("pk"), last=Max("pk"))
    # An erasure withholds files and names: every page that could show them is redone.
    releases["erasures"] = Erasure.objects.count()
    return releases, superseded


def _state(code: list, statuses, releases: dict, superseded: dict[int, list]) -> str:
    return _fingerprint(
        code,
        releases,
        [(s.iso3, s.status, s.edition.pk if s.edition else None) for s in statuses],
        sorted(superseded.items()),
    )


def public_state(statuses, base_url: str | None = None) -> str:
    """The fingerprint of everything the pages of all countries depend on — the code,
    where each country stands, which editions are published or superseded, the
    statistics imported, the erasures — as a build made now would record it."""
    base_url = (base_url or settings.SITE_URL).rstrip("/") + "/"
    return _state([_code_version(), base_url], statuses, *_public_inputs())


def _build(builder: _Builder) -> SiteReport:
    base_url = builder.base_url
    code = [_code_version(), base_url]
    statuses = portal.countries_of_the_dialogue("en")
    releases, superseded = _public_inputs()
    # What every page of all countries depends on (`public_state`).
    everything = _state(code, statuses, releases, superseded)
    for lang in portal.languages():
        for name in ("home", "across", "data", "search", "search-index"):
            builder.page(reverse(f"portal:{name}", args=[lang]), everything)
        for status in statuses:
            edition = status.edition
            inputs = json.dumps(
                [
                    code,
                    releases["erasures"],
                    status.status,
                    edition.pk if edition else None,
                    edition.sha256 if edition else None,
                    superseded.get(status.country.pk, []),
                ]
            )
            builder.page(
                reverse("portal:country", args=[lang, status.iso3.lower()]),
                hashlib.sha256(inputs.encode()).hexdigest(),
            )
    for name in opendata.FILES:
        builder.page(reverse("portal:data-file", args=[name]), everything)
        if name not in opendata.COUNTRY_FILES:
            continue
        for status in statuses:
            if status.edition:
                builder.page(
                    reverse("portal:country-data-file", args=[status.iso3, name]),
                    _fingerprint(code, releases, status.edition.pk, status.edition.sha256),
                )
    for name in package.PACKAGE_FILES:
        builder.page(reverse("portal:package-file", args=[name]), everything)
    # The bundle is made from vl-convert and a snippet in Python code, not templates.
    builder.page(bundle_url(), bundle_version())
    for name in STATIC_FILES:
        builder.copy(f"static/{name}", Path(finders.find(name)))
    store = storages["published"]
    for published in PublishedFile.objects.filter(
        edition__state__in=[Edition.State.PUBLISHED, Edition.State.SUPERSEDED],
        erasures__isnull=True,
    ).select_related("edition__country"):
        name = published.url.lstrip("/")
        # Already in the site with these bytes: the published storage is not even asked.
        known = builder.old.get(name, {}).get("sha256") == published.sha256
        if (known and builder.has(name)) or store.exists(published.path):
            builder.copy(name, None, published.sha256, lambda p=published: p.read())
    # The root of the folder opens the portal in the dialogue's first language.
    first = portal.languages()[0]
    builder.write(
        "index.html",
        (
            f'<!doctype html><meta charset="utf-8"><title>migguide</title>'
            f'<meta http-equiv="refresh" content="0; url={first}/index.html">'
            f'<a href="{first}/index.html">{first}</a>'
        ).encode(),
    )
    # The state the build was made from, in its manifest (so that a build changing
    # nothing sends nothing) and, once everything else is in place, beside it.
    builder.new[STATE] = {
        "sha256": hashlib.sha256(everything.encode()).hexdigest(),
        "inputs": everything,
    }
    report = builder.finish()
    if builder.old.get(STATE) != builder.new[STATE]:
        builder.put_state(everything)
    return report
