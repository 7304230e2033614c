from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def titled(value: str):
    """A cell whose first line is a title and the rest its description."""
    first, _, rest = str(value).partition("\n")
    if not rest:
        return format_html("<strong>{}</strong>", first)
    description = mark_safe(escape(rest).replace("\n", "<br>"))  # noqa: S308 - escaped above
    return format_html("<strong>{}</strong><br>{}", first, description)
