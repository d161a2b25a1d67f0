"""Links that leave the site (e-mail, calendar feeds): a path made absolute with the site's public address."""

from __future__ import annotations

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` on the site's public address (settings.SITE_URL), with exactly one slash between the two whatever
    either ends or starts with; an address that already is absolute (http or https) is kept as it is."""
    if path.lower().startswith(("https://", "http://")):
        return path
    return f"{settings.SITE_URL.rstrip('/')}/{path.lstrip('/')}"
