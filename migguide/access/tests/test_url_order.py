"""The URL configuration does not depend on the order in which `migguide/urls.py`
includes the apps: every named URL, given sample arguments, is matched by the patterns
of one app only, and resolves back to itself with the includes in any order."""

from __future__ import annotations

import contextlib
import itertools
import uuid

from django.test import SimpleTestCase
from django.urls import (
    NoReverseMatch,
    Resolver404,
    URLPattern,
    URLResolver,
    get_resolver,
    reverse,
)
from django.urls.resolvers import RegexPattern

from migguide.dossier.parts import PARTS

# Sample values of each URL parameter, by name; every combination is tried, and the
# URL kept whenever the pattern accepts it.
SAMPLES = {
    "iso3": ["SEN", "sen"],
    "lang": ["fr", "en"],
    "language": ["fr"],
    "version": ["full"],
    "fmt": ["pdf"],
    "part": [part.slug for part in PARTS],
    "uid": [str(uuid.UUID(int=1))],
    "number": ["2"],
    "pk": ["3"],
    "role_id": ["4"],
    "invitation_id": ["5"],
    "comment_id": ["6"],
    "participant": ["7"],
    "token": ["a-token"],
    "uidb64": ["MQ"],
    "name": ["report.pdf"],
    "phase": ["workshops"],
    "kind": ["challenges"],
    "index": ["0"],
    "code": ["cadiz-2023-2027"],
    "group": ["answers"],
    "task_id": ["2f1c6a1e-8b4d-4c55-9d3e-7a0f6b2c9e11"],
}


def named_urls(patterns=None, namespace="", params=()):
    """(name, parameter names) of every named URL outside the admin."""
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        names = tuple(p.pattern.converters) if hasattr(p.pattern, "converters") else ()
        names += tuple(p.pattern.regex.groupindex)
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue
            ns = f"{namespace}:{p.namespace}".strip(":") if p.namespace else namespace
            yield from named_urls(p.url_patterns, ns, params + names)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}:{p.name}".strip(":"), tuple(dict.fromkeys(params + names))


def sample_paths(name: str, params: tuple[str, ...]) -> set[str]:
    paths = set()
    for values in itertools.product(*(SAMPLES[param] for param in params)):
        with contextlib.suppress(NoReverseMatch):
            paths.add(reverse(name, kwargs=dict(zip(params, values, strict=True))))
    return paths


def matches(entry, path: str) -> bool:
    try:
        return entry.resolve(path.removeprefix("/")) is not None
    except Resolver404:
        return False


class UrlOrderTests(SimpleTestCase):
    def setUp(self):
        self.entries = get_resolver().url_patterns
        self.urls = [
            (name, path)
            for name, params in named_urls()
            for path in sorted(sample_paths(name, params))
        ]

    def test_every_url_parameter_has_samples_and_every_named_url_a_path(self):
        for name, params in named_urls():
            self.assertTrue(set(params) <= set(SAMPLES), f"{name}: add samples for {params}")
            self.assertTrue(sample_paths(name, params), f"{name}: no sample reverses")
        self.assertGreater(len(self.urls), 80)

    def test_each_path_is_claimed_by_the_patterns_of_one_app_only(self):
        for name, path in [*self.urls, ("admin:login", "/admin/login/")]:
            claims = [str(e.pattern) for e in self.entries if matches(e, path)]
            self.assertEqual(len(claims), 1, f"{path} ({name}) is matched by {claims}")

    def test_every_named_url_resolves_to_itself_whatever_the_order_of_the_includes(self):
        for order in (self.entries, self.entries[::-1]):
            resolver = URLResolver(RegexPattern(r"^/"), list(order))
            for name, path in self.urls:
                self.assertEqual(resolver.resolve(path).view_name, name, path)

    def test_the_admin_signs_in_through_the_sites_sign_in_whatever_the_order(self):
        self.assertEqual(reverse("admin:login"), "/admin/login/")
        response = self.client.get("/admin/login/?next=/admin/dossier/")
        self.assertRedirects(response, "/login/?next=/admin/", fetch_redirect_response=False)
