"""The webhooks page: a coordinator registers the addresses told of their country's
endorsements and publications (staff: of any country, or of every one), sees each
delivery's outcome, removes a hook or resumes a paused one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from migguide.access.models import Access, Permission, Role
from migguide.countries.models import Country

from .forms import WebhookForm
from .models import Delivery, Webhook
from .readiness import readiness


def _countries(user) -> list[Country]:
    """The countries whose hooks the person may manage."""
    if user.is_staff:
        return list(Country.objects.filter(dossier__isnull=False).order_by("iso3"))
    held = Country.objects.filter(pk__in=Role.objects.filter(user=user).values("country")).order_by(
        "iso3"
    )
    return [c for c in held if Access.of(user, c).can(Permission.MANAGE)]


def _hooks(user, countries):
    hooks = Webhook.objects.select_related("country", "owner")
    if user.is_staff:
        return hooks
    return hooks.filter(Q(country__in=countries) | Q(owner=user))


@login_required
def webhooks(request):
    countries = _countries(request.user)
    if not countries and not request.user.is_staff:
        raise PermissionDenied(_("Only a country's coordinator or the staff manage webhooks."))
    form = WebhookForm(
        request.POST or None, countries=countries, every_country=request.user.is_staff
    )
    if request.method == "POST" and form.is_valid():
        hook = form.save(commit=False)
        hook.owner = request.user
        hook.save()
        messages.success(
            request, _("The webhook is registered; keep its secret to check the signatures.")
        )
        return redirect("operations:webhooks")
    hooks = list(_hooks(request.user, countries))
    deliveries = (
        Delivery.objects.filter(webhook__in=hooks).select_related("webhook", "webhook__country")
    )[:30]
    return render(
        request,
        "operations/webhooks.html",
        {"form": form, "hooks": hooks, "deliveries": deliveries},
    )


def _own(request, pk) -> Webhook:
    hook = get_object_or_404(Webhook.objects.select_related("country"), pk=pk)
    if hook not in _hooks(request.user, _countries(request.user)):
        raise PermissionDenied(_("This webhook is not yours to change."))
    return hook


@login_required
@require_POST
def webhook_delete(request, pk):
    _own(request, pk).delete()
    messages.success(request, _("The webhook is removed."))
    return redirect("operations:webhooks")


@login_required
@require_POST
def webhook_resume(request, pk):
    hook = _own(request, pk)
    hook.paused_at = None
    hook.failing_since = None
    hook.save(update_fields=["paused_at", "failing_since"])
    messages.success(request, _("The webhook is resumed."))
    return redirect("operations:webhooks")


@require_safe
@never_cache
def ready(request):
    """For load balancers: 200 when this server reaches the database, the storage and
    the cache (and a task worker is alive, when tasks go to workers); 503 otherwise."""
    ok, report = readiness()
    return JsonResponse(report, status=200 if ok else 503)
