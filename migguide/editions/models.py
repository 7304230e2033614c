"""Editions of a country's guide: the dossier frozen, reviewed, endorsed by the national
coordinating authority, published, superseded.

Every move is a method of `Edition` that checks the person's role and the edition's
state under a row lock, records who did it, and leaves nothing half-done. What an
endorsement binds — the snapshot and its hash — can never change afterwards: the
methods refuse, `save()` refuses, and database triggers (migration 0002) refuse bulk
updates, deletes and raw SQL."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from migguide.access.models import Access, Permission
from migguide.countries.models import Country, Dialogue
from migguide.dossier.snapshot import Snapshot

from .freezing import make_snapshot, snapshot_hash
from .review import Approval, Comment, required_approvals, sections_of
from .rules import EditionError, approver_conflict, check_translations, endorsement_conflict

__all__ = [
    "Approval",
    "Comment",
    "Edition",
    "EditionError",
    "make_snapshot",
    "sections_of",
    "snapshot_hash",
]


class EditionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=Edition.State.PUBLISHED)

    def in_progress(self):
        return self.filter(state__in=Edition.IN_PROGRESS)

    def public(self):
        """Editions whose files anyone may read: published now or before."""
        return self.filter(state__in=[Edition.State.PUBLISHED, Edition.State.SUPERSEDED])

    def overdue_for_endorsement(self, now: datetime.datetime | None = None):
        """Editions waiting for endorsement longer than their dialogue's rule allows
        (none when the rule is off)."""
        dialogue = Dialogue.objects.filter(is_default=True).first()
        days = dialogue.unendorsed_publication_days if dialogue else None
        if days is None:
            return self.none()
        limit = (now or timezone.now()) - datetime.timedelta(days=days)
        return self.filter(state=Edition.State.READY, ready_at__lte=limit)


class Edition(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("in review")
        READY = "ready", _("ready for endorsement")
        ENDORSED = "endorsed", _("endorsed")
        PUBLISHED = "published", _("published")
        SUPERSEDED = "superseded", _("superseded")

    IN_PROGRESS = (State.DRAFT, State.REVIEW, State.READY)
    # From endorsement on, the content is bound for good; only these moves remain.
    FROZEN = (State.ENDORSED, State.PUBLISHED, State.SUPERSEDED)
    FROZEN_MOVES = {(State.ENDORSED, State.PUBLISHED), (State.PUBLISHED, State.SUPERSEDED)}
    FROZEN_FIELDS = ("country_id", "number", "languages", "title", "snapshot", "sha256")

    country = models.ForeignKey(Country, models.PROTECT, related_name="editions")
    number = models.PositiveIntegerField()
    languages = models.JSONField(help_text=_("The languages of this edition, as codes."))
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("e.g. “Second edition”")
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    frozen_at = models.DateTimeField(null=True, blank=True, editable=False)
    ready_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    unendorsed = models.BooleanField(
        default=False, editable=False, help_text=_("Published without endorsement.")
    )
    changes_annex = models.BooleanField(
        _("annex “What changed”"),
        default=True,
        help_text=_("Add to the guide an annex listing what changed since the last edition."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["country", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["country", "number"], name="unique_edition_number"),
            models.UniqueConstraint(
                fields=["country"],
                condition=Q(state__in=["draft", "review", "ready"]),
                name="one_edition_in_progress",
            ),
        ]
        # What the public may see (asked by every API request), without reading snapshots.
        indexes = [models.Index(fields=["state", "published_at"], name="edition_state_published")]

    def __str__(self) -> str:
        return gettext("%(country)s, edition %(number)s") % {
            "country": self.country.name(),
            "number": self.number,
        }

    def save(self, *args, **kwargs):
        if self.pk:
            stored = (
                Edition.objects.filter(pk=self.pk)
                .values("state", *(f.removesuffix("_id") for f in self.FROZEN_FIELDS))
                .first()
            )
            if stored and stored["state"] in self.FROZEN:
                changed = [
                    f
                    for f in self.FROZEN_FIELDS
                    if stored[f.removesuffix("_id")] != getattr(self, f)
                ]
                moved = stored["state"] != self.state and (
                    (stored["state"], self.state) not in self.FROZEN_MOVES
                )
                if changed or moved:
                    raise EditionError(
                        gettext(
                            "Edition %(number)s is endorsed: it can never change. "
                            "Start a new edition instead."
                        )
                        % {"number": self.number}
                    )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        stored = Edition.objects.filter(pk=self.pk).values_list("state", "unendorsed").first()
        if stored and (stored[0] in self.FROZEN or stored[1]):
            raise EditionError(
                gettext("Edition %(number)s is endorsed or published: it is kept for good.")
                % {"number": self.number}
            )
        return super().delete(*args, **kwargs)

    # -- rules that do not move the edition -------------------------------------------

    @property
    def is_frozen(self) -> bool:
        return self.state in self.FROZEN

    @property
    def is_public(self) -> bool:
        return self.state in (self.State.PUBLISHED, self.State.SUPERSEDED)

    @property
    def label(self) -> str:
        return self.title or gettext("Edition %(number)s") % {"number": self.number}

    def label_in(self, language: str) -> str:
        from django.utils import translation

        with translation.override(language):
            return self.label

    @property
    def frozen(self) -> Snapshot | None:
        """The dossier this edition froze, as every reader reads it (None before it
        is submitted)."""
        if not self.snapshot:
            return None
        cached = self.__dict__.get("_frozen")
        if cached is None or cached.data is not self.snapshot.get("dossier"):
            cached = self.__dict__["_frozen"] = Snapshot.from_json(self.snapshot["dossier"])
        return cached

    def previous(self) -> Edition | None:
        """The last edition before this one that was endorsed or published: what
        "what changed" compares with."""
        return (
            Edition.objects.filter(country=self.country, number__lt=self.number)
            .filter(Q(state__in=self.FROZEN) | Q(unendorsed=True))
            .order_by("-number")
            .first()
        )

    def moves_for(self, access: Access) -> list[str]:
        """The moves this person may make now (the methods still check again): "send
        for endorsement" only once the review approved it, "approve" only for a
        reviewer who has not approved this content yet."""
        moves = [
            name
            for name, (need, states) in MOVES.items()
            if access.can(need) and self.state in states
        ]
        if "ready" in moves and self.approvals_missing():
            moves.remove("ready")
        if "approve" in moves and (
            approver_conflict(access) or self.approved_by().filter(pk=access.user.pk).exists()
        ):
            moves.remove("approve")
        return moves

    def approved_by(self):
        """The reviewers who approved the content as it is frozen now."""
        from migguide.access.models import User

        return User.objects.filter(
            pk__in=self.approvals.filter(sha256=self.sha256).values("user")
        ).order_by("pk")

    def approvals_missing(self) -> int:
        """How many more approvals the content as it is frozen now needs (0: enough)."""
        if not self.sha256:
            return required_approvals()
        return max(0, required_approvals() - self.approved_by().count())

    def endorsement_conflict(self, access: Access) -> str:
        """Why this person may not endorse this edition, or "" (editions.rules)."""
        return endorsement_conflict(self, access)

    def open_comments(self):
        return self.comments.filter(parent=None, resolved_at=None)

    def check_integrity(self) -> bool:
        """Whether the stored snapshot still gives the hash recorded when it froze."""
        return bool(self.snapshot) and snapshot_hash(self.snapshot) == self.sha256

    # -- the moves --------------------------------------------------------------------

    @classmethod
    def start(
        cls, *, access: Access, languages: list[str], title: str = "", changes_annex: bool = True
    ) -> Edition:
        """A new draft edition, numbered after the last one. One edition at a time is in
        progress, so that reviewers and the endorsing authority always know which one
        they are looking at."""
        _require(access, Permission.MANAGE, gettext("start an edition"))
        if not languages:
            raise EditionError(gettext("Choose at least one language for the edition."))
        with transaction.atomic():
            # Lock the country's editions so that two people cannot both start one.
            editions = list(
                Edition.objects.select_for_update().filter(country=access.country).order_by("pk")
            )
            busy = [e for e in editions if e.state in cls.IN_PROGRESS]
            if busy:
                raise EditionError(
                    gettext(
                        "Edition %(number)s is still in progress (%(state)s): finish it "
                        "before starting another."
                    )
                    % {"number": busy[0].number, "state": busy[0].get_state_display()}
                )
            edition = Edition.objects.create(
                country=access.country,
                number=max((e.number for e in editions), default=0) + 1,
                languages=list(languages),
                title=title,
                changes_annex=changes_annex,
                created_by=access.user,
            )
            Event.objects.create(
                edition=edition,
                action=Event.Action.START,
                from_state="",
                to_state=edition.state,
                by=access.user,
            )
        return edition

    def submit(self, *, access: Access, seen_state: str | None = None, comment: str = ""):
        """Draft → in review. Freezes the dossier as it is now (and the statistics of
        each language) into the edition: from here on its guide is rendered from the
        snapshot, and later edits of the dossier go into the next edition. Refused
        while a text is untranslated or outdated in one of its languages
        (rules.check_translations); the translations freeze with the dossier, so the
        endorsement's hash covers every language."""
        from migguide.dossier.models import Dossier

        def freeze(edition: Edition) -> None:
            dossier = Dossier.objects.filter(country=self.country).first()
            if dossier is None:
                raise EditionError(gettext("This country has no dossier to freeze."))
            edition.snapshot = make_snapshot(dossier, edition.languages)
            check_translations(edition.snapshot["dossier"], edition.languages)
            edition.sha256 = snapshot_hash(edition.snapshot)
            edition.frozen_at = timezone.now()

        self._move(
            access=access,
            need=Permission.MANAGE,
            doing=gettext("submit it for review"),
            seen_state=seen_state,
            allowed=[self.State.DRAFT],
            to=self.State.REVIEW,
            action=Event.Action.SUBMIT,
            comment=comment,
            apply=freeze,
        )

    def remove_language(self, *, access: Access, language: str) -> None:
        """Take a language out of a draft edition (its guide will not be published in
        it), e.g. when its translation cannot be finished in time. The edition keeps at
        least one language."""
        _require(access, Permission.MANAGE, gettext("change its languages"))
        if access.country.pk != self.country_id:
            raise EditionError(gettext("This edition belongs to another country."))
        with transaction.atomic():
            current = Edition.objects.select_for_update().get(pk=self.pk)
            current._check_state(None, [self.State.DRAFT], gettext("change its languages"))
            if language not in current.languages:
                raise EditionError(gettext("This language is not one of the edition's."))
            if len(current.languages) == 1:
                raise EditionError(gettext("An edition keeps at least one language."))
            current.languages = [code for code in current.languages if code != language]
            current.save(update_fields=["languages"])
        self.refresh_from_db()

    def approve(self, *, access: Access, sha256: str, seen_state: str | None = None, comment=""):
        """A reviewer approves the content they read, named by its hash: if the edition
        was updated meanwhile, nothing is approved. The people who prepare the guide,
        and its endorsing authority, do not approve it (`rules.approver_conflict`)."""
        conflict = approver_conflict(access)
        if conflict:
            raise EditionError(conflict)

        def record(edition: Edition) -> None:
            if sha256 != edition.sha256:
                raise EditionError(
                    gettext(
                        "The content of edition %(number)s is not the one you read: it was "
                        "updated meanwhile. Reload the page and read it again."
                    )
                    % {"number": edition.number}
                )
            if edition.approvals.filter(user=access.user, sha256=sha256).exists():
                raise EditionError(gettext("You approved this content already."))
            Approval.objects.create(edition=edition, user=access.user, sha256=sha256)

        self._move(
            access=access,
            need=Permission.COMMENT,
            doing=gettext("approve it"),
            seen_state=seen_state,
            allowed=[self.State.REVIEW],
            to=self.State.REVIEW,
            action=Event.Action.APPROVE,
            comment=comment,
            apply=record,
        )

    def refreeze(self, *, access: Access, seen_state: str | None = None, comment: str = ""):
        """Update an edition in review or waiting for endorsement with the dossier as it
        is now — e.g. the fixes made for the reviewers' comments — so that what is
        endorsed is what was fixed. A new snapshot and hash; the comments stay; the
        approvals of the earlier content stop counting (all of them: an approval is of
        the whole content), so the edition goes back to review."""
        from migguide.dossier.models import Dossier

        def update(edition: Edition) -> None:
            dossier = Dossier.objects.filter(country=edition.country).first()
            if dossier is None:
                raise EditionError(gettext("This country has no dossier to freeze."))
            snapshot = make_snapshot(dossier, edition.languages)
            if snapshot_hash(snapshot) == edition.sha256:
                raise EditionError(
                    gettext("The dossier has not changed since edition %(number)s froze.")
                    % {"number": edition.number}
                )
            check_translations(snapshot["dossier"], edition.languages)
            edition.snapshot, edition.sha256 = snapshot, snapshot_hash(snapshot)
            edition.frozen_at, edition.ready_at = timezone.now(), None

        self._move(
            access=access,
            need=Permission.MANAGE,
            doing=gettext("update it"),
            seen_state=seen_state,
            allowed=[self.State.REVIEW, self.State.READY],
            to=self.State.REVIEW,
            action=Event.Action.REFREEZE,
            comment=comment,
            apply=update,
        )

    def request_changes(self, *, access: Access, seen_state: str | None = None, comment: str):
        """In review or ready → draft, with what needs changing. The snapshot and its
        approvals are let go: the next submission freezes the dossier again, and the
        reviewers approve it anew."""
        if not comment.strip():
            raise EditionError(gettext("Say what needs to change."))

        def thaw(edition: Edition) -> None:
            # The approvals go with the snapshot: the review asked for changes.
            edition.approvals.all().delete()
            edition.snapshot, edition.sha256 = None, ""
            edition.frozen_at = edition.ready_at = None

        self._move(
            access=access,
            need=Permission.COMMENT,
            doing=gettext("request changes"),
            seen_state=seen_state,
            allowed=[self.State.REVIEW, self.State.READY],
            to=self.State.DRAFT,
            action=Event.Action.REQUEST_CHANGES,
            comment=comment,
            apply=thaw,
        )

    def check_ready(self, *, access: Access, seen_state: str | None = None) -> None:
        """Refuse as `mark_ready` would, before anyone waits for the guide to be made in
        every language and format (`publishing.mark_ready` checks this first). Reloads
        the edition, so that the guide is made from the snapshot stored."""
        doing = gettext("send it for endorsement")
        self._check_person(access, Permission.MANAGE, doing)
        self.refresh_from_db()
        self._check_state(seen_state, [self.State.REVIEW], doing)
        self._check_comments_resolved()
        self._check_approved()

    def mark_ready(
        self, *, access: Access, renders_checked: str, seen_state: str | None = None, comment=""
    ):
        """In review → ready for endorsement, once every comment is resolved: the
        endorsing authority is not asked to sign what reviewers still question, nor a
        snapshot whose guide cannot be made in every language and format.

        `renders_checked` is the hash of the snapshot whose guide was made in every
        language and format (`publishing.mark_ready` makes them, then calls this)."""

        def check(edition: Edition) -> None:
            edition._check_comments_resolved()
            edition._check_approved()
            if renders_checked != edition.sha256:  # submitted again since it was checked
                raise EditionError(
                    gettext(
                        "The content of edition %(number)s is not the one you read: it was "
                        "submitted again meanwhile. Reload the page and read it again."
                    )
                    % {"number": edition.number}
                )
            edition.ready_at = timezone.now()

        self._move(
            access=access,
            need=Permission.MANAGE,
            doing=gettext("send it for endorsement"),
            seen_state=seen_state,
            allowed=[self.State.REVIEW],
            to=self.State.READY,
            action=Event.Action.READY,
            comment=comment,
            apply=check,
        )

    def _check_approved(self) -> None:
        """The endorsing authority is asked to sign only what the review approved."""
        n = self.approvals_missing()
        if n:
            raise EditionError(
                ngettext(
                    "The review has not approved this content yet: %(n)s more approval is needed.",
                    "The review has not approved this content yet: %(n)s more approvals "
                    "are needed.",
                    n,
                )
                % {"n": n}
            )

    def _check_comments_resolved(self) -> None:
        n = self.open_comments().count()
        if n:
            raise EditionError(
                gettext("%(n)s comment(s) are still open: answer and resolve them first.")
                % {"n": n}
            )

    def endorse(
        self,
        *,
        access: Access,
        seen_state: str | None = None,
        sha256: str,
        name: str,
        position: str,
        date: datetime.date,
        statement: str,
    ) -> Endorsement:
        """Ready → endorsed, by the national coordinating authority — someone apart from
        the people who prepared and reviewed it (`endorsement_conflict`). The endorsement
        names the content it approves by its hash: if the snapshot the person saw is not
        the one stored any more, nothing is endorsed."""
        if not name.strip() or not position.strip():
            raise EditionError(gettext("Give the name and title of the person endorsing."))

        def bind(edition: Edition) -> None:
            # Checked under the edition's lock: no move of it can slip in meanwhile.
            conflict = edition.endorsement_conflict(access)
            if conflict:
                raise EditionError(conflict)
            if sha256 != edition.sha256 or not edition.check_integrity():
                raise EditionError(
                    gettext(
                        "The content of edition %(number)s is not the one you read: it was "
                        "submitted again meanwhile. Reload the page and read it again."
                    )
                    % {"number": edition.number}
                )
            Endorsement.objects.create(
                edition=edition,
                user=access.user,
                name=name.strip(),
                position=position.strip(),
                date=date,
                statement=statement.strip(),
                sha256=edition.sha256,
            )

        self._move(
            access=access,
            need=Permission.ENDORSE,
            doing=gettext("endorse it"),
            seen_state=seen_state,
            allowed=[self.State.READY],
            to=self.State.ENDORSED,
            action=Event.Action.ENDORSE,
            comment=statement,
            apply=bind,
        )
        return self.endorsement

    def check_release(self, *, access: Access | None) -> None:
        """Refuse as `release` would, before its files are rendered (which takes seconds;
        `publishing.publish` checks this first). Reloads the edition.

        With `access=None` this is the dialogue's rule acting on an edition left waiting
        for endorsement too long: published, marked as not endorsed."""
        if access is None:
            if not Edition.objects.overdue_for_endorsement().filter(pk=self.pk).exists():
                raise EditionError(
                    gettext(
                        "Edition %(number)s may not be published without endorsement: "
                        "the dialogue's rule is off or its delay has not passed."
                    )
                    % {"number": self.number}
                )
        else:
            _require(access, Permission.MANAGE, gettext("publish it"))
        # The files are rendered from the snapshot, which cannot change once endorsed
        # (an unendorsed edition is re-checked under the lock).
        self.refresh_from_db()
        if not self.snapshot:
            raise EditionError(
                gettext("Edition %(number)s has no frozen content to publish.")
                % {"number": self.number}
            )

    def release(
        self,
        rendered,
        *,
        access: Access | None,
        published_at: datetime.datetime,
        seen_state: str | None = None,
        comment: str = "",
    ) -> None:
        """Endorsed → published: its files (full guide and "at a glance", HTML, PDF and
        DOCX, in each language), rendered beforehand by `publishing.publish` so that the
        row is not locked meanwhile, are stored with their hashes and made public;
        earlier published editions in the same languages are superseded.
        `access=None`: the dialogue's rule (see `check_release`)."""
        unendorsed = access is None

        def release(edition: Edition) -> None:
            if edition.sha256 != rendered.sha256:
                raise EditionError(
                    gettext("Edition %(number)s changed while it was being published.")
                    % {"number": edition.number}
                )
            edition.published_at = published_at
            edition.unendorsed = unendorsed
            rendered.store(edition)
            edition._supersede_older()

        self._move(
            access=access,
            need=Permission.MANAGE,
            doing=gettext("publish it"),
            seen_state=seen_state,
            allowed=[self.State.READY] if unendorsed else [self.State.ENDORSED],
            to=self.State.PUBLISHED,
            action=Event.Action.PUBLISH_UNENDORSED if unendorsed else Event.Action.PUBLISH,
            comment=comment,
            apply=release,
        )

    def _supersede_older(self) -> None:
        """Earlier published editions whose every language a newer published edition
        now covers are superseded."""
        newer_languages = set(self.languages)
        for older in (
            Edition.objects.select_for_update()
            .filter(country=self.country, state=self.State.PUBLISHED, number__lt=self.number)
            .order_by("-number")
        ):
            if set(older.languages) <= newer_languages:
                older.state = self.State.SUPERSEDED
                older.save(update_fields=["state"])
                Event.objects.create(
                    edition=older,
                    action=Event.Action.SUPERSEDE,
                    from_state=self.State.PUBLISHED,
                    to_state=self.State.SUPERSEDED,
                    comment=gettext("Superseded by edition %(number)s.") % {"number": self.number},
                )
            newer_languages |= set(older.languages)

    def _move(
        self,
        *,
        access: Access | None,
        need: Permission,
        doing: str,
        seen_state: str | None,
        allowed: list[str],
        to: str,
        action: str,
        comment: str,
        apply: Callable[[Edition], None],
    ) -> None:
        if access is not None:
            self._check_person(access, need, doing)
        with transaction.atomic():
            current = Edition.objects.select_for_update().get(pk=self.pk)
            current._check_state(seen_state, allowed, doing)
            before = current.state
            apply(current)
            current.state = to
            current.save()
            Event.objects.create(
                edition=current,
                action=action,
                from_state=before,
                to_state=to,
                by=access.user if access else None,
                comment=comment.strip(),
            )
            from .tasks import send_move_notifications

            transaction.on_commit(lambda: send_move_notifications.enqueue(current.pk, action))
        self.refresh_from_db()
        # refresh_from_db leaves reverse one-to-one caches: an endorsement may be new.
        self._state.fields_cache.pop("endorsement", None)

    def _check_person(self, access: Access, need: Permission, doing: str) -> None:
        _require(access, need, doing)
        if access.country.pk != self.country_id:
            raise EditionError(gettext("This edition belongs to another country."))

    def _check_state(self, seen_state: str | None, allowed: list[str], doing: str) -> None:
        """Refuse a move from a state the person did not see, or not allowed."""
        if seen_state and self.state != seen_state:
            raise EditionError(
                gettext(
                    "Edition %(number)s was moved to “%(state)s” by someone else "
                    "meanwhile. Reload the page to see where it stands."
                )
                % {"number": self.number, "state": self.get_state_display()}
            )
        if self.state not in allowed:
            raise EditionError(
                gettext("Edition %(number)s is %(state)s: you cannot %(doing)s now.")
                % {"number": self.number, "state": self.get_state_display(), "doing": doing}
            )


# The moves a person makes from the edition's page: permission, from which states.
MOVES = {
    "submit": (Permission.MANAGE, [Edition.State.DRAFT]),
    "approve": (Permission.COMMENT, [Edition.State.REVIEW]),
    "request-changes": (Permission.COMMENT, [Edition.State.REVIEW, Edition.State.READY]),
    "ready": (Permission.MANAGE, [Edition.State.REVIEW]),
    "endorse": (Permission.ENDORSE, [Edition.State.READY]),
    "publish": (Permission.MANAGE, [Edition.State.ENDORSED]),
}


def _require(access: Access, need: Permission, doing: str) -> None:
    if not access.can(need):
        raise EditionError(
            gettext("Your role in %(country)s does not allow you to %(doing)s.")
            % {"country": access.country.name(), "doing": doing}
        )


class Endorsement(models.Model):
    """The national coordinating authority's approval of one edition's content, bound
    to it by the snapshot's hash. Never changed or deleted (database triggers)."""

    edition = models.OneToOneField(Edition, models.PROTECT, related_name="endorsement")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("title or function"), max_length=300)
    date = models.DateField(_("date"))
    statement = models.TextField(_("statement"), blank=True)
    sha256 = models.CharField(max_length=64)
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.name}, {self.position} ({self.date})"

    @property
    def public_name(self) -> str:
        """The endorser's name as the public sees it: none once they asked for their
        data to be erased (the endorsement itself, and the snapshot, stay intact)."""
        return "" if self.erasures.exists() else self.name


class Event(models.Model):
    """One move of an edition: who, when, from which state to which, and why."""

    class Action(models.TextChoices):
        START = "start", _("started")
        SUBMIT = "submit", _("submitted for review")
        REQUEST_CHANGES = "request-changes", _("changes requested")
        APPROVE = "approve", _("approved by a reviewer")
        REFREEZE = "refreeze", _("updated with the dossier as it is now")
        READY = "ready", _("sent for endorsement")
        ENDORSE = "endorse", _("endorsed")
        PUBLISH = "publish", _("published")
        PUBLISH_UNENDORSED = "publish-unendorsed", _("published without endorsement")
        SUPERSEDE = "supersede", _("superseded")

    edition = models.ForeignKey(Edition, models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.edition}: {self.get_action_display()}"


class PublishedFile(models.Model):
    """One file of a published edition, stored once with its hash; `migguide verify`
    recognises it by that hash. Never changed or deleted (database triggers)."""

    edition = models.ForeignKey(Edition, models.PROTECT, related_name="files")
    language = models.CharField(max_length=8)
    version = models.CharField(max_length=10)  # full, glance
    fmt = models.CharField(max_length=5)
    name = models.CharField(max_length=120)
    path = models.CharField(max_length=300)  # its name in storages["published"]
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["edition", "language", "version", "fmt"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "language", "version", "fmt"], name="unique_published_file"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def read(self) -> bytes:
        """Its bytes, from the published storage (a folder or an object store)."""
        from migguide.files.storage import read

        return read("published", self.path)

    @property
    def url(self) -> str:
        """Where anyone can read it, on the live site and in the static export alike."""
        return f"/published/{self.edition.country.iso3}/{self.edition.number}/{self.name}"
