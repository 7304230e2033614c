from __future__ import annotations

from django.conf import settings
from django.db import models

from migguide.editions.models import Endorsement, PublishedFile


class Erasure(models.Model):
    """A person's data erased on request (see `personal.erase_person`). The e-mail
    address itself is not kept, only its digest, so that a repeated request can be
    recognised. Endorsed snapshots stay intact; what of them is public and names the
    person is withheld: the files of those editions, and the endorser's name."""

    email_sha256 = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    summary = models.JSONField(default=dict)
    withheld_files = models.ManyToManyField(PublishedFile, related_name="erasures", blank=True)
    redacted_endorsements = models.ManyToManyField(Endorsement, related_name="erasures", blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"erasure of {self.email_sha256[:12]}… on {self.at:%Y-%m-%d}"
