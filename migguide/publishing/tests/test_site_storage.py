"""The static portal built straight into an object store (`rclone serve s3`), from the
manifest kept beside it: a build on a machine that never built it before sends only
what changed, reads nothing back, removes what the site no longer has, and a build
killed while sending leaves a site the next build repairs — each time the bucket holds
exactly what a build into a folder writes."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from unittest import mock

from django.core.files.storage import storages
from django.test import override_settings

from migguide.editions.publishing import publish
from migguide.files.storage import put, read
from migguide.operations.tests.test_storage import S3TestCase
from migguide.publishing import site
from migguide.publishing.site import MANIFEST, STATE, build_site, build_site_storage


class SiteBuiltIntoTheBucketTests(S3TestCase):
    def setUp(self):
        super().setUp()
        self.first = self.published_edition()
        self.tmp = Path(tempfile.mkdtemp(prefix="migguide-site-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def machine(self, name: str):
        """A machine of its own: its own VAR_DIR, nothing of the site on its disk."""
        return override_settings(VAR_DIR=self.tmp / name)

    def assert_bucket_is_a_fresh_build(self):
        folder = self.tmp / "reference"
        shutil.rmtree(folder, ignore_errors=True)
        build_site(folder)
        expected = {
            str(p.relative_to(folder)): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file() and p.name != MANIFEST
        }
        bucket = self.objects("site")
        manifest = json.loads(bucket.pop(MANIFEST))
        self.assertEqual(sorted(bucket), sorted(expected))
        for name, content in expected.items():
            self.assertEqual(bucket[name], content, name)
        reference = json.loads((folder / MANIFEST).read_text())
        self.assertEqual(
            {k: v["sha256"] for k, v in manifest.items()},
            {k: v["sha256"] for k, v in reference.items()},
        )

    def test_a_rebuild_on_another_machine_sends_only_what_changed_and_reads_nothing_back(self):
        with self.machine("a"):
            build_site_storage()
        second = self.endorsed_edition()
        publish(second, access=self.access(self.coordinator), seen_state="endorsed")
        with (
            self.machine("b"),
            mock.patch("migguide.publishing.site.read", wraps=read) as reads,
            mock.patch("migguide.publishing.site.put", wraps=put) as sent,
        ):
            report = build_site_storage()
        self.assertEqual([c.args[1] for c in reads.call_args_list], [MANIFEST])
        names = [c.args[1] for c in sent.call_args_list]
        self.assertEqual(sorted(names[1:-2]), sorted(report.written_paths))
        # The state it was made from last, once everything else is in place.
        self.assertEqual((names[0], names[-2], names[-1]), (MANIFEST, MANIFEST, STATE))
        self.assertIn("fr/countries/sen/index.html", names)
        for published in second.files.all():
            self.assertIn(published.url.lstrip("/"), names)
        self.assertNotIn("static/migguide/style.css", names)
        self.assertGreater(report.skipped, 0)
        self.assertFalse((self.tmp / "b" / "site-build").exists())
        self.assert_bucket_is_a_fresh_build()

    def test_a_first_build_sends_in_batches_each_marked_in_the_manifest_before(self):
        with (
            self.machine("a"),
            mock.patch.object(site, "SEND_BATCH", 25),
            mock.patch("migguide.publishing.site.put", wraps=put) as sent,
        ):
            report = build_site_storage()
        names = [c.args[1] for c in sent.call_args_list]
        batches = -(-report.written // 25)
        self.assertGreater(batches, 2)
        self.assertEqual(names.count(MANIFEST), batches + 1)
        self.assertEqual(names[0], MANIFEST)
        self.assertEqual(len(names), report.written + batches + 2)  # + the state, last
        self.assertEqual(names[-1], STATE)
        self.assert_bucket_is_a_fresh_build()

    def test_a_rebuild_with_nothing_changed_sends_nothing(self):
        with self.machine("a"):
            build_site_storage()
        with self.machine("b"), mock.patch("migguide.publishing.site.put", wraps=put) as sent:
            report = build_site_storage()
        self.assertEqual(sent.call_args_list, [])
        self.assertEqual((report.written, report.removed), (0, 0))

    def test_a_file_the_site_no_longer_has_is_removed_from_the_bucket(self):
        with self.machine("a"):
            build_site_storage()
        store = storages["site"]
        manifest = json.loads(read(store, MANIFEST))
        manifest["fr/countries/gone/index.html"] = {"sha256": "0" * 64, "inputs": None}
        put(store, "fr/countries/gone/index.html", b"<!doctype html>gone")
        put(store, MANIFEST, json.dumps(manifest).encode())
        with self.machine("b"):
            report = build_site_storage()
        self.assertEqual(report.removed_paths, ["fr/countries/gone/index.html"])
        self.assertNotIn("fr/countries/gone/index.html", self.objects("site"))
        self.assert_bucket_is_a_fresh_build()

    def test_a_rebuild_killed_while_sending_is_repaired_by_the_next(self):
        with self.machine("a"):
            build_site_storage()
        second = self.endorsed_edition()
        publish(second, access=self.access(self.coordinator), seen_state="endorsed")
        calls = {"n": 0}

        def dies_after_three(store, name, content):
            calls["n"] += 1
            if calls["n"] > 4:  # the manifest marking what is sent, then three files
                raise ConnectionError("the machine went away")
            put(store, name, content)

        with (
            self.machine("b"),
            mock.patch.object(site, "SEND_THREADS", 1),
            mock.patch("migguide.publishing.site.put", dies_after_three),
            self.assertRaises(ConnectionError),
        ):
            build_site_storage()
        # What was about to be sent is marked unknown in the bucket's manifest.
        manifest = json.loads(self.objects("site")[MANIFEST])
        self.assertIsNone(manifest["fr/countries/sen/index.html"]["sha256"])
        with self.machine("c"):
            report = build_site_storage()
        self.assertIn("fr/countries/sen/index.html", report.written_paths)
        self.assert_bucket_is_a_fresh_build()
