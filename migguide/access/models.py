"""People and what they may do: users, their roles per country, invitations.

Who may do what is decided here and nowhere else: views ask `Access.can(...)`."""

from __future__ import annotations

import datetime
import logging
import math
import secrets
from dataclasses import dataclass, field
from enum import Enum

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from migguide.countries.models import Country

log = logging.getLogger(__name__)


class AccessError(Exception):
    """A rule about roles was broken; the message is shown to the person as is."""


class User(AbstractUser):
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("The language of the pages when you are signed in."),
    )
    weekly_digest = models.BooleanField(
        _("weekly e-mail of what I have to do"),
        default=False,
        help_text=_("Once a week, the list of your home page, if it is not empty."),
    )

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_consortium_staff(self) -> bool:
        return self.is_active and self.is_staff

    # Consortium staff administer the registry, people and dossiers in the admin
    # without being given each model permission one by one.
    STAFF_APPS = frozenset({"countries", "access", "dossier", "editions"})

    def has_perm(self, perm, obj=None) -> bool:
        if self.is_consortium_staff and perm.split(".", 1)[0] in self.STAFF_APPS:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label) -> bool:
        if self.is_consortium_staff and app_label in self.STAFF_APPS:
            return True
        return super().has_module_perms(app_label)


class Permission(Enum):
    READ = "read"  # see the unpublished dossier of a country
    EDIT = "edit"  # change its entries
    MANAGE = "manage"  # manage its workgroup and roles
    COMMENT = "comment"  # comment on drafts
    ENDORSE = "endorse"  # endorse an edition of its guide


class RoleQuerySet(models.QuerySet):
    def for_country(self, country: Country):
        return self.filter(country=country)

    def effective(self):
        """Roles that count: an endorsing authority only once a second person confirmed it."""
        return self.filter(confirmed_at__isnull=False)


class Role(models.Model):
    """A person's role in one country's activity. One person can hold roles in several
    countries, and several roles in one."""

    class Kind(models.TextChoices):
        COORDINATOR = "coordinator", _("national coordinator")
        MEMBER = "member", _("workgroup member")
        REVIEWER = "reviewer", _("reviewer")
        ENDORSER = "endorser", _("endorsing authority")

    user = models.ForeignKey(User, models.CASCADE, related_name="roles")
    country = models.ForeignKey(Country, models.CASCADE, related_name="roles")
    kind = models.CharField(_("role"), max_length=12, choices=Kind.choices)
    granted_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)
    # Empty while an endorsing authority waits for the second person who confirms it;
    # other roles count from the moment they are given.
    confirmed_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True, default=timezone.now)

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["country", "kind", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "country", "kind"], name="unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()} ({self.country.iso3})"

    @property
    def is_pending(self) -> bool:
        return self.confirmed_at is None

    def confirm(self, *, access: Access) -> None:
        """Make a pending endorsing authority count. The endorsement is the national
        authority's own act, so no single person can create one: the person confirming
        is neither the one given the role nor the one who gave it, and one of these two
        is consortium staff (a coordinator with a second account of their own, or two
        coordinators together, cannot)."""
        kind, user = self.kind, self.user

        def refuse(message: str):
            return _refuse(message, country=self.country, user=user, kind=kind, by=access.user)

        if not access.can(Permission.MANAGE) or access.country.pk != self.country_id:
            refuse(_("Only the country's coordinator or consortium staff can confirm roles."))
        if not self.is_pending:
            refuse(_("This role is confirmed already."))
        if access.user.pk == self.user_id:
            refuse(_("The person given a role cannot confirm it."))
        if self.granted_by_id is None or access.user.pk == self.granted_by_id:
            refuse(
                _(
                    "An endorsing authority needs a second, different person to confirm it "
                    "than the one who gave the role."
                )
            )
        granted_by = self.granted_by
        if not (access.user.is_consortium_staff or granted_by.is_consortium_staff):
            refuse(
                _(
                    "One of the two people who make someone an endorsing authority is "
                    "consortium staff: ask them to confirm it."
                )
            )
        with transaction.atomic():
            updated = Role.objects.filter(pk=self.pk, confirmed_at__isnull=True).update(
                confirmed_by=access.user, confirmed_at=timezone.now()
            )
            if updated:
                RoleEvent.objects.create(
                    country=self.country,
                    user=user,
                    kind=kind,
                    action=RoleEvent.Action.CONFIRMED,
                    by=access.user,
                )
        self.refresh_from_db()


class RoleEvent(models.Model):
    """One change of who holds which role — given, confirmed, withdrawn — or one
    refused attempt, with who did it and when."""

    class Action(models.TextChoices):
        GRANTED = "granted", _("given")
        PENDING = "pending", _("given, waiting for confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        REVOKED = "revoked", _("withdrawn")
        REFUSED = "refused", _("refused")

    country = models.ForeignKey(Country, models.CASCADE, related_name="role_events")
    user = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(_("role"), max_length=12, choices=Role.Kind.choices)
    action = models.CharField(max_length=10, choices=Action.choices)
    by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.user} {self.kind} ({self.country.iso3})"


def _refuse(message, *, country: Country, user, kind: str, by) -> None:
    """Record a refused change of roles, then raise it for the person to read."""
    message = str(message)
    RoleEvent.objects.create(
        country=country,
        user=user,
        kind=kind,
        action=RoleEvent.Action.REFUSED,
        by=by if getattr(by, "pk", None) else None,
        note=message,
    )
    log.warning("Role change refused in %s (%s): %s", country.iso3, kind, message)
    raise AccessError(message)


# What each role allows in its country. Consortium staff may do everything in every
# country except endorse: endorsement is the national authority's own act.
ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.Kind.COORDINATOR: frozenset(
        {Permission.READ, Permission.EDIT, Permission.MANAGE, Permission.COMMENT}
    ),
    Role.Kind.MEMBER: frozenset({Permission.READ, Permission.EDIT, Permission.COMMENT}),
    Role.Kind.REVIEWER: frozenset({Permission.READ, Permission.COMMENT}),
    # The endorsing authority reads the drafts and may send one back with comments.
    Role.Kind.ENDORSER: frozenset({Permission.READ, Permission.COMMENT, Permission.ENDORSE}),
}
STAFF_PERMISSIONS = frozenset(set(Permission) - {Permission.ENDORSE})

# What each role may do, as the invitation tells the person before they accept.
ROLE_ABILITIES: dict[str, tuple[str, ...]] = {
    Role.Kind.COORDINATOR: (
        _("read and edit the country's dossier and send the questionnaires"),
        _("review the answers that come back and accept them into the dossier"),
        _("invite the workgroup and give roles"),
        _("start editions of the guide, answer the reviewers' comments and publish"),
    ),
    Role.Kind.MEMBER: (
        _("read and edit the country's dossier and send the questionnaires"),
        _("review the answers that come back and accept them into the dossier"),
        _("comment on the editions of the guide"),
    ),
    Role.Kind.REVIEWER: (
        _("read the country's dossier and the draft guide"),
        _("comment on the editions of the guide and ask for changes"),
    ),
    Role.Kind.ENDORSER: (
        _("read the country's dossier and the draft guide"),
        _("comment on the editions of the guide"),
        _("endorse an edition in the name of the national authority"),
    ),
}


@dataclass(frozen=True)
class Access:
    """What one user may do in one country."""

    user: User
    country: Country
    roles: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, user, country: Country) -> Access:
        if not user.is_authenticated or not user.is_active:
            return cls(user=user, country=country)
        roles = frozenset(
            Role.objects.effective()
            .filter(user=user, country=country)
            .values_list("kind", flat=True)
        )
        return cls(user=user, country=country, roles=roles)

    @property
    def permissions(self) -> frozenset[Permission]:
        granted = (
            set(STAFF_PERMISSIONS) if getattr(self.user, "is_consortium_staff", False) else set()
        )
        for role in self.roles:
            granted |= ROLE_PERMISSIONS[role]
        if getattr(self.user, "is_consortium_staff", False):
            # Even with an endorser role somehow given: staff never endorse.
            granted.discard(Permission.ENDORSE)
        return frozenset(granted)

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions


def countries_for(user) -> models.QuerySet[Country]:
    """The countries whose unpublished work a user may see."""
    if not user.is_authenticated or not user.is_active:
        return Country.objects.none()
    if user.is_consortium_staff:
        return Country.objects.filter(dossier__isnull=False)
    return Country.objects.filter(roles__user=user, roles__confirmed_at__isnull=False).distinct()


def _token() -> str:
    return secrets.token_urlsafe(32)


def _expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=settings.INVITATION_DAYS)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked=False, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An invitation to join a country's workgroup with a role, sent by e-mail as a
    secret link that expires."""

    country = models.ForeignKey(Country, models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    kind = models.CharField(_("role"), max_length=12, choices=Role.Kind.choices)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    invited_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    revoked = models.BooleanField(default=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} as {self.get_kind_display()} in {self.country.iso3}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and not self.revoked and self.expires_at > timezone.now()

    @property
    def abilities(self) -> tuple[str, ...]:
        """What the role offered may do, in sentences."""
        return ROLE_ABILITIES.get(self.kind, ())

    def check_addressed_to(self, user: User) -> None:
        """An invitation serves the address it was sent to: a link that was forwarded or
        leaked must not give the role to whoever happens to be signed in. Addresses are
        compared without regard to case, as mail servers do."""
        if (user.email or "").casefold() != self.email.casefold():
            raise AccessError(
                _(
                    "This invitation was sent to another e-mail address than the one of your "
                    "account. Sign out and open the link again, or ask for an invitation to "
                    "your address."
                )
            )

    def accept(self, user: User, *, language: str = "") -> Role:
        """Grant the invited role to the person who followed the link, if the invitation
        was sent to their address. An invitation serves once, and not after it expired
        or was withdrawn. Nobody accepts an invitation they sent; an endorsing authority
        still waits for its confirmation. An account without a language takes the one
        the invitation was accepted in (`language`, else the active one), so that the
        e-mails that follow arrive in the language the person reads."""
        self.check_addressed_to(user)
        if user.pk is not None and user.pk == self.invited_by_id:
            _refuse(
                _("Nobody can give a role to themself."),
                country=self.country,
                user=user,
                kind=self.kind,
                by=user,
            )
        with transaction.atomic():
            locked = Invitation.objects.select_for_update().get(pk=self.pk)
            if not locked.is_open:
                raise AccessError(_("This invitation has expired or was already used."))
            role = _give(user=user, country=self.country, kind=self.kind, by=self.invited_by)
            locked.accepted_at = timezone.now()
            locked.accepted_by = user
            locked.save(update_fields=["accepted_at", "accepted_by"])
            language = language or translation.get_language() or ""
            if not user.language and language in dict(settings.LANGUAGES):
                user.language = language
                user.save(update_fields=["language"])
        self.refresh_from_db()
        return role


def check_grant(*, access: Access, user: User, kind: str) -> None:
    """Whether the person of `access` may give `user` this role in its country: only
    its coordinators and consortium staff may, and nobody gives a role to themself
    (the refusal is recorded)."""
    if not access.can(Permission.MANAGE):
        _refuse(
            _("Only the country's coordinator or consortium staff can give roles."),
            country=access.country,
            user=user,
            kind=kind,
            by=access.user,
        )
    if user.pk == access.user.pk:
        _refuse(
            _("Nobody can give a role to themself."),
            country=access.country,
            user=user,
            kind=kind,
            by=access.user,
        )


def grant_role(*, access: Access, user: User, kind: str) -> Role:
    """Give a person a role in the country of `access`. An endorsing authority is
    given pending: it counts once a second person confirms it (`Role.confirm`)."""
    check_grant(access=access, user=user, kind=kind)
    with transaction.atomic():
        return _give(user=user, country=access.country, kind=kind, by=access.user)


def _give(*, user: User, country: Country, kind: str, by: User | None) -> Role:
    role, created = Role.objects.get_or_create(
        user=user,
        country=country,
        kind=kind,
        defaults={
            "granted_by": by,
            "confirmed_at": None if kind == Role.Kind.ENDORSER else timezone.now(),
        },
    )
    if created:
        RoleEvent.objects.create(
            country=country,
            user=user,
            kind=kind,
            action=RoleEvent.Action.PENDING if role.is_pending else RoleEvent.Action.GRANTED,
            by=by,
        )
    return role


def revoke_role(*, access: Access, role: Role) -> None:
    """Take a role back. The last coordinator of a country stays: a dossier without one
    has nobody to manage its workgroup."""
    if not access.can(Permission.MANAGE):
        raise AccessError(
            _("Only the country's coordinator or consortium staff can take roles back.")
        )
    if role.country_id != access.country.pk:
        raise AccessError(_("This role belongs to another country."))
    if (
        role.kind == Role.Kind.COORDINATOR
        and Role.objects.filter(country=role.country, kind=Role.Kind.COORDINATOR).count() == 1
    ):
        raise AccessError(_("A country keeps at least one coordinator: appoint another first."))
    with transaction.atomic():
        RoleEvent.objects.create(
            country=role.country,
            user=role.user,
            kind=role.kind,
            action=RoleEvent.Action.REVOKED,
            by=access.user,
        )
        role.delete()


class SignInFailure(models.Model):
    """A failed attempt to prove who one is — a wrong password, a wrong code — or a
    request for a password reset, kept for the throttling window. In the database rather
    than a per-process cache, so that every worker of the instance counts the same.

    Each kind is counted apart, so that succeeding at one step never wipes the count of
    another: a right password does not forgive wrong codes.

    - Wrong passwords pause the pair of account and address, for a time that doubles
      with each failure: an outsider who types wrong passwords for a known account
      pauses only themselves, never the owner signing in from elsewhere.
    - Wrong codes are only possible after the right password, so they may pause the
      account itself (from anywhere) after SIGN_IN_FAILURES_PER_ACCOUNT.
    - Every address is paused after SIGN_IN_FAILURES_PER_ADDRESS failures of any kind
      on any accounts; reset requests have their own limits, per address and per e-mail.
    """

    class Kind(models.TextChoices):
        PASSWORD = "password", _("wrong password")
        CODE = "code", _("wrong code")
        RESET = "reset", _("password reset request")

    # Failures of a pair of account and address answered before the pause starts;
    # the pause then lasts 2, 4, 8… seconds, up to the window.
    FREE_PASSWORD_FAILURES = 2

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.PASSWORD)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.username} from {self.address} at {self.at}"

    @classmethod
    def seconds_to_wait(cls, *, username: str, address: str | None, kind: str) -> int:
        """0 when this attempt may go ahead; otherwise how many seconds until it may."""
        now = timezone.now()
        window = datetime.timedelta(minutes=settings.SIGN_IN_WINDOW_MINUTES)
        recent = cls.objects.filter(at__gte=now - window)
        username = username.lower()
        waits = [datetime.timedelta(0)]

        def over_limit(failures, limit):
            times = list(failures.order_by("-at").values_list("at", flat=True)[:limit])
            if limit and len(times) >= limit:
                waits.append(times[-1] + window - now)

        if kind == cls.Kind.RESET:
            resets = recent.filter(kind=kind)
            if username:
                over_limit(resets.filter(username=username), settings.PASSWORD_RESETS_PER_EMAIL)
            if address:
                over_limit(resets.filter(address=address), settings.PASSWORD_RESETS_PER_ADDRESS)
        else:
            attempts = recent.exclude(kind=cls.Kind.RESET)
            if address:
                over_limit(attempts.filter(address=address), settings.SIGN_IN_FAILURES_PER_ADDRESS)
            if kind == cls.Kind.CODE:
                over_limit(
                    attempts.filter(username=username, kind=kind),
                    settings.SIGN_IN_FAILURES_PER_ACCOUNT,
                )
            else:
                pair = list(
                    attempts.filter(username=username, address=address, kind=kind)
                    .order_by("-at")
                    .values_list("at", flat=True)
                )
                if len(pair) > cls.FREE_PASSWORD_FAILURES:
                    pause = min(
                        datetime.timedelta(seconds=2 ** (len(pair) - cls.FREE_PASSWORD_FAILURES)),
                        window,
                    )
                    waits.append(pair[0] + pause - now)
        return math.ceil(max(waits).total_seconds())

    @classmethod
    def record(cls, *, username: str, address: str | None, kind: str) -> None:
        window = datetime.timedelta(minutes=settings.SIGN_IN_WINDOW_MINUTES)
        cls.objects.filter(at__lt=timezone.now() - window).delete()
        cls.objects.create(username=username.lower()[:150], address=address, kind=kind)

    @classmethod
    def forget(cls, *, username: str, address: str | None, kind: str) -> None:
        """After a success: the failures of this kind that it answers. A right password
        forgives the wrong passwords of its account from its address only (not the
        address's failures on other accounts); a right code, the account's wrong codes."""
        failures = cls.objects.filter(username=username.lower(), kind=kind)
        if kind == cls.Kind.PASSWORD:
            failures = failures.filter(address=address)
        failures.delete()


def wait_message(seconds: int) -> str:
    """The sentence shown to someone who must wait before trying again."""
    if seconds < 60:
        return ngettext(
            "Too many failed sign-ins. Try again in %(seconds)d second.",
            "Too many failed sign-ins. Try again in %(seconds)d seconds.",
            seconds,
        ) % {"seconds": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext(
        "Too many failed sign-ins. Try again in %(minutes)d minute.",
        "Too many failed sign-ins. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


class SecondFactor(models.Model):
    """A person's authenticator app (TOTP, RFC 6238): a six-digit code that changes
    every 30 seconds, asked after the password. `last_step` refuses a code already used,
    so a code seen over a shoulder cannot be replayed within its validity."""

    user = models.OneToOneField(User, models.CASCADE, related_name="second_factor")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"second factor of {self.user}"

    @classmethod
    def start(cls, user: User) -> SecondFactor:
        """The person's factor, with a new secret the first time (kept until confirmed,
        so that reloading the page does not undo a scan)."""
        import pyotp

        factor, created = cls.objects.get_or_create(
            user=user, defaults={"secret": pyotp.random_base32()}
        )
        return factor

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None

    def uri(self) -> str:
        import pyotp

        return pyotp.TOTP(self.secret).provisioning_uri(
            name=self.user.email or self.user.username, issuer_name="migguide"
        )

    def verify(self, code: str) -> bool:
        """Whether `code` is right now (or one step either side, for clocks that drift)
        and not used before; a right code is used up."""
        import pyotp

        code = "".join(ch for ch in str(code) if ch.isdigit())
        if len(code) != 6:
            return False
        totp = pyotp.TOTP(self.secret)
        now = timezone.now().timestamp()
        for offset in (0, -1, 1):
            step = int(now // totp.interval) + offset
            if step <= self.last_step:
                continue
            if secrets.compare_digest(totp.at(step * totp.interval), code):
                updated = SecondFactor.objects.filter(pk=self.pk, last_step__lt=step).update(
                    last_step=step
                )
                self.last_step = step
                return bool(updated)
        return False

    def confirm(self, code: str) -> bool:
        if not self.verify(code):
            return False
        self.confirmed_at = timezone.now()
        self.save(update_fields=["confirmed_at"])
        return True


def second_factor_required(user) -> bool:
    """Whether the instance requires this person to use a second factor
    (SECOND_FACTOR_REQUIRED_FOR: "endorser" and/or "staff")."""
    required = set(settings.SECOND_FACTOR_REQUIRED_FOR)
    if not required or not user.is_authenticated:
        return False
    if "staff" in required and user.is_staff:
        return True
    return "endorser" in required and user.roles.filter(kind=Role.Kind.ENDORSER).exists()


class SentDigest(models.Model):
    """A weekly e-mail sent to a person, remembered for its week: the task that sends the
    digests may run twice — a worker killed half-way is replaced and the task run again,
    cron may fire twice — and must then write only to the people not yet written to
    (`digests.send_weekly`)."""

    kind = models.CharField(max_length=20)  # "todo", "followup"
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    about = models.CharField(max_length=20, blank=True)  # e.g. the country of a follow-up
    week = models.CharField(max_length=8)  # ISO week: "2026-W49"
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "user", "about", "week"], name="one_digest_a_week"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.about} to user {self.user_id}, {self.week}".replace("  ", " ")
