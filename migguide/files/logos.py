"""The checks a logo (a national emblem, a ministry's mark) passes before a guide prints
it: a size limit, a real PNG or SVG judged by its content, and an SVG that can neither
run a script nor fetch anything. A logo is kept as SVG text either way — a PNG wrapped
in an SVG as a data URI — so that every writer (Typst, HTML, Word) and the dossier's
JSON export carry one kind of value, and an edition freezes the logo with its text."""

from __future__ import annotations

import base64
import re
import struct
import xml.etree.ElementTree as ET

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from django.utils.translation import gettext as _

MAX_BYTES = 512 * 1024
MAX_LOGOS = 3
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
# Elements that run code, embed another document or pull styles and fonts from elsewhere.
FORBIDDEN = {"script", "foreignObject", "iframe", "embed", "object", "audio", "video", "style"}
EMBEDDED_IMAGE = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=\s]+")


class LogoRefused(Exception):
    """The file is not a logo migguide prints; the message says why."""


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, read from its header (IHDR), or LogoRefused."""
    if not data.startswith(PNG_MAGIC) or len(data) < 33 or data[12:16] != b"IHDR":
        raise LogoRefused(_("This is not a PNG image (judged by its content)."))
    width, height = struct.unpack(">II", data[16:24])
    if not (0 < width <= 10_000 and 0 < height <= 10_000):
        raise LogoRefused(_("The image’s dimensions cannot be read."))
    return width, height


def check_svg(text: str) -> str:
    """The SVG `text` if it is safe to print: well-formed, no entity tricks, no script,
    no event handler, no reference outside itself (an embedded PNG excepted)."""
    try:
        root = SafeET.fromstring(text)
    except (ET.ParseError, DefusedXmlException, ValueError):
        raise LogoRefused(_("This is not a readable SVG image.")) from None
    if root.tag != f"{{{SVG}}}svg":
        raise LogoRefused(_("This is not an SVG image (its root element is not <svg>)."))
    for element in root.iter():
        if _local(element.tag) in FORBIDDEN:
            raise LogoRefused(
                _("The SVG holds a <%(element)s> element, which a logo may not have.")
                % {"element": _local(element.tag)}
            )
        for name, value in element.attrib.items():
            local = _local(name)
            if local.lower().startswith("on"):
                raise LogoRefused(
                    _("The SVG holds an event handler (%(attribute)s), which a logo may not have.")
                    % {"attribute": local}
                )
            if local == "href" and not (
                value.startswith("#") or EMBEDDED_IMAGE.fullmatch(value.strip())
            ):
                raise LogoRefused(_("The SVG refers to something outside itself."))
            if "url(" in value and not re.fullmatch(r"\s*url\(\s*#[^)]*\)\s*", value):
                raise LogoRefused(_("The SVG refers to something outside itself."))
    return text


def logo_svg(data: bytes) -> str:
    """An uploaded logo as SVG text, or LogoRefused with the reason: a PNG is wrapped
    in an SVG of its own size; an SVG is checked as it is."""
    if len(data) > MAX_BYTES:
        raise LogoRefused(
            _("The image is larger than the limit of %(size)s KB.") % {"size": MAX_BYTES // 1024}
        )
    if data.startswith(PNG_MAGIC):
        width, height = png_size(data)
        encoded = base64.b64encode(data).decode("ascii")
        return (
            f'<svg xmlns="{SVG}" xmlns:xlink="{XLINK}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}"><image width="{width}" height="{height}" '
            f'xlink:href="data:image/png;base64,{encoded}"/></svg>'
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise LogoRefused(_("The image is neither a PNG nor an SVG.")) from None
    if "<svg" not in text[:4096]:
        raise LogoRefused(_("The image is neither a PNG nor an SVG."))
    return check_svg(text)
