"""Colours are written once, in migguide.theme: Typst templates import theme.typ, the
stylesheet's custom properties say what theme.py says, and no other file of the project
writes a colour of its own."""

import re
from pathlib import Path

from django.test import SimpleTestCase

from migguide import theme

PACKAGE = Path(theme.__file__).parent
TYPST = PACKAGE / "guide" / "typst"
# "#1d2430" in CSS, Typst and HTML; "1D2430" as Office files write fills and fonts.
HEX = re.compile(r"#[0-9a-fA-F]{3,8}\b")
OFFICE = re.compile(r"""(?:fgColor|color|fill)=["'][0-9a-fA-F]{6}["']|RGBColor\(0x""")


def project_files():
    for path in sorted(PACKAGE.rglob("*")):
        rel = path.relative_to(PACKAGE)
        if path.suffix not in {".py", ".typ", ".css", ".html", ".js"}:
            continue
        if {"tests", "migrations", "testing"} & set(rel.parts):
            continue
        yield rel, path.read_text(encoding="utf-8")


class ThemeTests(SimpleTestCase):
    def test_the_stylesheet_declares_the_palette_of_theme_py(self):
        declared = dict(re.findall(r"(--mg-[a-z0-9-]+):\s*([^;]+);", theme.stylesheet()))
        expected = {theme.css_name(k): v for k, v in theme.PALETTE.items()}
        self.assertEqual(declared, expected)

    def test_every_typst_template_imports_the_theme(self):
        for template in sorted(TYPST.glob("*.typ")):
            if template.name != "theme.typ":
                with self.subTest(template.name):
                    self.assertIn('#import "theme.typ"', template.read_text())

    def test_no_colour_is_written_outside_the_theme(self):
        allowed = {Path("theme.py"), Path("static/migguide/theme.css")}
        found = []
        for rel, text in project_files():
            if rel in allowed:
                continue
            for number, line in enumerate(text.splitlines(), start=1):
                colours = HEX.findall(line)
                # an address's fragment (href="#bad") is not a colour
                if rel.suffix in {".py", ".html", ".js"}:
                    colours = [h for h in colours if not re.search(r"href=\S*" + h, line)]
                if colours or OFFICE.search(line):
                    found.append(f"migguide/{rel}:{number}: {line.strip()[:80]}")
        self.assertEqual(found, [])

    def test_the_palette_holds_only_colours(self):
        for name, value in theme.PALETTE.items():
            with self.subTest(name):
                self.assertRegex(value, r"^#([0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
