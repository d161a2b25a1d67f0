"""The second factor's pages: set up an authenticator app (at a staff member's first sign-in) and type a code
(every sign-in after). The rules are in secondfactor.py; the limits in ratelimits.py."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from wijkgericht.accounts import secondfactor
from wijkgericht.accounts.forms import TokenForm
from wijkgericht.accounts.ratelimits import limit
from wijkgericht.accounts.views import landing_url

WAIT = gettext_lazy("Na een foute code wacht u even (na elke volgende fout langer). Probeer het zo opnieuw.")


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return landing_url(request.user)


@never_cache
@login_required
@limit("otp_setup", ip="OTP_PER_IP", user="OTP_PER_USER")
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Show a new secret (QR code and text) and ask for the first code; then show the recovery codes, once."""
    if not secondfactor.required(request.user):  # residents: nothing to set up (a code would never be asked)
        return HttpResponseRedirect(_next(request))
    if secondfactor.has_device(request.user):
        return HttpResponseRedirect(_next(request) if secondfactor.passed(request) else
                                    _otp_url(request, "accounts:otp_verify"))
    device = secondfactor.pending_device(request)
    form = TokenForm(request.POST or None, help_text=_("De zes cijfers die de app nu laat zien."))
    if request.method == "POST" and form.is_valid():
        waiting = secondfactor.must_wait(request.user)  # before this attempt, which may start a wait of its own
        codes = secondfactor.confirm_setup(request, device, form.cleaned_data["token"])
        if codes is not None:
            return render_page(request, "accounts/otp_recovery_codes.html", codes=codes, next=_next(request))
        form.add_error("token", WAIT if waiting else _(
            "Deze code klopt niet. Kijk of de tijd op uw telefoon goed staat en probeer de nieuwste code."))
    return render_page(request, "accounts/otp_setup.html", form=form, qr_svg=secondfactor.qr_svg(device),
                       secret=secondfactor.secret(device), next=_next(request),
                       status=400 if form.errors else 200)


@never_cache
@login_required
@limit("otp_verify", ip="OTP_PER_IP", user="OTP_PER_USER")
def otp_verify(request: HttpRequest) -> HttpResponse:
    if not secondfactor.required(request.user):
        return HttpResponseRedirect(_next(request))
    if not secondfactor.has_device(request.user):
        return HttpResponseRedirect(_otp_url(request, "accounts:otp_setup"))
    form = TokenForm(request.POST or None,
                     help_text=_("De zes cijfers uit uw authenticator-app, of een van uw herstelcodes."))
    if request.method == "POST" and form.is_valid():
        waiting = secondfactor.must_wait(request.user)
        if secondfactor.verify(request, form.cleaned_data["token"]):
            return HttpResponseRedirect(_next(request))
        form.add_error("token", WAIT if waiting else _(
            "Deze code klopt niet (of is al gebruikt)."))
    return render_page(request, "accounts/otp_verify.html", form=form, next=_next(request),
                       status=400 if form.errors else 200)


def _otp_url(request: HttpRequest, name: str) -> str:
    return reverse(name) + "?" + urlencode({"next": _next(request)})


def render_page(request: HttpRequest, template: str, *, status: int = 200, **context) -> HttpResponse:
    return render(request, template, context, status=status)
