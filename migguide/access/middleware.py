import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _


class UserLanguageMiddleware:
    """A signed-in person sees the pages in the language they chose, on any browser;
    others get the language negotiated by LocaleMiddleware (cookie, then browser)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = getattr(getattr(request, "user", None), "language", "")
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


# Nothing from another origin, no inline or evaluated script: the pages' only scripts are
# our own files. Inline style stays allowed (the self-contained guide carries its CSS).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """The headers Django's SecurityMiddleware does not set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        return response


# When the signed-in session began and when it last served a request, in seconds since
# the epoch (the session serializer is JSON).
SESSION_STARTED = "migguide-session-started"
SESSION_SEEN = "migguide-session-seen"
# "Last seen" is written at most this often, not on every request.
SEEN_RESOLUTION = 60


class SessionExpiryMiddleware:
    """A signed-in session ends after SESSION_IDLE_SECONDS without a request and, for
    the people whose session is worth most to an attacker (endorsing authorities, staff),
    SESSION_PRIVILEGED_MAX_SECONDS after it began. The person lands on the sign-in page
    with a sentence that says why, in their language, and comes back where they were."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            reason = self.reason_to_end(request, user)
            if reason:
                path = request.get_full_path()
                logout(request)
                messages.info(request, reason)
                return redirect_to_login(path)
        return self.get_response(request)

    def reason_to_end(self, request, user) -> str | None:
        session = request.session
        now = time.time()
        started = session.setdefault(SESSION_STARTED, now)
        seen = session.get(SESSION_SEEN, now)
        if now - seen > settings.SESSION_IDLE_SECONDS:
            return _("You were signed out after a while without activity; please sign in again.")
        if now - started > settings.SESSION_PRIVILEGED_MAX_SECONDS and _is_privileged(user):
            return _(
                "You were signed out because your session reached its limit for your role; "
                "please sign in again."
            )
        if now - session.get(SESSION_SEEN, 0) > SEEN_RESOLUTION:
            session[SESSION_SEEN] = now
        return None


def _is_privileged(user) -> bool:
    from .models import Role

    return user.is_staff or Role.objects.filter(user=user, kind=Role.Kind.ENDORSER).exists()


class PrivateCacheMiddleware:
    """What a signed-in person is shown (drafts, exports, names) stays out of shared
    caches and off the disk of their browser: `Cache-Control: private, no-store`. Public
    portal pages for anonymous visitors keep their headers, and so does a response its
    view declared public (the same for everyone, like the charts script); static files
    are served before this runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and "public" not in response.get("Cache-Control", "")
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response


class SecondFactorMiddleware:
    """Where the instance requires a second factor of someone who has none yet, every
    page leads to setting it up (signing out and switching language aside)."""

    ALLOWED = (
        "/account/second-factor/",
        "/logout/",
        "/language/",
        "/static/",
        "/health/",
        "/ready/",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(self.ALLOWED)
            and _lacks_required_factor(user)
        ):
            from django.shortcuts import redirect

            return redirect("second-factor")
        return self.get_response(request)


def _lacks_required_factor(user) -> bool:
    from .models import SecondFactor, second_factor_required

    if not second_factor_required(user):
        return False
    return not SecondFactor.objects.filter(user=user, confirmed_at__isnull=False).exists()
