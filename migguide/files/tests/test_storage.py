"""The storage helpers on this machine's folders (the object store's side is tested in
operations/tests/test_storage.py against a real S3 server)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.storage import storages
from django.test import SimpleTestCase

from migguide.files.storage import discard_upload, keep_upload, put, read, sha256_of, walk


class FolderStorageTests(SimpleTestCase):
    def test_the_published_folder_follows_the_setting_and_overwrites_in_place(self):
        store = storages["published"]
        put(store, "sen/1/guide.pdf", b"%PDF first")
        put(store, "sen/1/guide.pdf", b"%PDF second")  # a publication run again
        self.assertEqual((settings.PUBLISHED_DIR / "sen/1/guide.pdf").read_bytes(), b"%PDF second")
        self.assertEqual(list(walk(store)), ["sen/1/guide.pdf"])
        self.assertEqual(
            sha256_of(store, "sen/1/guide.pdf"), hashlib.sha256(b"%PDF second").hexdigest()
        )
        self.assertEqual(read("published", "sen/1/guide.pdf"), b"%PDF second")

    def test_an_upload_is_kept_for_a_task_under_a_safe_name_then_discarded(self):
        key = keep_upload(b"iso3,value\nSEN,1\n", "../../etc/Réponses ANSD (2).csv")
        self.assertRegex(key, r"^uploads/[0-9a-f]{32}/R.ponses_ANSD_2.csv$")
        self.assertTrue((settings.MEDIA_ROOT / key).is_file())
        self.assertEqual(read("default", key), b"iso3,value\nSEN,1\n")
        self.assertNotEqual(keep_upload(b"", "same.csv"), keep_upload(b"", "same.csv"))
        self.assertTrue(keep_upload(b"x", "..").endswith("/upload"))
        discard_upload(key)
        self.assertFalse((settings.MEDIA_ROOT / key).exists())
        with self.assertRaisesMessage(ValueError, "not an upload's key"):
            discard_upload("sen/1/guide.pdf")
