from django import template
from django.utils.text import Truncator
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def cell(entry, field):
    """How one field of an entry reads in a list: labels for choices, names for
    related entries, short text for long text."""
    if field.many_to_many:
        return ", ".join(
            getattr(r, "short_name", None) or str(r) for r in getattr(entry, field.name).all()
        )
    if field.is_relation:
        related = getattr(entry, field.name)
        return getattr(related, "short_name", None) or str(related or "")
    if field.choices:
        return getattr(entry, f"get_{field.name}_display")()
    value = getattr(entry, field.name)
    if isinstance(value, bool):
        return _("yes") if value else "—"
    if value is None:
        return ""
    return Truncator(str(value)).chars(140)


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
