"""The whole dialogue's open data as large exports: stored by the static site's rebuild
after each publication and served from that copy — the same bytes and headers as when
built in the request, compressed as ever — built in the request only while nothing is
stored, and never taken from a site built by hand."""

from __future__ import annotations

import gzip
import json
import shutil
import tempfile
from pathlib import Path

from django.test import Client, override_settings

from migguide.editions.publishing import publish
from migguide.editions.tests.test_editions import EditionTestCase
from migguide.operations.models import Erasure
from migguide.publishing import opendata, package
from migguide.publishing.site import build_site_storage

URLS = [f"/data/{name}" for name in opendata.FILES] + [
    f"/data/package/{name}" for name in package.PACKAGE_FILES
]
HEADERS = ("Content-Type", "Content-Disposition")


def fetch(url: str):
    """What a harvester gets: the response and its body, uncompressed."""
    response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200, (url, response.status_code)
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return response, body


class StoredExportsTests(EditionTestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="migguide-exports-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.site = self.tmp / "site"
        self.enterContext(override_settings(SITE_DIR=self.site, SITE_AUTO_REBUILD=True))

    def publish_one(self):
        edition = self.ready_edition()
        self.endorse(edition)
        with self.captureOnCommitCallbacks(execute=True):  # the rebuild, run at once
            publish(edition, access=self.access(self.coordinator), seen_state="endorsed")
        return edition

    def stored(self, url: str) -> bytes:
        return (self.site / url.lstrip("/")).read_bytes()

    def test_after_a_publication_each_file_is_served_from_the_stored_copy_as_built(self):
        self.publish_one()
        for url in URLS:
            served, body = fetch(url)
            self.assertEqual(body, self.stored(url), url)
            with override_settings(SITE_AUTO_REBUILD=False):  # built in the request
                built, built_body = fetch(url)
            self.assertEqual(body, built_body, url)
            for header in HEADERS:
                self.assertEqual(served.get(header), built.get(header), (url, header))
            if len(body) > 1024:  # a few hundred bytes may not gain from compression
                self.assertEqual(served.get("Content-Encoding"), "gzip", url)
        self.assertEqual(fetch("/data/sources.json")[0]["Content-Encoding"], "gzip")

    def test_the_portal_serves_what_is_stored_not_a_new_build(self):
        self.publish_one()
        marked = json.loads(self.stored("/data/sources.json"))
        marked["citation"] = "the stored copy"
        (self.site / "data" / "sources.json").write_text(json.dumps(marked))
        self.assertEqual(json.loads(fetch("/data/sources.json")[1])["citation"], "the stored copy")

    def test_after_a_change_the_copy_is_not_served_until_its_rebuild_is_done(self):
        # An erasure (or a publication) queues a rebuild; until it is done the copy of
        # the public data before the change is not served: an erased name never outlives
        # its erasure on the portal.
        self.publish_one()
        marked = json.loads(self.stored("/data/sources.json"))
        marked["citation"] = "the stored copy"
        (self.site / "data" / "sources.json").write_text(json.dumps(marked))
        self.assertEqual(json.loads(fetch("/data/sources.json")[1])["citation"], "the stored copy")
        Erasure.objects.create(email_sha256="0" * 64)  # its rebuild not run yet
        self.assertNotEqual(
            json.loads(fetch("/data/sources.json")[1])["citation"], "the stored copy"
        )
        build_site_storage()  # the rebuild the erasure queued
        served = fetch("/data/sources.json")[1]
        self.assertEqual(served, self.stored("/data/sources.json"))

    def test_a_new_publication_changes_the_stored_file(self):
        self.publish_one()
        before = self.stored("/data/sources.json")
        self.publish_one()  # edition 2 supersedes edition 1
        after = self.stored("/data/sources.json")
        self.assertNotEqual(before, after)
        editions = {row["edition"] for row in json.loads(after)["rows"]}
        self.assertEqual(editions, {2})
        self.assertEqual(fetch("/data/sources.json")[1], after)

    def test_with_nothing_stored_yet_the_file_is_built_in_the_request(self):
        served, body = fetch("/data/sources.csv")
        self.assertFalse(self.site.exists())
        self.assertEqual(served["Content-Disposition"], 'inline; filename="sources.csv"')
        self.assertTrue(body.startswith("\ufeff".encode()))

    def test_a_site_built_by_hand_is_never_served_from(self):
        self.publish_one()
        (self.site / "data" / "sources.json").write_text('{"rows": []}')
        with override_settings(SITE_AUTO_REBUILD=False):
            rows = json.loads(fetch("/data/sources.json")[1])["rows"]
        self.assertTrue(rows)
