"""A logo is printed only when it is a real PNG or a harmless SVG, within the size limit;
whatever it was, it is kept as SVG text that the writers read."""

import base64
import struct
import zlib

from django.test import SimpleTestCase

from migguide.files.logos import MAX_BYTES, LogoRefused, check_svg, logo_svg, png_size

CIRCLE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    '<circle cx="5" cy="5" r="4" fill="url(#g)"/></svg>'
)


def tiny_png(width: int = 3, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


class LogoTests(SimpleTestCase):
    def test_a_harmless_svg_is_kept_as_it_is(self):
        self.assertEqual(logo_svg(CIRCLE.encode()), CIRCLE)

    def test_a_png_is_wrapped_in_an_svg_of_its_size_holding_its_bytes(self):
        png = tiny_png(3, 2)
        svg = logo_svg(png)
        self.assertEqual(png_size(png), (3, 2))
        self.assertIn('width="3" height="2"', svg)
        encoded = svg.split("base64,")[1].split('"')[0]
        self.assertEqual(base64.b64decode(encoded), png)
        self.assertEqual(check_svg(svg), svg)  # and it passes the SVG checks itself

    def test_a_script_an_event_handler_or_an_outside_reference_is_refused(self):
        hostile = {
            "<script>": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "onload": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "href": '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://x.example/a.png"/></svg>',
            "xlink": (
                '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
                '<use xlink:href="file:///etc/passwd#a"/></svg>'
            ),
            "css url": '<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(http://x.example/f)"/></svg>',
            "style": '<svg xmlns="http://www.w3.org/2000/svg"><style>@import "http://x";</style></svg>',
            "foreignObject": (
                '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>'
            ),
            "entity": (
                '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>'
            ),
            "svg data image": (
                '<svg xmlns="http://www.w3.org/2000/svg">'
                '<image href="data:image/svg+xml;base64,PHN2Zy8+"/></svg>'
            ),
        }
        for what, svg in hostile.items():
            with self.subTest(what), self.assertRaises(LogoRefused):
                logo_svg(svg.encode())

    def test_what_is_neither_png_nor_svg_or_too_large_is_refused_with_the_reason(self):
        cases = {
            b"GIF89a....": "neither a PNG nor an SVG",
            b"<html><body>hello</body></html>": "neither a PNG nor an SVG",
            b"<svg><unclosed>": "not a readable SVG",
            b'<svg xmlns="http://www.w3.org/2000/svg">'
            + b" " * MAX_BYTES
            + b"</svg>": "larger than the limit of 512 KB",
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 40: "not a PNG",
            b"<html><svg/></html>": "root element is not <svg>",
        }
        for data, reason in cases.items():
            with self.subTest(reason), self.assertRaisesMessage(LogoRefused, reason):
                logo_svg(data)
