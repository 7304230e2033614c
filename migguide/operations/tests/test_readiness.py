"""/ready/ for load balancers (database, storage, cache, the task workers' heartbeat),
the shared cache chosen by CACHE_URL (its table made by `migguide migrate`), and logs as
one JSON object per line with LOG_FORMAT=json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import SimpleTestCase, TestCase, override_settings

from migguide.settings import cache_from_url
from migguide.testing.s3 import S3Server

ROOT = Path(__file__).resolve().parents[3]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class ReadyTests(TestCase):
    def test_ready_answers_200_with_each_check_when_all_answer(self):
        r = self.client.get("/ready/")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(
            r.json(),
            {"database": "ok", "storage": "ok", "cache": "ok", "worker_heartbeat_age": None},
        )
        self.assertIn("no-cache", r["Cache-Control"])

    def test_ready_answers_503_naming_the_storage_when_the_object_store_is_down(self):
        s3 = S3Server().start()
        self.addCleanup(s3.cleanup)
        with override_settings(STORAGES=s3.storages(settings.STORAGES)):
            self.assertEqual(self.client.get("/ready/").status_code, 200)
            s3.stop()
            r = self.client.get("/ready/")
        self.assertEqual(r.status_code, 503)
        self.assertEqual(r.json()["database"], "ok")
        self.assertEqual(r.json()["cache"], "ok")
        self.assertIn("EndpointConnectionError", r.json()["storage"])

    def test_ready_answers_503_when_tasks_go_to_workers_and_none_is_alive(self):
        with (
            override_settings(TASKS=DATABASE_TASKS, WORKER_STALE_SECONDS=120),
            mock.patch("migguide.operations.readiness.heartbeat_age", return_value=300.0),
        ):
            r = self.client.get("/ready/")
        self.assertEqual(r.status_code, 503)
        self.assertEqual(r.json()["worker_heartbeat_age"], 300.0)
        with (
            override_settings(TASKS=DATABASE_TASKS, WORKER_STALE_SECONDS=120),
            mock.patch("migguide.operations.readiness.heartbeat_age", return_value=4.0),
        ):
            r = self.client.get("/ready/")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json()["worker_heartbeat_age"], 4.0)

    def test_a_stale_heartbeat_does_not_matter_when_tasks_run_in_the_process(self):
        with mock.patch("migguide.operations.readiness.heartbeat_age", return_value=9999.0):
            r = self.client.get("/ready/")
        self.assertEqual(r.status_code, 200)


class CacheUrlTests(TestCase):
    def test_cache_url_names_the_local_memory_the_database_or_redis(self):
        self.assertEqual(cache_from_url("")["BACKEND"].rsplit(".", 1)[1], "LocMemCache")
        self.assertEqual(cache_from_url("locmem://")["BACKEND"].rsplit(".", 1)[1], "LocMemCache")
        self.assertEqual(
            cache_from_url("db://migguide_cache"),
            {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "migguide_cache",
            },
        )
        self.assertEqual(
            cache_from_url("redis://cache.internal:6379/1"),
            {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://cache.internal:6379/1",
            },
        )
        for wrong in ("memcached://x", "db://", "redis"):
            with self.assertRaisesMessage(ImproperlyConfigured, f"CACHE_URL={wrong!r}"):
                cache_from_url(wrong)

    def test_with_task_workers_the_cache_is_the_databases_unless_named(self):
        # A worker writes an import's progress into the cache: the web servers must see it.
        def backend(**environment) -> str:
            env = {name: v for name, v in os.environ.items() if name != "CACHE_URL"}
            env.update(DJANGO_SETTINGS_MODULE="migguide.settings", **environment)
            script = "from django.conf import settings; print(settings.CACHES['default'])"
            done = subprocess.run(
                [sys.executable, "-c", script],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            return done.stdout

        self.assertIn("LocMemCache", backend(TASKS_BACKEND="immediate"))
        queued = backend(TASKS_BACKEND="database")
        self.assertIn("DatabaseCache", queued)
        self.assertIn("migguide_cache", queued)
        self.assertIn("RedisCache", backend(TASKS_BACKEND="database", CACHE_URL="redis://r:6379/0"))

    def test_migrate_creates_the_database_caches_table(self):
        table = "migguide_shared_cache"
        with override_settings(CACHES={"default": cache_from_url(f"db://{table}")}):
            self.assertNotIn(table, connection.introspection.table_names())
            call_command("migrate", verbosity=0)
            self.assertIn(table, connection.introspection.table_names())
            caches["default"].set("progress:1", [("sources", 3)])
            self.assertEqual(caches["default"].get("progress:1"), [("sources", 3)])
            self.assertEqual(self.client.get("/ready/").json()["cache"], "ok")


class JsonLogTests(SimpleTestCase):
    def test_with_log_format_json_each_line_is_one_json_object(self):
        script = (
            "import django, logging; django.setup(); "
            "log = logging.getLogger('migguide.test'); "
            "log.warning('publication of %s failed', 'SEN'); "
            "log.error('second line: «Sénégal»')"
        )
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "migguide.settings",
            "LOG_FORMAT": "json",
        }
        done = subprocess.run(
            [sys.executable, "-c", script],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        lines = done.stderr.strip().splitlines()
        self.assertEqual(len(lines), 2, done.stderr)
        first, second = (json.loads(line) for line in lines)
        self.assertEqual(first["message"], "publication of SEN failed")
        self.assertEqual(first["level"], "WARNING")
        self.assertEqual(first["logger"], "migguide.test")
        self.assertIn("time", first)
        self.assertEqual(second["message"], "second line: «Sénégal»")

    def test_an_unknown_log_format_is_refused_at_start(self):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "migguide.settings", "LOG_FORMAT": "xml"}
        done = subprocess.run(
            [sys.executable, "-c", "import django; django.setup()"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("LOG_FORMAT='xml': use text or json.", done.stderr)
