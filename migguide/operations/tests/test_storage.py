"""Files through Django's storages against a real S3-compatible object store (`rclone
serve s3` on a local port): a publication written to the bucket and served back with
the same bytes and hashes, `verify --stored`, a publication run again after its process
died, backups from the bucket restored into a folder and into a bucket, `migguide
storage copy` both ways, the static portal sent to the bucket."""

from __future__ import annotations

import datetime
import hashlib
import io
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django.utils import timezone

from migguide.access.models import Access
from migguide.editions.models import Edition, PublishedFile
from migguide.editions.publishing import mark_ready, publish, render_files
from migguide.files.storage import discard_upload, keep_upload, put, read
from migguide.operations.backups import backup
from migguide.testing import CastTestCase
from migguide.testing.s3 import ACCESS_KEY, BUCKET, SECRET_KEY, S3Server

ROOT = Path(__file__).resolve().parents[3]

RESTORE = """
import sys
import django
django.setup()
from django.core.management import call_command
call_command("restore", sys.argv[1])
call_command("verify", stored=True)
"""


class S3TestCase(CastTestCase):
    """The cast, with published files, the static portal and uploads in a bucket."""

    @classmethod
    def setUpClass(cls):
        cls.s3 = S3Server().start()
        super().setUpClass()

    def setUp(self):
        # The database is rolled back after each test, the bucket is not: each test
        # keeps its objects under a prefix of its own.
        self.prefix = f"t-{uuid.uuid4().hex[:12]}"
        self.enterContext(
            override_settings(STORAGES=self.s3.storages(settings.STORAGES, prefix=self.prefix))
        )

    def objects(self, area: str = "published") -> dict[str, bytes]:
        return self.s3.objects(f"{self.prefix}/{area}")

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.s3.cleanup()

    def access(self, user) -> Access:
        return Access.of(user, self.senegal)

    def endorsed_edition(self) -> Edition:
        edition = Edition.start(access=self.access(self.coordinator), languages=["fr"])
        edition.submit(access=self.access(self.coordinator))
        edition.approve(access=self.access(self.reviewer), sha256=edition.sha256)
        mark_ready(edition, access=self.access(self.coordinator))
        edition.endorse(
            access=self.access(self.endorser),
            seen_state="ready",
            sha256=edition.sha256,
            name="Mamadou Diagne",
            position="Directeur général de l'ANSD",
            date=datetime.date(2026, 11, 20),
            statement="",
        )
        return edition

    def published_edition(self) -> Edition:
        edition = self.endorsed_edition()
        publish(edition, access=self.access(self.coordinator), seen_state="endorsed")
        return edition

    def env(self, **extra) -> dict:
        folder = Path(tempfile.mkdtemp(prefix="migguide-storage-"))
        self.addCleanup(subprocess.run, ["rm", "-rf", str(folder)], check=False)
        return {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "MIGGUIDE_VAR_DIR": str(folder / "var"),
            "PUBLISHED_DIR": str(folder / "published"),
            "DJANGO_SETTINGS_MODULE": "migguide.settings",
            **extra,
        }

    def s3_env(self, prefix: str) -> dict:
        return {
            "S3_BUCKET": BUCKET,
            "S3_ENDPOINT_URL": self.s3.endpoint_url,
            "S3_ACCESS_KEY_ID": ACCESS_KEY,
            "S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "S3_PREFIX": prefix,
        }


class PublicationInTheBucketTests(S3TestCase):
    def test_a_publication_is_stored_in_the_bucket_and_served_with_its_hashes(self):
        edition = self.published_edition()
        objects = self.objects()
        files = list(edition.files.all())
        self.assertEqual(len(files), 6)  # French: full and at a glance, PDF, DOCX, HTML
        self.assertEqual(sorted(objects), sorted(f.path for f in files))
        self.assertFalse(settings.PUBLISHED_DIR.exists())  # nothing on this disk
        client = Client()
        for f in files:
            self.assertEqual(hashlib.sha256(objects[f.path]).hexdigest(), f.sha256)
            r = client.get(f"/published/SEN/{edition.number}/{f.name}")
            self.assertEqual(r.status_code, 200)
            body = b"".join(r.streaming_content)
            self.assertEqual(hashlib.sha256(body).hexdigest(), f.sha256)
            self.assertEqual(r["X-Content-SHA256"], f.sha256)
            self.assertEqual(r["ETag"], f'"{f.sha256}"')
            self.assertEqual(r["Content-Length"], str(f.size))
            self.assertIn(f.name, r["Content-Disposition"])
        pdf = edition.files.get(version="full", fmt="pdf")
        r = client.get(pdf.url, HTTP_IF_NONE_MATCH=f'"{pdf.sha256}"')
        self.assertEqual(r.status_code, 304)
        self.assertEqual(r.content, b"")

        out = io.StringIO()
        call_command("verify", stored=True, stdout=out)
        self.assertIn("6 file(s) verified", out.getvalue())
        # Altered in the bucket behind the application's back: told, by name.
        (self.s3.folder / BUCKET / self.prefix / "published" / pdf.path).write_bytes(b"%PDF-1.7")
        err = io.StringIO()
        with self.assertRaisesMessage(CommandError, "1 of 6 file(s)"):
            call_command("verify", stored=True, stdout=io.StringIO(), stderr=err)
        self.assertIn(f"{pdf.path}: ALTERED in the storage", err.getvalue())
        # Deleted from the bucket by someone else: not found, and no error escapes.
        storages["published"].delete(pdf.path)
        self.assertEqual(client.get(pdf.url).status_code, 404)

    def test_a_publication_run_again_after_its_process_died_stores_each_file_once(self):
        edition = self.endorsed_edition()
        published_at = timezone.now()
        rendered = render_files(edition, unendorsed=False, date=published_at.date())
        store = storages["published"]
        # The process that died had written three of the files, and no row.
        for item in rendered.files[:3]:
            put(
                store,
                f"sen/{edition.number}/{item['name']}",
                (rendered.folder / item["name"]).read_bytes(),
            )
        with mock.patch("migguide.editions.publishing.put", wraps=put) as sent:
            edition.release(
                rendered,
                access=self.access(self.coordinator),
                published_at=published_at,
                seen_state="endorsed",
            )
        self.assertEqual(sent.call_count, 3)  # only the three it lacked
        objects = self.objects()
        self.assertEqual(len(objects), 6)
        for f in edition.files.all():
            self.assertEqual(hashlib.sha256(objects[f.path]).hexdigest(), f.sha256)
        self.assertFalse(rendered.folder.exists())

    def test_a_refused_publication_leaves_no_object(self):
        edition = self.endorsed_edition()
        with (
            mock.patch.object(Edition, "release", side_effect=RuntimeError("refused")),
            self.assertRaises(RuntimeError),
        ):
            publish(edition, access=self.access(self.coordinator), seen_state="endorsed")
        self.assertEqual(self.objects(), {})
        self.assertFalse(PublishedFile.objects.exists())


class UploadsInTheBucketTests(S3TestCase):
    def test_an_upload_kept_for_a_task_is_in_the_bucket_until_discarded(self):
        key = keep_upload(b"iso3,value\nSEN,1\n", "answers.csv")
        self.assertEqual(self.objects("media"), {key: b"iso3,value\nSEN,1\n"})
        self.assertEqual(read("default", key), b"iso3,value\nSEN,1\n")
        discard_upload(key)
        self.assertEqual(self.objects("media"), {})


class BackupsAndCopiesTests(S3TestCase):
    def test_a_backup_from_the_bucket_restores_into_a_folder_and_into_a_bucket(self):
        edition = self.published_edition()
        archive = Path(tempfile.mkdtemp()) / "from-s3.zip"
        self.addCleanup(archive.unlink, missing_ok=True)
        self.assertIn("6 published files", str(backup(archive)))
        hashes = {f.path: f.sha256 for f in edition.files.all()}

        # Into another instance keeping its files in a folder …
        env = self.env()
        done = subprocess.run(
            [sys.executable, "-c", RESTORE, str(archive)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("6 published files restored", done.stdout)
        self.assertIn("6 file(s) verified", done.stdout)
        folder = Path(env["PUBLISHED_DIR"])
        for path, sha256 in hashes.items():
            self.assertEqual(hashlib.sha256((folder / path).read_bytes()).hexdigest(), sha256)

        # … and into another keeping them in the bucket, under its own prefix.
        env = self.env(**self.s3_env("restored"))
        done = subprocess.run(
            [sys.executable, "-c", RESTORE, str(archive)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("6 file(s) verified", done.stdout)
        restored = self.s3.objects("restored/published")
        self.assertEqual(
            {path: hashlib.sha256(content).hexdigest() for path, content in restored.items()},
            hashes,
        )
        self.assertFalse(Path(env["PUBLISHED_DIR"]).exists())  # nothing in a folder

    def test_storage_copy_moves_the_folders_files_into_the_bucket_and_back_verified(self):
        local = Path(tempfile.mkdtemp(prefix="migguide-local-"))
        self.addCleanup(subprocess.run, ["rm", "-rf", str(local)], check=False)
        files = {
            "sen/1/guide-sen-fr-edition-1.pdf": b"%PDF-1.7 " + os.urandom(200_000),
            "sen/1/guide-sen-fr-edition-1.html": "<p>Sénégal</p>".encode(),
        }
        for name, content in files.items():
            (local / "published" / name).parent.mkdir(parents=True, exist_ok=True)
            (local / "published" / name).write_bytes(content)
        (local / "site").mkdir()
        (local / "site" / "index.html").write_bytes(b"<!doctype html>")
        with override_settings(
            PUBLISHED_DIR=local / "published", SITE_DIR=local / "site", MEDIA_ROOT=local / "media"
        ):
            out = io.StringIO()
            call_command("storage", "copy", "--to", "s3", stdout=out)
            self.assertIn("published: 2 copied, 0 already there", out.getvalue())
            self.assertIn("site: 1 copied", out.getvalue())
            self.assertIn("3 files verified (SHA-256)", out.getvalue())
            self.assertEqual(self.objects(), files)
            self.assertEqual(self.objects("site"), {"index.html": b"<!doctype html>"})

            out = io.StringIO()
            call_command("storage", "copy", "--to", "s3", stdout=out)  # again: nothing sent
            self.assertIn("published: 0 copied, 2 already there", out.getvalue())

            for path in (local / "published").rglob("*.*"):
                path.unlink()
            out = io.StringIO()
            call_command("storage", "copy", "--to", "local", "--only", "published", stdout=out)
            self.assertIn("published: 2 copied", out.getvalue())
            for name, content in files.items():
                self.assertEqual((local / "published" / name).read_bytes(), content)

    def test_storage_copy_is_refused_without_an_object_store(self):
        with (
            override_settings(
                STORAGES={
                    **settings.STORAGES,
                    "published": {
                        "BACKEND": "migguide.files.storage.FolderStorage",
                        "OPTIONS": {"setting": "PUBLISHED_DIR"},
                    },
                }
            ),
            self.assertRaisesMessage(CommandError, "set S3_BUCKET"),
        ):
            call_command("storage", "copy", "--to", "s3", "--only", "published")


class SiteInTheBucketTests(S3TestCase):
    def test_the_static_portal_is_sent_to_the_bucket_and_only_changes_are_sent_again(self):
        edition = self.published_edition()
        var = Path(tempfile.mkdtemp(prefix="migguide-var-"))
        self.addCleanup(subprocess.run, ["rm", "-rf", str(var)], check=False)
        with override_settings(VAR_DIR=var):
            out = io.StringIO()
            call_command("site", "build", stdout=out)
            site = self.objects("site")
            self.assertIn("index.html", site)
            self.assertIn(".migguide-site.json", site)
            pdf = edition.files.get(version="full", fmt="pdf")
            self.assertEqual(hashlib.sha256(site[pdf.url.lstrip("/")]).hexdigest(), pdf.sha256)
            self.assertIn('lang="fr"', site["fr/index.html"].decode())
            with mock.patch("migguide.publishing.site.put", wraps=put) as sent:
                call_command("site", "build", stdout=io.StringIO())
            # Nothing changed: the second build sent nothing, not even its manifest.
            self.assertEqual(sent.call_args_list, [])
