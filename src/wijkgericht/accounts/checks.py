"""`check --deploy`: the demo's way around the second factor must not reach production."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def otp_demo_skip(app_configs, **kwargs):
    if getattr(settings, "WIJKGERICHT_OTP_DEMO_SKIP", False):
        return [Error("WIJKGERICHT_OTP_DEMO_SKIP is on: the demo's staff sign-ins skip the second factor.",
                      hint="Only for the demo; unset it in production.", id="wijkgericht.accounts.E001")]
    return []
