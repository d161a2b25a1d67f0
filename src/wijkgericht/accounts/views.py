"""Account pages: register, confirm the address, sign in (password, e-mail link, DigiD via OIDC), the account page,
data export and deletion. Thin: the rules live in services.py, the links in tokens.py, the limits in ratelimits.py.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.exceptions import Ratelimited

from wijkgericht.accounts import oidc, services, signals
from wijkgericht.accounts.forms import (
    DeleteAccountForm,
    DutchPasswordResetForm,
    DutchSetPasswordForm,
    EmailAuthenticationForm,
    MagicLinkForm,
    ProfileForm,
    RegistrationForm,
)
from wijkgericht.accounts.models import User
from wijkgericht.accounts.ratelimits import limit, over_limit
from wijkgericht.accounts.roles import user_scope
from wijkgericht.accounts.tokens import Status, magic_link_token, verify_email_token
from wijkgericht.core.links import site_address
from wijkgericht.districts import identity

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


# --- registration and confirming the address -------------------------------------------------------------------

@never_cache
@limit("register", ip="REGISTER_PER_IP", email="REGISTER_PER_EMAIL")
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:account")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.register(email=form.cleaned_data["email"], password=form.cleaned_data["password1"],
                                 privacy_accepted=form.cleaned_data["consent"])
        # The apps above keep what the visitor did before (participation: a draft). Also for an address that had an
        # account (user None), so the page looks the same either way; its owner signs in to use it.
        signals.registered.send(sender=User, request=request, user=user)
        return redirect("accounts:register_done")
    return render(request, "accounts/register.html", {"form": form})


def register_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/register_done.html")


VERIFY_PASSWORD_RATE = "10/h"


@never_cache
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: mail scanners that open links must not use them up."""
    check = verify_email_token.check(token)
    password_error = ""
    if request.method == "POST" and check.ok:
        # Whoever registered chose the password; asking for it here proves the mailbox owner is that person, so
        # nobody can register someone else's address, wait for them to confirm it, and sign in with their own
        # password later (account pre-hijacking).
        if over_limit(request, group="verify-email", key="ip", rate=VERIFY_PASSWORD_RATE):
            raise Ratelimited()
        if check.user.has_usable_password() and not check.user.check_password(request.POST.get("password", "")):
            password_error = _("Dit is niet het wachtwoord dat bij de registratie is gekozen.")
        else:
            user = services.verify_email(check.user)
            login(request, user, backend=MODEL_BACKEND)
            messages.success(request, _("Uw e-mailadres is bevestigd. Welkom!"))
            return redirect("accounts:account")
    already = check.status is Status.USED and check.user is not None and check.user.email_verified_at is not None
    return render(request, "accounts/verify_email.html",
                  {"status": check.status.value, "already_verified": already, "password_error": password_error,
                   "needs_password": check.ok and check.user.has_usable_password()},
                  status=200 if (check.ok and not password_error) or already else 400)


@require_POST
@login_required
@limit("resend", ip="RESEND_PER_IP", user="RESEND_PER_USER")
def resend_verification(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.email_verified_at is None:
        if services.send_verification_mail(user) is False:  # the log has the reason
            messages.error(request, _("De bevestigingsmail kon nu niet worden verstuurd. Probeer het later opnieuw."))
        else:
            messages.success(request, _("We hebben de bevestigingsmail opnieuw gestuurd naar %(email)s.")
                             % {"email": user.email})
    return redirect("accounts:account")


# --- signing in -------------------------------------------------------------------------------------------------

def landing_url(user: User) -> str:
    """Where signing in without a `next` leads: staff members to their workplace, a council member to the
    evaluation (all the workspace they have), residents to their account."""
    scope = user_scope(user)
    if scope.is_staff_member:
        return reverse("web:staff_inbox")
    if scope.is_council_member:
        return reverse("evaluation:staff_dashboard")
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@method_decorator(limit("login", ip="LOGIN_PER_IP", email="LOGIN_PER_EMAIL", email_and_ip="LOGIN_PER_EMAIL_AND_IP",
                        field="username"), name="dispatch")
class SignInView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "magic_form": MagicLinkForm(), "oidc_enabled": oidc.enabled()}

    def get_default_redirect_url(self) -> str:
        """Used when there is no (safe) `next`; the user is signed in by now."""
        if self.next_page:
            return super().get_default_redirect_url()
        return landing_url(self.request.user)


@never_cache
@limit("magic_link", ip="MAGIC_LINK_PER_IP", email="MAGIC_LINK_PER_EMAIL")
def magic_link_request(request: HttpRequest) -> HttpResponse:
    form = MagicLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.send_magic_link(form.cleaned_data["email"])
        return redirect("accounts:magic_link_sent")
    return render(request, "accounts/magic_link_request.html", {"form": form})


def magic_link_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/magic_link_sent.html")


@never_cache
@limit("link_use", ip="LINK_USE_PER_IP")
def magic_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST signs in (once: signing in changes last_login, which ends the link)."""
    check = magic_link_token.check(token)
    if request.method == "POST" and check.ok:
        with transaction.atomic():
            User.objects.select_for_update().filter(pk=check.user.pk).first()
            check = magic_link_token.check(token)  # again under the lock: two clicks at once sign in only once
            if check.ok:
                user = check.user
                if user.email_verified_at is None:  # the link came to this mailbox: that confirms the address
                    services.confirm_by_owner(user)  # …but not the registrant's password or consent
                login(request, user, backend=MODEL_BACKEND)
        if check.ok:
            return redirect(landing_url(check.user))
    return render(request, "accounts/magic_link.html", {"status": check.status.value},
                  status=200 if check.ok else 400)


class SignOutView(auth_views.LogoutView):
    """POST only (Django's own rule): a link or an image cannot sign anyone out."""


# --- password reset (Django's views, our forms and templates) -----------------------------------------------------

class PasswordResetView(auth_views.PasswordResetView):
    form_class = DutchPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self) -> dict[str, Any]:  # type: ignore[override]
        return {"site_url": site_address(), "publisher": identity.publisher()}

    @property
    def from_email(self) -> str:  # type: ignore[override]
        return identity.mail_sender(identity.publisher())  # "Gemeente Barendrecht <…>", like every account mail


password_reset = limit("password_reset", ip="PASSWORD_RESET_PER_IP", email="PASSWORD_RESET_PER_EMAIL")(
    PasswordResetView.as_view())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@method_decorator(limit("link_use", ip="LINK_USE_PER_IP"), name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = DutchSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- the account page, export and deletion --------------------------------------------------------------------

def _roles(user: User) -> list[dict[str, Any]]:
    from wijkgericht.districts.models import District, Municipality
    from wijkgericht.governance.models import Portfolio

    scope = user_scope(user)
    rows = []

    def names(model, ids) -> list[str]:
        return [str(o) for o in model.objects.filter(pk__in=ids).order_by("name")] if ids else []

    for label, values in [
        (_("Wijkwethouder van"), names(District, scope.alderman_district_ids)),
        (_("Portefeuillehouder voor"), names(Portfolio, scope.portfolio_ids)),
        (_("Wijkregisseur van"), names(District, scope.civil_servant_district_ids)),
        (_("Moderator in"), names(Municipality, scope.moderator_municipality_ids)),
        (_("Beheerder in"), names(Municipality, scope.administrator_municipality_ids)),
    ]:
        if values:
            rows.append({"label": label, "values": values})
    if scope.is_superuser:
        rows.append({"label": _("Beheerder van de hele site"), "values": []})
    return rows


@never_cache
@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = User.objects.get(pk=request.user.pk)
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=user, pseudonym=form.cleaned_data["pseudonym"],
                                mail_preference=form.cleaned_data["mail_preference"])
        messages.success(request, _("Uw gegevens zijn opgeslagen."))
        return redirect("accounts:account")
    return render(request, "accounts/account.html", {
        "form": form, "account": User.objects.get(pk=user.pk), "roles": _roles(user),
        "verified": user.email_verified_at is not None,
        "placeholder_email": services.is_placeholder_email(user.email),
    })


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def export(request: HttpRequest) -> HttpResponse:
    data = services.export_user_data(request.user)
    response = JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="wijkgericht-mijn-gegevens.json"'
    return response


@never_cache
@login_required
@limit("delete", ip="PASSWORD_CHECK_PER_IP", user="PASSWORD_CHECK_PER_USER")  # the form checks the password
def delete(request: HttpRequest) -> HttpResponse:
    user = request.user
    blocker = services.deletion_blocker(user)
    form = DeleteAccountForm(user, request.POST or None)
    if request.method == "POST" and blocker is None and form.is_valid():
        try:
            services.account_delete(user, keep_unpublished=form.cleaned_data["keep_unpublished"])
        except services.DeletionRefused as refused:
            blocker = str(refused)
        else:
            logout(request)
            return redirect("accounts:deleted")
    return render(request, "accounts/delete.html", {"form": form, "blocker": blocker,
                                                     "has_password": user.has_usable_password()})


def deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/deleted.html")
