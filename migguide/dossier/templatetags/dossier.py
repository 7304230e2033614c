import base64

from babel.dates import format_date
from django import template
from django.utils.translation import get_language, to_locale

from migguide.dossier.listing import shorten as _shorten
from migguide.files import text

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters changed (for filters and pages)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in ("", None):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def labelled(label, value):
    """ "label: value" with the colon as the active language writes it (files.text)."""
    return text.labelled(label, value)


@register.filter
def month_year(value):
    """A month as the active language abbreviates it, without ambiguity: CLDR's "MMM y"
    ("juin 2024", "juil. 2024"), where Django's "M" gives "Jui" for both."""
    if not value:
        return ""
    return format_date(value, "MMM y", locale=to_locale(get_language() or "en"))


@register.filter
def svg_data_uri(svg: str) -> str:
    """A logo (checked SVG text, files.logos) as the data URI of an <img>: shown, never
    run, since a browser runs no script of an SVG loaded as an image."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


@register.filter
def shorten(value, limit=400):
    """The text cut between words with an ellipsis when longer than `limit` (listing)."""
    return _shorten(str(value), int(limit))
