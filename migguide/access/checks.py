"""Deployment checks of the sign-in limits (`migguide check --deploy`)."""

from __future__ import annotations

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def proxy_depth(app_configs, **kwargs):
    """Behind an HTTPS proxy with TRUSTED_PROXY_COUNT = 0, every request seems to come
    from the proxy: the limit per address would then pause sign-in for everybody after
    20 failures by anyone."""
    if settings.SECURE_PROXY_SSL_HEADER and settings.TRUSTED_PROXY_COUNT == 0:
        return [
            checks.Warning(
                "BEHIND_HTTPS_PROXY is set but TRUSTED_PROXY_COUNT is 0: every visitor "
                "seems to come from the proxy's address, so the sign-in limit per address "
                "applies to everybody at once.",
                hint="Set TRUSTED_PROXY_COUNT to the number of proxies in front of gunicorn "
                "(1 behind one reverse proxy), and let only the proxy reach gunicorn.",
                id="migguide.W001",
            )
        ]
    return []
