"""Making and checking Open311 API keys. A key is `wg311_` plus 32 random bytes (URL-safe base64); the database holds
its SHA-256 hash, so a leaked database does not leak usable keys."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone

from wijkgericht.districts.models import Municipality
from wijkgericht.open311.models import ApiKey

KEY_PREFIX = "wg311_"
VISIBLE = len(KEY_PREFIX) + 6


def key_hash(plain: str) -> str:
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()


def key_generate() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def key_assign(api_key: ApiKey) -> str:
    """Give an unsaved ApiKey a fresh key; returns the plain key, which is not kept anywhere."""
    plain = key_generate()
    api_key.prefix = plain[:VISIBLE]
    api_key.key_hash = key_hash(plain)
    return plain


def key_create(*, name: str, municipality: Municipality) -> tuple[ApiKey, str]:
    api_key = ApiKey(name=name, municipality=municipality)
    plain = key_assign(api_key)
    api_key.save()
    return api_key, plain


def key_check(plain: str) -> ApiKey | None:
    """The active key matching `plain`, marked as used now; None for a missing, unknown or withdrawn key."""
    plain = (plain or "").strip()
    if not plain.startswith(KEY_PREFIX) or len(plain) > 200:
        return None
    api_key = ApiKey.objects.select_related("municipality").filter(key_hash=key_hash(plain), is_active=True).first()
    if api_key is not None:
        now = timezone.now()
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now
    return api_key
