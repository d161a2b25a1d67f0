"""Account rules: who may take part, registering, the links we mail, the pseudonym, data export and deletion.

Views stay thin and call these. Other apps need only `can_participate(user)` (may this user submit, support,
comment, follow, vote?) and `public_name(user)` (how an author is shown, also after their account was deleted).
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkgericht.accounts import personal_data, pseudonyms, tokens
from wijkgericht.accounts.models import PersonalDataAccess, User
from wijkgericht.accounts.tokens import magic_link_token, verify_email_token
from wijkgericht.core.links import absolute_url, site_address
from wijkgericht.districts import identity

log = logging.getLogger(__name__)

FORMER_RESIDENT = gettext_lazy("Voormalig inwoner")
# Accounts made from an OpenID Connect login without an e-mail claim get an address in this reserved domain
# (RFC 2606: .invalid never resolves), so nothing is ever mailed to them.
PLACEHOLDER_DOMAIN = "oidc.invalid"
EXPORT_PURPOSE = "gegevensexport door betrokkene"
DELETION_PURPOSE = "account verwijderd op verzoek van betrokkene"


# --- who may take part --------------------------------------------------------------------------------------------

def can_participate(user: Any) -> bool:
    """Whether `user` may submit, support, comment, follow and vote: signed in, active, e-mail address confirmed."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active
                and user.email_verified_at is not None)


def public_name(user: User | None) -> str:
    """How an author is shown publicly: their pseudonym, or "Voormalig inwoner" once the account is gone."""
    return user.pseudonym if user is not None else str(FORMER_RESIDENT)


def is_placeholder_email(email: str) -> bool:
    return email.lower().endswith("@" + PLACEHOLDER_DOMAIN)


def has_password(user: User) -> bool:
    return user.has_usable_password()


# --- mail ---------------------------------------------------------------------------------------------------------

def mail_after_commit(message: EmailMessage, *, what: str, user_id: int | None) -> bool | None:
    """Send `message` once the surrounding transaction has committed: a rolled-back change mails nobody, and a mail
    server that fails or hangs (settings.EMAIL_TIMEOUT) cannot undo or break the change. The log says what
    happened — sent, or not sent and why — naming the account by id, not by address. Outside a transaction the
    mail goes at once and the answer says whether it was sent; inside one, None (not known yet)."""
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(partial(_deliver, message, what=what, user_id=user_id))
        return None
    return _deliver(message, what=what, user_id=user_id)


def _deliver(message: EmailMessage, *, what: str, user_id: int | None) -> bool:
    try:
        sent = message.send()
    except Exception as exc:  # noqa: BLE001 - whatever the mail server or backend did, the request goes on
        log.error("account mail %s to user %s NOT sent: %s: %s", what, user_id, type(exc).__name__, exc)
        return False
    if not sent:
        log.error("account mail %s to user %s NOT sent: the mail backend accepted no recipient", what, user_id)
        return False
    log.info("account mail %s to user %s sent", what, user_id)
    return True


def _mail(user: User, template: str, context: dict[str, Any]) -> bool | None:
    """Send accounts/email/<template>_subject.txt and _body.txt, rendered in the active language, after commit."""
    if is_placeholder_email(user.email):
        return None
    context = {"site_url": site_address(), "publisher": identity.publisher(), **context}
    subject = " ".join(render_to_string(f"accounts/email/{template}_subject.txt", context).split())
    body = render_to_string(f"accounts/email/{template}_body.txt", context)
    message = EmailMessage(subject, body, identity.mail_sender(context["publisher"]), [user.email])
    return mail_after_commit(message, what=template, user_id=user.pk)


def send_verification_mail(user: User) -> bool | None:
    """Mail the link that confirms the address (see mail_after_commit for the answer)."""
    token = verify_email_token.make(user)
    return _mail(user, "verify", {"user": user, "days": tokens.VERIFY_EMAIL_MAX_AGE // 86400,
                                  "url": absolute_url(reverse("accounts:verify_email", args=[token]))})


def register(*, email: str, password: str, privacy_accepted: bool) -> User | None:
    """Register `email`, or – when it has an account already – mail its owner how to sign in instead.

    Both cases look the same to whoever submitted the form (and cost about the same time: a password hash). Returns
    the new user, or None when the address was taken.

    An account is made only with the registrant's consent to how their data is used, and the moment is kept. An
    existing account keeps what it had: whoever submitted the form need not be its owner.
    """
    if not privacy_accepted:
        raise ValueError("An account is only made with consent to the privacy text.")
    email = User.objects.normalize_email(email).strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        make_password(password)  # the same work as creating an account, so the answer takes as long
        _mail(existing, "already_registered", {
            "user": existing,
            "login_url": absolute_url(reverse("accounts:login")),
            "reset_url": absolute_url(reverse("accounts:password_reset")),
        })
        return None
    try:
        with transaction.atomic():  # the account is complete before any mail leaves; the mail goes after commit
            user = User.objects.create_user(email, password, privacy_accepted_at=timezone.now(),
                                            pseudonym=pseudonyms.pseudonym_new())
            send_verification_mail(user)
    except IntegrityError:  # the same address registered at the same moment (a double click): the first one won
        return None
    return user


def confirm_by_owner(user: User) -> None:
    """An unconfirmed account whose address has just been proven some other way (a sign-in link that reached the
    mailbox, DigiD with that e-mail): it becomes the owner's, without what the registrant gave — the password and
    the consent, since whoever registered the address may not own it (pre-hijacking). The owner's own consent
    is then not on record, as for accounts made through DigiD."""
    user.email_verified_at = timezone.now()
    user.set_unusable_password()
    user.privacy_accepted_at = None
    user.save(update_fields=["email_verified_at", "password", "privacy_accepted_at"])


def verify_email(user: User) -> User:
    """Mark the address as confirmed (which also ends the link that did it)."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
    return user


def send_magic_link(email: str) -> None:
    """Mail a sign-in link if `email` belongs to an active account; nothing happens (visibly) otherwise."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        return
    token = magic_link_token.make(user)
    _mail(user, "magic_link", {"user": user, "minutes": tokens.MAGIC_LINK_MAX_AGE // 60,
                               "url": absolute_url(reverse("accounts:magic_link", args=[token]))})


# --- pseudonym ------------------------------------------------------------------------------------------------------

def clean_pseudonym(value: str, *, user: User) -> str:
    """The one pseudonym rule (accounts/pseudonyms.py): used by the account page, the admin and this module."""
    return pseudonyms.pseudonym_clean(value, user=user)


def profile_update(*, user: User, pseudonym: str, mail_preference: str) -> User:
    """Change what the resident chose on their account page. A new pseudonym shows at once on every public page
    that showed the old one: those pages are cached, so their municipalities' content version goes up."""
    pseudonym = clean_pseudonym(pseudonym, user=user)
    with transaction.atomic():
        renamed = User.objects.filter(pk=user.pk).exclude(pseudonym=pseudonym).exists()
        user.pseudonym, user.mail_preference = pseudonym, mail_preference
        user.save(update_fields=["pseudonym", "mail_preference"])
        if renamed:
            public_pages_touch(user)
    return user


def municipalities_showing(user: User) -> set[int]:
    """The municipalities whose public pages may show something of `user`: their pseudonym with a reaction, their
    items, supports and answers (counts), their meeting requests, support for them, and registrations — as every
    app that registered its personal data answers (accounts/personal_data.py)."""
    return personal_data.municipalities_showing(user)


def public_pages_touch(user: User) -> None:
    """After the surrounding transaction commits, raise the content version of every municipality whose pages may
    show `user` (see municipalities_showing, computed now: after an erasure nothing points at the account): the
    erasure's deletions and SET NULL, and the user row itself (the pseudonym)."""
    from wijkgericht.districts.versioning import public_pages_changed

    for municipality_id in sorted(municipalities_showing(user)):
        public_pages_changed(municipality_id)


# --- export -------------------------------------------------------------------------------------------------------

def export_user_data(user: User) -> dict[str, Any]:
    """Everything stored about `user` (AVG art. 15 and 20), as plain JSON-able data; logs that it was exported. The
    account itself, then each app's part (accounts/personal_data.py)."""
    when = personal_data.when
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "site": site_address(),
        "account": {
            "id": user.pk,
            "email": user.email,
            "pseudonym": user.pseudonym,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email_verified_at": when(user.email_verified_at),
            "privacy_accepted_at": when(user.privacy_accepted_at),
            "mail_preference": user.mail_preference,
            "has_password": user.has_usable_password(),
            "is_active": user.is_active,
            "is_staff": user.is_staff,
            "is_superuser": user.is_superuser,
            "date_joined": when(user.date_joined),
            "last_login": when(user.last_login),
        },
        **personal_data.export(user),
    }
    PersonalDataAccess.objects.create(accessor=user, subject=user, purpose=EXPORT_PURPOSE)
    return data


# --- deletion -----------------------------------------------------------------------------------------------------

class DeletionRefused(Exception):
    """The account cannot delete itself now; `str(exc)` says why, for the user."""


def deletion_blocker(user: User) -> str | None:
    """Why `user` may not delete their own account now, or None: a role (asked of every app that registered its
    personal data, accounts/personal_data.py), or an administrator's account."""
    if blocker := personal_data.deletion_blocker(user):
        return blocker
    if user.is_superuser or user.is_staff:
        return _("Een beheerdersaccount kan zichzelf niet verwijderen. Vraag een andere beheerder dat te doen.")
    return None


def account_delete(user: User, *, keep_unpublished: bool = False) -> dict[str, int]:
    """Delete `user`'s account at their own request, in one transaction.

    Each app that registered its personal data erases its part first, in their order (accounts/personal_data.py):
    published items, approved comments and supports stay (their author becomes NULL, shown as "Voormalig
    inwoner", supports still count); follows and notifications go with the account. What was never published —
    items and comments waiting for moderation or rejected — goes too, items with their photos, unless the resident
    chose (`keep_unpublished`) that what still waits for moderation may be published afterwards without a name.
    Places pass on to the waiting list. Public pages that showed the pseudonym are refreshed. An audit row records
    that an account was deleted and how much was kept or removed, without any personal data. Returns those counts.
    """
    blocker = deletion_blocker(user)
    if blocker:
        raise DeletionRefused(blocker)

    with transaction.atomic():
        # Computed while the rows still point at the account; the pages are refreshed once this commits.
        public_pages_touch(user)
        counts = personal_data.erase(user, keep_unpublished=keep_unpublished)
        try:
            User.objects.filter(pk=user.pk).delete()
        except ProtectedError as exc:
            log.warning("account deletion blocked by protected rows: %s", exc)
            raise DeletionRefused(_("Uw account is nog verbonden met gegevens die de gemeente moet bewaren. "
                                    "Neem contact op met de gemeente.")) from exc
        PersonalDataAccess.objects.create(
            accessor=None, subject=None, subject_label="verwijderd account",
            purpose=_deletion_purpose(counts),
        )
    return counts


def _deletion_purpose(counts: dict[str, int]) -> str:
    """The audit row's words for what the erasure kept and removed (counts by the names the providers gave)."""
    kept = (f"{counts.get('items', 0)} inbreng, {counts.get('comments', 0)} reacties, "
            f"{counts.get('supports', 0)} steunbetuigingen")
    removed = (f"{counts.get('unpublished_items_removed', 0)} inbreng en "
               f"{counts.get('unpublished_comments_removed', 0)} reacties ongepubliceerd, "
               f"{counts.get('follows', 0)} gevolgd, {counts.get('notifications', 0)} berichten")
    return f"{DELETION_PURPOSE}: {kept} bewaard zonder naam; verwijderd: {removed}"[:200]
