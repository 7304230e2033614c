"""Answers uploaded on the tracker page imported by a background task (`import_answers`):
the file waits in the uploads' storage until a worker, on any machine, reads it; the
person follows the import on the page of their work (`access.work`). Run again after its
worker was killed, the task imports nothing twice: answers imported before are
recognised (`storing.store`), and once the upload is gone the responses made from the
file are found by its hash."""

from __future__ import annotations

import hashlib

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_tasks import task

from migguide.access.models import User
from migguide.access.work import KINDS, on_upload, outcome, reporter
from migguide.countries.models import Country
from migguide.files.storage import keep_upload

from . import importing
from .models import Response


def queue_import(name: str, data: bytes, *, country: Country, user, language: str):
    """Keep the file, then queue (or, with the immediate backend, run) its import."""
    return import_answers.enqueue(
        country.iso3,
        keep_upload(data, name),
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        user_pk=user.pk,
        language=language,
    )


@task(takes_context=True)
def import_answers(
    context, iso3: str, key: str, *, name: str, sha256: str, user_pk: int, language: str
) -> dict:
    """Import the answers of the upload kept under `key` as `user_pk`; returns
    `access.work.outcome` in the person's language, leading to the response to review
    (one) or back to the tracker."""
    with translation.override(language):
        return _import(context, iso3, key, name=name, sha256=sha256, user_pk=user_pk)


def _import(context, iso3: str, key: str, *, name: str, sha256: str, user_pk: int) -> dict:
    country = Country.objects.get(iso3=iso3)
    tracker = reverse("consultation:tracker", args=[iso3])
    back = _("Back to the consultation")

    def run(data: bytes) -> dict:
        try:
            report = importing.import_bytes(
                name,
                data,
                country=country,
                by=User.objects.filter(pk=user_pk).first(),
                progress=reporter(context, "rows"),
            )
        except importing.ImportRefused as refused:
            return outcome(
                False,
                _("Nothing was imported.") + "\n" + str(refused),
                next_url=tracker,
                next_label=back,
            )
        return _imported(name, iso3, report.added, report.already)

    def before() -> dict:
        made = list(Response.objects.filter(country=country, file_sha256=sha256))
        if not made:
            # An earlier run refused the file, or was stopped before it could say.
            return outcome(
                False,
                _(
                    "The import of %(file)s was interrupted and what came of it is no "
                    "longer known; no answers of this file are recorded. Upload it again."
                )
                % {"file": name},
                next_url=tracker,
                next_label=back,
            )
        return _imported(name, iso3, [], len(made))

    return on_upload(key, run, before=before)


def _imported(name: str, iso3: str, added: list[Response], already: int) -> dict:
    message = _("%(file)s: %(added)s, %(already)s.") % {
        "file": name,
        "added": ngettext(
            "%(count)d response to review", "%(count)d responses to review", len(added)
        )
        % {"count": len(added)},
        "already": ngettext("%(count)d imported before", "%(count)d imported before", already)
        % {"count": already},
    }
    if len(added) == 1:
        url = reverse("consultation:response", args=[iso3, added[0].pk])
        label = _("Review the imported answers")
    else:
        url = reverse("consultation:tracker", args=[iso3])
        label = _("Back to the consultation")
    return outcome(True, message, next_url=url, next_label=label)


KINDS[import_answers.module_path] = gettext_lazy("Import of questionnaire answers")
