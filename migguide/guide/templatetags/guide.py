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


@register.filter
def hidden_svg(svg: str) -> str:
    """A drawing inside an element that already says what it shows (role="img" and its
    alternative text): hidden from assistive technology, so that the chart engine's own
    roles and labels of marks are not read, nor checked, as a second description."""
    return svg.replace("<svg", '<svg aria-hidden="true" focusable="false"', 1)


@register.filter
def lang_of(text, doc) -> str:
    """` lang="fr"` for a list item or a cell left in the dossier's main language in a
    guide in another (`GuideDocument.language_of`), else nothing."""
    if not isinstance(text, str) or doc is None:
        return ""
    language = doc.language_of(text)
    return format_html(' lang="{}"', language) if language != doc.meta.language else ""
