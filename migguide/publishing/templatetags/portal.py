"""Links of the portal's pages are relative, so that the same templates serve the live
site and the static export (opened from any static host, or from disk). In the export,
links to a folder name its index.html."""

from __future__ import annotations

import posixpath

from django import template
from django.templatetags.static import static
from django.urls import reverse

register = template.Library()


def relative(from_path: str, to_path: str, *, static_site: bool = False) -> str:
    base = from_path if from_path.endswith("/") else posixpath.dirname(from_path) + "/"
    target = posixpath.relpath(to_path, base)
    if to_path.endswith("/"):
        target = "./" if target == "." else target + "/"
    if static_site and target.endswith("/"):
        target += "index.html"
    return target


def _static_site(context) -> bool:
    request = context.get("request")
    return bool(getattr(request, "static_site", False))


@register.simple_tag(takes_context=True)
def rel(context, name: str, *args) -> str:
    """The relative link from this page to the URL named `name`."""
    return relative(
        context["request"].path, reverse(name, args=args), static_site=_static_site(context)
    )


@register.simple_tag(takes_context=True)
def rel_path(context, path: str) -> str:
    """The relative link from this page to an absolute path of the site."""
    return relative(context["request"].path, path, static_site=_static_site(context))


@register.simple_tag(takes_context=True)
def rel_static(context, name: str) -> str:
    """A static file: the collected one live, a copy under static/ in the export."""
    if _static_site(context):
        return relative(context["request"].path, f"/static/{name}")
    return static(name)
