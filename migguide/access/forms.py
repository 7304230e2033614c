import ipaddress

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .models import Role, SignInFailure, User, wait_message


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    kind = forms.ChoiceField(label=_("Role"), choices=Role.Kind.choices)


class JoinForm(forms.Form):
    """Creates the account of a person who accepts an invitation."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput,
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput)

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        if data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        elif data.get("password1"):
            user = User(
                username=self.email,
                email=self.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(data["password1"], user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data

    def save(self) -> User:
        data = self.cleaned_data
        return User.objects.create_user(
            username=self.email,
            email=self.email,
            password=data["password1"],
            first_name=data["first_name"],
            last_name=data["last_name"],
        )


class AccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["weekly_digest"]


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=User._meta.get_field("language").choices)
    next = forms.CharField(required=False)


def next_url(request, fallback: str) -> str:
    """Where a form asks to go once it is done (its `next` field), if that is a page of
    this site; `fallback` otherwise: a link made elsewhere must not use our page to send
    a person to another site (open redirect)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def client_address(request) -> str | None:
    """The address a request came from. With TRUSTED_PROXY_COUNT = 0 (the default) it is
    the connecting one, and X-Forwarded-For is not read: anyone reaching gunicorn directly
    could write any address there. Behind N proxies that each append the address they
    saw, it is the Nth entry from the right — the one the outermost proxy saw. A header
    with fewer entries came past some of the proxies; its leftmost entry is then the
    earliest that one of ours wrote. An entry that is no address gives the connecting one."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote
    entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [e for e in entries if e]
    if not entries:
        return remote
    candidate = entries[-proxies] if len(entries) >= proxies else entries[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def refuse_if_throttled(request, username: str, kind: str) -> None:
    """Raise the sentence to show when this attempt must wait."""
    wait = SignInFailure.seconds_to_wait(
        username=username, address=client_address(request), kind=kind
    )
    if wait:
        raise ValidationError(wait_message(wait), code="throttled")


class ThrottledAuthenticationForm(AuthenticationForm):
    """Sign-in that stops answering for a while — whatever password comes next — after
    failures of this account from this address, or of this address on any accounts.
    The account is named by its e-mail address (any case) or its username; failures are
    counted for the name in lower case, so that changing the case does not reset them."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.label = _("E-mail address")
        field.max_length = 254
        field.widget.attrs.update({"inputmode": "email", "autocapitalize": "none"})

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip().lower()
        address = client_address(self.request) if self.request else None
        kind = SignInFailure.Kind.PASSWORD
        if self.request:
            refuse_if_throttled(self.request, username, kind)
        try:
            cleaned = super().clean()
        except ValidationError:
            SignInFailure.record(username=username, address=address, kind=kind)
            raise
        SignInFailure.forget(username=username, address=address, kind=kind)
        return cleaned


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """A wrong old password counts as a failed sign-in of the account from its address:
    a session left open is not a way to try passwords at leisure."""

    def __init__(self, user, *args, request=None, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self):
        kind = SignInFailure.Kind.PASSWORD
        address = client_address(self.request)
        refuse_if_throttled(self.request, self.user.username, kind)
        try:
            return super().clean_old_password()
        except ValidationError:
            SignInFailure.record(username=self.user.username, address=address, kind=kind)
            raise


class ThrottledPasswordResetForm(PasswordResetForm):
    """Asks for a reset link. It answers the same whether an account has the address or
    not; requests are counted whatever the address, and beyond the limits per address
    (said) and per e-mail (silently: no more mail) none is sent. The mail is written in
    the language the person chose."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.throttled_email = False

    def clean(self):
        data = super().clean()
        email = (data.get("email") or "").lower()
        if not email:
            return data
        address = client_address(self.request)
        kind = SignInFailure.Kind.RESET
        if address and SignInFailure.seconds_to_wait(username="", address=address, kind=kind):
            raise ValidationError(
                _("Too many requests from your address. Try again later."), code="throttled"
            )
        self.throttled_email = bool(
            SignInFailure.seconds_to_wait(username=email, address=None, kind=kind)
        )
        SignInFailure.record(username=email, address=address, kind=kind)
        return data

    def get_users(self, email):
        if self.throttled_email:
            return iter(())
        return super().get_users(email)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        language = context["user"].language or translation.get_language()
        with translation.override(language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("six-digit code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
