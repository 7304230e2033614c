from django.utils import translation


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


class SecondFactorMiddleware:
    """Where the instance requires a second factor of someone who has none yet, every
    page leads to setting it up (signing out and switching language aside)."""

    ALLOWED = ("/account/second-factor/", "/logout/", "/language/", "/static/", "/health/")

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
