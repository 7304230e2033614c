"""The apps of migguide stack: each imports only the apps below it (imports inside
functions included), so there is no loop between apps, and no hand-written module
grows past 800 lines. The layers, bottom to top, are the README's ("For developers")."""

from __future__ import annotations

import ast
from pathlib import Path

from django.test import SimpleTestCase

PACKAGE = Path(__file__).resolve().parents[1]

# Bottom to top: an app may import the apps before it, never one after it.
LAYERS = (
    "countries",
    "files",
    "access",
    "dossier",
    "indicators",
    "guide",
    "editions",
    "consultation",
    "activity",
    "commitments",
    "operations",
    "publishing",
    "demo",
)
MAX_LINES = 800


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "migrations" in parts or "tests" in parts or parts[0] == "testing":
            continue
        yield path, parts


def _imported_apps(path: Path, parts: tuple[str, ...]) -> dict[str, int]:
    """The apps of migguide this module imports, with the first line of each."""
    found: dict[str, int] = {}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ["migguide", *parts[:-1]][: len(parts) - node.level + 1]
                names = [".".join(base + ([node.module] if node.module else []))]
            else:
                names = [node.module or ""]
        else:
            continue
        for name in names:
            bits = name.split(".")
            if len(bits) > 1 and bits[0] == "migguide" and bits[1] in LAYERS:
                found.setdefault(bits[1], node.lineno)
    return found


class LayersTests(SimpleTestCase):
    def test_every_app_is_in_a_layer(self):
        apps = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
        self.assertEqual(apps - {"testing"}, set(LAYERS))

    def test_apps_import_only_the_apps_below_them(self):
        upward = []
        for path, parts in _modules():
            if len(parts) < 2 or parts[0] not in LAYERS:
                continue
            here = LAYERS.index(parts[0])
            for app, line in _imported_apps(path, parts).items():
                if LAYERS.index(app) > here:
                    upward.append(f"migguide/{'/'.join(parts)}:{line} imports {app}")
        self.assertEqual(upward, [])

    def test_no_module_is_over_800_lines(self):
        big = [
            f"migguide/{'/'.join(parts)}"
            for path, parts in _modules()
            if path.read_text(encoding="utf-8").count("\n") > MAX_LINES
        ]
        self.assertEqual(big, [])
