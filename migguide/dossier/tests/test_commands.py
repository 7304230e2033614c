import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase


class ConsoleScriptTests(SimpleTestCase):
    """The `migguide` console script, run as a person would, on its own database."""

    def test_migguide_command_line(self):
        tmp = Path(tempfile.mkdtemp())
        env = dict(
            os.environ,
            DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
            MIGGUIDE_VAR_DIR=str(tmp),
            DEBUG="true",
        )
        script = Path(sys.executable).with_name("migguide")

        def run(*args):
            return subprocess.run(
                [str(script), *args],
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
                cwd=settings.BASE_DIR.parent,
            )

        self.assertEqual(run("migrate", "-v0").returncode, 0)
        result = run("countries", "load")
        self.assertIn("249 countries", result.stdout)
        result = run("demo", "--no-serve", "--out", str(tmp / "out"))
        self.assertEqual(result.returncode, 0, result.stderr)
        result = run("dossier", "export", "--country", "SEN", "--format", "json")
        self.assertEqual(json.loads(result.stdout)["country"], "SEN")
        result = run("dossier", "import", str(tmp / "missing.json"))
        self.assertEqual(result.returncode, 1)
        self.assertIn("missing.json: file not found", result.stderr)
