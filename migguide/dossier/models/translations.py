"""Translations of the dossier's text into the other languages of its guide.

A dossier is written in its main language (the first of `Dossier.languages`); each text
a reader sees has, for every other guide language, a `Translation` that remembers the
main text it was made from (`source_text`). When the main text changes, the translation
is *outdated* until someone updates or confirms it. Which fields are translated is the
table `dossier.translation.TRANSLATABLE`."""

from __future__ import annotations

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .core import Dossier, EditConflict, Versioned, touch_dossier

# The key of the dossier's own texts (situation, framework …) in place of an entry uid.
DOSSIER_KEY = "dossier"


class Translation(Versioned):
    """One field of one entry (or of the dossier itself) in one language."""

    dossier = models.ForeignKey(
        Dossier, models.CASCADE, related_name="translations", editable=False
    )
    # The entry's uid, or DOSSIER_KEY for the dossier's own texts: the same identity the
    # dossier export uses, so a translation survives export and import of its entry.
    entry_uid = models.CharField(max_length=36)
    field = models.CharField(max_length=60)
    language = models.CharField(_("language"), max_length=10)
    text = models.TextField(_("translation"), blank=True)
    source_text = models.TextField(
        _("translated from"),
        blank=True,
        help_text=_("The main-language text as it was when this translation was made."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["entry_uid", "field", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "entry_uid", "field", "language"],
                name="dossier_translation_unique",
            ),
        ]
        indexes = [models.Index(fields=["dossier", "language"])]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")

    def __str__(self) -> str:
        return f"{self.entry_uid}.{self.field} [{self.language}]"

    def dossier_changed(self) -> None:
        touch_dossier(self.dossier_id)

    def is_outdated(self, current_source: str) -> bool:
        """True when the main text changed since this translation was made."""
        return self.source_text.strip() != (current_source or "").strip()

    @classmethod
    def save_unit(
        cls,
        *,
        dossier: Dossier,
        uid: str,
        field: str,
        language: str,
        text: str,
        made_from: str,
        base_version: int,
        by=None,
    ) -> Translation:
        """Save the translation of one text into `language`, made from the main text
        `made_from` (as the translator saw it: if the main text changed meanwhile, the
        translation is outdated at once). `base_version` is the version the translator
        loaded, 0 when there was no translation yet; someone else's save since raises
        EditConflict, as for entries, so that nobody's work is overwritten unseen."""
        with transaction.atomic():
            row = (
                cls.objects.select_for_update()
                .filter(dossier=dossier, entry_uid=uid, field=field, language=language)
                .first()
            )
            if row is not None and base_version == 0:
                last = row.history.order_by("-history_id").first()
                raise EditConflict(
                    row,
                    [(str(cls._meta.get_field("text").verbose_name), "", row.text)],
                    by=str(last.history_user or _("someone")) if last else str(_("someone")),
                    at=last.history_date if last else None,
                )
            if row is None:
                row = cls(dossier=dossier, entry_uid=uid, field=field, language=language)
            row.text, row.source_text = text.strip(), made_from
            row._history_user = by
            if row.pk:
                row.save_checked(base_version=base_version)
            else:
                row.save()
        return row
