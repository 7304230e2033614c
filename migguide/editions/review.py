"""The review of an edition: the reviewers' comments and approvals. An approval is of
the content the reviewer read, named by its hash: when the coordinator updates the
edition with the dossier as it is now (`Edition.refreeze`), the approvals of the earlier
content stop counting, and the reviewers read it again. Comments are kept: they are
answered and resolved as before."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from migguide.access.models import Permission

from .rules import EditionError

if TYPE_CHECKING:
    from migguide.access.models import Access


class Approval(models.Model):
    """One reviewer's approval of one content (snapshot hash) of an edition."""

    edition = models.ForeignKey("editions.Edition", models.CASCADE, related_name="approvals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    sha256 = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "user", "sha256"], name="one_approval_per_content"
            )
        ]

    def __str__(self) -> str:
        return f"{self.edition}: {self.user}"


def required_approvals() -> int:
    """How many approvals an edition needs before endorsement: the dialogue's rule
    (`Dialogue.review_approvals`, default one)."""
    from migguide.countries.models import Dialogue

    dialogue = Dialogue.objects.filter(is_default=True).only("review_approvals").first()
    return dialogue.review_approvals if dialogue else 1


class Comment(models.Model):
    """A reviewer's remark on a section or an entry of a frozen edition, with its
    answers; the coordinator resolves it."""

    GENERAL = "general"

    edition = models.ForeignKey("editions.Edition", models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="answers"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    section = models.CharField(_("section"), max_length=40, default=GENERAL)
    entry = models.CharField(_("entry"), max_length=36, blank=True)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    @classmethod
    def add(
        cls,
        *,
        access: Access,
        edition,
        text: str,
        section: str = GENERAL,
        entry: str = "",
        parent: Comment | None = None,
    ) -> Comment:
        """A comment on the frozen content (in review or waiting for endorsement), or an
        answer to an open one."""
        from .models import Edition, _require

        _require(access, Permission.COMMENT, gettext("comment"))
        if not text.strip():
            raise EditionError(gettext("Write the comment first."))
        if parent is not None:
            if parent.edition_id != edition.pk or parent.parent_id is not None:
                raise EditionError(gettext("Answer a comment of this edition."))
            if parent.resolved_at:
                raise EditionError(gettext("This comment is resolved already."))
            section, entry = parent.section, parent.entry
        elif edition.state not in (Edition.State.REVIEW, Edition.State.READY):
            raise EditionError(
                gettext("Comments are taken while an edition is in review, not when it is %s.")
                % edition.get_state_display()
            )
        else:
            known = sections_of(edition.snapshot)
            if section not in known:
                raise EditionError(gettext("There is no such section in this edition."))
            if entry and entry not in known[section]:
                raise EditionError(gettext("There is no such entry in this section."))
        comment = cls.objects.create(
            edition=edition,
            parent=parent,
            author=access.user,
            section=section,
            entry=entry,
            text=text.strip(),
        )
        from .tasks import send_comment_notifications

        transaction.on_commit(lambda: send_comment_notifications.enqueue(comment.pk))
        return comment

    def resolve(self, *, access: Access) -> None:
        from .models import _require

        _require(access, Permission.MANAGE, gettext("resolve comments"))
        if self.resolved_at:
            raise EditionError(gettext("This comment is resolved already."))
        self.resolved_at, self.resolved_by = timezone.now(), access.user
        self.save(update_fields=["resolved_at", "resolved_by"])


def sections_of(snapshot: dict | None) -> dict[str, set[str]]:
    """The sections a comment may be about — the whole edition, the context, each part
    of the dossier — with the ids of their entries."""
    from migguide.dossier.parts import PARTS

    sections: dict[str, set[str]] = {Comment.GENERAL: set(), "context": set()}
    data = (snapshot or {}).get("dossier", {})
    for part in PARTS:
        sections[part.slug] = {e["id"] for e in data.get(part.export_key, [])}
    return sections
