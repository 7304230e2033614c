import os
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rolled-back tests reuse primary keys: start each test with an empty cache."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request served in French (the
    locale middleware activates the reader's language) does not leak into the next."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def require(condition: bool, reason: str) -> None:
    """Skip outside CI when something a test needs is missing; in CI, fail."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (missing in CI, where nothing may be skipped)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _published_files_in_tmp(settings, tmp_path):
    """Published files (the static portal, uploads kept for tasks) of a test go to its
    own folder, never to the instance's."""
    settings.PUBLISHED_DIR = tmp_path / "published"
    settings.SITE_DIR = tmp_path / "site"
    settings.MEDIA_ROOT = tmp_path / "media"
