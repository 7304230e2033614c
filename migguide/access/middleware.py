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
