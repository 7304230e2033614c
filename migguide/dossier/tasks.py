"""Translation files uploaded on the page of translation files imported by a background
task (`import_translations`): the file waits in the uploads' storage until a worker, on
any machine, reads it; the person follows the import on the page of their work
(`access.work`). Run again after its worker was killed, the task writes nothing twice:
the translations a first run wrote are found unchanged (`translation_files._write`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from migguide.access.models import User
from migguide.access.work import KINDS, handled_before, on_upload, outcome, reporter
from migguide.countries.models import Country
from migguide.files.problems import ImportRefused
from migguide.files.storage import keep_upload

from . import translation_files


def queue_import(name: str, data: bytes, *, country: Country, user, language: str):
    """Keep the file, then queue (or, with the immediate backend, run) its import."""
    return import_translations.enqueue(
        country.iso3, keep_upload(data, name), name=name, user_pk=user.pk, language=language
    )


@task(takes_context=True)
def import_translations(
    context, iso3: str, key: str, *, name: str, user_pk: int, language: str
) -> dict:
    """Import the translation file kept under `key` as `user_pk` into the dossier of
    `iso3`; returns `access.work.outcome` in the person's language."""
    with translation.override(language):
        back = {
            "next_url": reverse("dossier:translation-files", args=[iso3]),
            "next_label": _("Back to the translation files"),
        }

        def run(data: bytes) -> dict:
            try:
                report = translation_files.import_file(
                    name,
                    data,
                    country=Country.objects.get(iso3=iso3),
                    by=User.objects.filter(pk=user_pk).first(),
                    progress=reporter(context, "texts"),
                )
            except ImportRefused as refused:
                return outcome(False, str(refused), **back)
            return outcome(True, str(report), warning=bool(report.refused), **back)

        return on_upload(key, run, before=lambda: handled_before(name, **back))


KINDS[import_translations.module_path] = gettext_lazy("Import of a translation file")
