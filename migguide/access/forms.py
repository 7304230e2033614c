from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .models import Role, SignInFailure, User


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
    """The address a request came from; behind the HTTPS proxy, the one the proxy saw
    (the last it appended to X-Forwarded-For), since all requests reach us from it."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


class ThrottledAuthenticationForm(AuthenticationForm):
    """Sign-in that stops answering for an account, or an address, after a run of
    failures — whatever password comes next — until the window has passed."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request) if self.request else None
        wait = SignInFailure.minutes_to_wait(username, address)
        if wait:
            raise ValidationError(
                _("Too many failed sign-ins. Try again in %(minutes)s minutes."),
                code="throttled",
                params={"minutes": wait},
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            SignInFailure.record(username, address)
            raise
        SignInFailure.objects.filter(username=username.lower()).delete()
        return cleaned


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("six-digit code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
