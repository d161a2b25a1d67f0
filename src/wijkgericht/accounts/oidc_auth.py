"""The OIDC backend and views (mozilla-django-oidc) behind "Inloggen met DigiD"; settings in oidc.py.

Who is who: a verified e-mail claim (`email` with `email_verified: true`) finds or creates the account with that
address. Without one (DigiD itself gives no e-mail address) the account gets a placeholder address derived from the
issuer and `sub` with a keyed hash (HMAC with SECRET_KEY), so the same person finds the same account next time while
the stored value reveals nothing: a broker's `sub` may be the BSN, and a plain hash of a 9-digit number is easily
reversed. No BSN, name or token is stored.

After the account is found or created, `oidc_claims_received` is sent with the claims (sender OIDCBackend, `user`,
`claims`). The budgets app listens (budgets.services.eligibility.verification_from_claims): it reads the `address`
claim (postcode and house number) and `birthdate` to record the verified neighbourhood and year of birth for voting,
and stores neither the address nor the full date. The account itself reads only `sub`, `email` and `email_verified`.
A signal, not a call, because accounts sits below budgets and may not import it.
"""

from __future__ import annotations

import logging
from typing import Any

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.dispatch import Signal
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from wijkgericht.accounts import oidc
from wijkgericht.accounts.models import MailPreference, User
from wijkgericht.accounts.pseudonyms import pseudonym_new
from wijkgericht.accounts.ratelimits import limit
from wijkgericht.accounts.services import PLACEHOLDER_DOMAIN, confirm_by_owner

log = logging.getLogger(__name__)

#: Sent after an OIDC sign-in found or created an active account: sender=OIDCBackend, user, claims (the verified
#: claims, userinfo or ID token). Receivers must not store claims they do not need; an error in one is logged and
#: does not stop the sign-in.
oidc_claims_received = Signal()


def _truthy(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def verified_email(claims: dict[str, Any]) -> str | None:
    """The e-mail claim, lower-cased, only if the provider says it verified it and it is a valid address."""
    email = claims.get("email")
    if not isinstance(email, str) or not _truthy(claims.get("email_verified")):
        return None
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        return None
    return None if email.endswith("@" + PLACEHOLDER_DOMAIN) else email


def placeholder_email(issuer: str, sub: str, *, secret: str | None = None) -> str:
    digest = salted_hmac("wijkgericht.accounts.oidc.sub", f"{issuer}|{sub}", secret=secret,
                         algorithm="sha256").hexdigest()[:32]
    return f"{digest}@{PLACEHOLDER_DOMAIN}"


def _endpoint(name: str) -> property:
    return property(lambda self: oidc.op_setting(name))


class OIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with lazy endpoints, issuer/audience checks and our user mapping."""

    OIDC_OP_TOKEN_ENDPOINT = _endpoint("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = _endpoint("OIDC_OP_JWKS_ENDPOINT")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Not the parent's __init__: that reads the endpoints at once, and Django builds a backend for every request
        # of a signed-in user (get_user). Endpoints come from the discovery document only when a sign-in needs them.
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID", "")
        self.OIDC_RP_CLIENT_SECRET = self.get_settings("OIDC_RP_CLIENT_SECRET", "")
        self.OIDC_RP_SIGN_ALGO = self.get_settings("OIDC_RP_SIGN_ALGO", "RS256")
        self.OIDC_RP_IDP_SIGN_KEY = self.get_settings("OIDC_RP_IDP_SIGN_KEY", None)

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str | None:  # noqa: N802 - the parent's name
        try:
            return oidc.op_setting("OIDC_OP_USER_ENDPOINT")
        except KeyError:  # the provider has no userinfo endpoint: the ID token's claims are all there is
            return None

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> dict[str, Any]:
        if not self.OIDC_OP_USER_ENDPOINT:
            return payload
        return super().get_userinfo(access_token, id_token, payload)

    def check_id_token(self, payload: dict[str, Any]) -> None:
        """The parent checks signature, expiry and nonce; we also check who issued the token and for whom."""
        issuer = settings.WIJKGERICHT_OIDC_ISSUER
        if str(payload.get("iss", "")).rstrip("/") != issuer:
            raise SuspiciousOperation("ID token from another issuer")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client")
        if not payload.get("sub"):
            raise SuspiciousOperation("ID token without sub")

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User | None:
        self.check_id_token(payload)
        claims = self.get_userinfo(access_token, id_token, payload)
        if str(claims.get("sub", "")) != str(payload["sub"]):
            raise SuspiciousOperation("userinfo sub differs from the ID token's")
        return self.user_from_claims(claims)

    def user_from_claims(self, claims: dict[str, Any]) -> User | None:
        """Find or create the account for verified claims; None for a disabled account. Then (after the account's
        transaction) tells oidc_claims_received's receivers about the claims."""
        user = self._account_from_claims(claims)
        if user is not None:
            for receiver, result in oidc_claims_received.send_robust(sender=OIDCBackend, user=user, claims=claims):
                if isinstance(result, Exception):
                    log.error("OIDC claims receiver %s failed", getattr(receiver, "__qualname__", receiver),
                              exc_info=result)
        return user

    def _account_from_claims(self, claims: dict[str, Any]) -> User | None:
        sub = str(claims.get("sub") or "")
        if not sub:
            raise SuspiciousOperation("claims without sub")
        issuer = settings.WIJKGERICHT_OIDC_ISSUER
        email = verified_email(claims)
        now = timezone.now()
        with transaction.atomic():
            if email:
                user = User.objects.select_for_update().filter(email__iexact=email).first()
            else:
                email = placeholder_email(issuer, sub)
                user = User.objects.select_for_update().filter(email=email).first()
                if user is None:  # after a SECRET_KEY rotation: the address made with the previous key
                    for old in getattr(settings, "SECRET_KEY_FALLBACKS", []):
                        user = User.objects.select_for_update().filter(
                            email=placeholder_email(issuer, sub, secret=old)).first()
                        if user is not None:
                            user.email = email
                            user.save(update_fields=["email"])
                            break
            if user is None:
                return User.objects.create_user(
                    email, None, email_verified_at=now, pseudonym=pseudonym_new(),
                    mail_preference=MailPreference.NONE if email.endswith("@" + PLACEHOLDER_DOMAIN)
                    else MailPreference.IMMEDIATE)
            if not user.is_active:
                return None
            if email and _has_staff_powers(user):
                # Matching by e-mail is for residents. A staff account signs in with its own password (and, in
                # production, the municipality's own identity provider): an outside account that merely claims
                # a staff member's address must not become that staff member.
                log.warning("OIDC sign-in refused for a staff account matched by e-mail")
                return None
            if user.email_verified_at is None:
                # Someone registered this address but never confirmed it: that password may not be the owner's.
                # The owner has now proven the address, so the account becomes theirs, without that password.
                confirm_by_owner(user)
            return user

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        return user


def _failed(request: HttpRequest) -> HttpResponse:
    messages.error(request, _("Inloggen met DigiD is niet gelukt. Probeer het opnieuw, of log in met uw "
                              "e-mailadres."))
    return HttpResponseRedirect(reverse("accounts:login"))


class OIDCLoginView(OIDCAuthenticationRequestView):
    """Redirect to the provider. The callback address is always the one without a language prefix, so the provider
    needs only one redirect URI registered: {SITE_URL}/account/digid/terug/."""

    OIDC_OP_AUTH_ENDPOINT = _endpoint("OIDC_OP_AUTHORIZATION_ENDPOINT")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        View.__init__(self, *args, **kwargs)
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID", "")

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc.enabled():
            raise Http404
        try:
            with translation.override(settings.LANGUAGE_CODE):
                return super().get(request)
        except (requests.RequestException, ImproperlyConfigured, KeyError, ValueError) as exc:
            log.warning("OIDC provider unavailable: %s", exc)
            return _failed(request)


class OIDCCallbackView(OIDCAuthenticationCallbackView):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc.enabled():
            raise Http404
        try:
            return super().get(request)
        except (requests.RequestException, ImproperlyConfigured, SuspiciousOperation, KeyError, ValueError) as exc:
            log.warning("OIDC sign-in failed: %s", exc)
            return _failed(request)

    @property
    def failure_url(self) -> str:
        return reverse("accounts:login")

    def login_failure(self) -> HttpResponse:
        return _failed(self.request)


# The callback signs in: limited per source like every other way in (GET: the provider redirects the browser here).
oidc_callback = limit("oidc_callback", ip="OIDC_CALLBACK_PER_IP", methods=("GET", "POST"))(
    OIDCCallbackView.as_view())


def _has_staff_powers(user: User) -> bool:
    from wijkgericht.accounts.models import StaffRole
    from wijkgericht.governance.models import Alderman

    return (user.is_staff or user.is_superuser or StaffRole.objects.filter(user=user).exists()
            or Alderman.objects.filter(user=user).exists())
