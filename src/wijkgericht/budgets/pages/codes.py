"""Voting codes, letters and verified residents.

Staff (the municipality's administrator; a civil servant for the districts they work for):
- the codes page of a round: counts per neighbourhood (issued, used, void; never a code), the address file in and
  the letters out (the PDF is the answer to the upload, made in memory, never stored), a new letter for a lost one;
- the resident check: record the verified neighbourhood and year of birth of an account (logged as access to
  personal data).

Public: the round's code page (…/wijkbudget/<round>/stemcode/). The letter's QR code opens it with the code in the
URL's fragment, which no server log sees; budgets/stemcode.js copies it into the form. Without JavaScript the
resident types the code. A valid code is kept in the server-side session (SESSION_KEY, per round) for the ballot
pages only: pages/ballot.py reads it with `session_code` and clears it with `forget_code` once the ballot is cast.
It never goes into a URL or a cookie's value (the session cookie carries only the session's id).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit.decorators import ratelimit

from wijkgericht.accounts.roles import user_scope
from wijkgericht.budgets import hashing, workflow
from wijkgericht.budgets.letters import code_page_url, letters_pdf
from wijkgericht.budgets.models import Round, VotingCode
from wijkgericht.budgets.services import codes, verification
from wijkgericht.districts.models import Neighbourhood
from wijkgericht.districts.paths import page_path
from wijkgericht.frame.context import base_context, default_context, municipality_or_404
from wijkgericht.frame.forms import StyledForm
from wijkgericht.frame.scope import staff_scope
from wijkgericht.frame.service_forms import call_service, show_errors

SESSION_KEY = "budgets_codes"  # {str(round id): the normalised code}
CODE_RATE = "30/h"  # code tries per visitor per hour: enough for a household with typos, far too few to guess


# --- the session, shared with the ballot pages -------------------------------------------------------------------

def session_code(request: HttpRequest, round: Round) -> str | None:  # noqa: A002
    """The code this visitor entered for the round (checked when entered; check again when casting)."""
    return (request.session.get(SESSION_KEY) or {}).get(str(round.pk))


def remember_code(request: HttpRequest, round: Round, code: str) -> None:  # noqa: A002
    stored = dict(request.session.get(SESSION_KEY) or {})
    stored[str(round.pk)] = hashing.normalise_code(code)
    request.session[SESSION_KEY] = stored
    request.session.cycle_key()  # a new session id for a session that now holds a code


def forget_code(request: HttpRequest, round: Round) -> None:  # noqa: A002
    """Clear the round's code from the session (the ballot pages call this after casting)."""
    stored = dict(request.session.get(SESSION_KEY) or {})
    if stored.pop(str(round.pk), None) is not None:
        request.session[SESSION_KEY] = stored


def ballot_path(round: Round) -> str:  # noqa: A002
    """The ballot page (pages/ballot.py) the code hands the voter to."""
    try:
        return page_path("budgets:ballot", round.municipality, round_slug=round.slug)
    except NoReverseMatch:  # pragma: no cover - only until the ballot's URL is in
        return page_path("budgets:code_entry", round.municipality, round_slug=round.slug)


# --- forms -------------------------------------------------------------------------------------------------------

class AddressFileForm(StyledForm):
    file = forms.FileField(label=gettext_lazy("Adressenbestand (CSV)"),
                           help_text=gettext_lazy("Kolommen: straat;huisnummer;toevoeging;postcode;woonplaats, en "
                                                  "eventueel buurtcode. UTF-8, puntkomma of komma."))


class ReplaceForm(StyledForm):
    street = forms.CharField(label=gettext_lazy("Straat"), max_length=100)
    number = forms.CharField(label=gettext_lazy("Huisnummer"), max_length=5)
    addition = forms.CharField(label=gettext_lazy("Toevoeging"), max_length=10, required=False)
    postcode = forms.CharField(label=gettext_lazy("Postcode"), max_length=7)
    city = forms.CharField(label=gettext_lazy("Woonplaats"), max_length=80)


class VerifyForm(StyledForm):
    email = forms.EmailField(label=gettext_lazy("E-mailadres van het account"), max_length=254)
    neighbourhood = forms.ModelChoiceField(label=gettext_lazy("Buurt"), queryset=Neighbourhood.objects.none(),
                                           empty_label=gettext_lazy("Kies de buurt"))
    birth_year = forms.IntegerField(label=gettext_lazy("Geboortejaar"), min_value=verification.OLDEST_BIRTH_YEAR,
                                    max_value=9999)
    works_or_studies = forms.BooleanField(
        label=gettext_lazy("Woont niet in de buurt, maar werkt of studeert er"), required=False)

    def __init__(self, *args: Any, neighbourhoods: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["neighbourhood"]
        field.queryset = neighbourhoods
        field.label_from_instance = lambda n: f"{n.name} ({n.district.name})"  # type: ignore[attr-defined]


class CodeForm(StyledForm):
    code = forms.CharField(label=gettext_lazy("Stemcode"), max_length=40,
                           help_text=gettext_lazy("Staat in de brief, bijvoorbeeld ACDE-FGHJ-KMNP. Hoofdletters, "
                                                  "spaties en streepjes maken niet uit."))

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if not codes.code_looks_valid(code):
            raise ValidationError(_("Een stemcode heeft 12 letters en cijfers, zoals in uw brief. Kijk de code na."))
        return hashing.normalise_code(code)


# --- staff: codes and letters ------------------------------------------------------------------------------------

def _staff_round(request: HttpRequest, round_id: int) -> Round:
    staff_scope(request)
    found = get_object_or_404(Round.objects.select_related("municipality", "district"), pk=round_id)
    if not codes.may_manage_codes(request.user, found):
        raise PermissionDenied(_("U maakt geen stemcodes voor deze ronde."))
    return found


def _pdf(round: Round, letters: list[codes.LetterData], name: str) -> HttpResponse:  # noqa: A002
    response = HttpResponse(letters_pdf(round, letters), content_type="application/pdf")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{round.slug}-{day}.pdf"'
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
def codes_manage(request: HttpRequest, round_id: int) -> HttpResponse:
    found = _staff_round(request, round_id)
    upload = AddressFileForm(prefix="adressen")
    replace = ReplaceForm(prefix="brief")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "generate":
            upload = AddressFileForm(request.POST, request.FILES, prefix="adressen")
            if upload.is_valid():
                data = upload.cleaned_data["file"].read(codes.MAX_BYTES + 1)
                try:
                    # The codes and their letters together: a PDF that fails to render leaves no codes behind.
                    with transaction.atomic():
                        letters, _count = codes.codes_generate(round=found, csv_bytes=data, actor=request.user)
                        return _pdf(found, letters, "stembrieven")
                except ValidationError as exc:
                    upload.add_error("file", exc)
                except PermissionDenied as exc:
                    upload.add_error(None, str(exc))
        elif action == "replace":
            replace = ReplaceForm(request.POST, prefix="brief")
            if replace.is_valid():
                try:
                    with transaction.atomic():
                        letter = codes.code_replace(round=found, actor=request.user, **replace.cleaned_data)
                        return _pdf(found, [letter], "nieuwe-stembrief")
                except ValidationError as exc:
                    show_errors(replace, exc)
                except PermissionDenied as exc:
                    replace.add_error(None, str(exc))
        else:
            return HttpResponse(status=400)
        status = 400
    context = default_context()
    context.update({
        "round": found, "counts": codes.code_counts(found, actor=request.user),
        "upload_form": upload, "replace_form": replace, "code_page": code_page_url(found),
        "max_rows": codes.MAX_ROWS,
        "problems": [text for ok, text in (
            (found.vote_with_code, _("In deze ronde staat stemmen met een stemcode uit.")),
            (found.published_at is not None, _("De ronde is nog niet gepubliceerd.")),
            (found.phase not in codes.CLOSED_PHASES, _("Het stemmen is voorbij."))) if not ok],
    })
    context["several_districts"] = len({row.district for row in context["counts"]}) > 1
    if context["counts"]:
        context["totals"] = {name: sum(getattr(row, name) for row in context["counts"])
                             for name in ("issued", "used", "void")}
    return render(request, "budgets/codes_manage.html", context, status=status)


# --- staff: verified residents -----------------------------------------------------------------------------------

@login_required
def resident_verify(request: HttpRequest) -> HttpResponse:
    scope = staff_scope(request)
    neighbourhoods = verification.verifiable_neighbourhoods(scope)
    if not neighbourhoods.exists():
        raise PermissionDenied(_("Alleen een wijkregisseur of beheerder controleert adressen van bewoners."))
    form = VerifyForm(request.POST or None, neighbourhoods=neighbourhoods, prefix="bewoner")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = call_service(
            request, lambda: verification.resident_verify(
                actor=request.user, email=data["email"], neighbourhood=data["neighbourhood"],
                birth_year=data["birth_year"], works_or_studies=data["works_or_studies"]),
            success=_("Vastgelegd: het account woont (of werkt of studeert) in %(neighbourhood)s.")
            % {"neighbourhood": data["neighbourhood"].name}, form=form, denied_on_form=True)
        if outcome.ok:
            return redirect("budgets:resident_verify")
    context = default_context()
    context.update({"form": form})
    return render(request, "budgets/codes_verify.html", context, status=400 if form.errors else 200)


# --- public: the code page ---------------------------------------------------------------------------------------

def _code_round(municipality: str | None, round_slug: str) -> Round:
    place = municipality_or_404(municipality)
    found = (Round.objects.filter(municipality=place, slug=round_slug).exclude(published_at=None)
             .select_related("municipality", "district").first())
    if found is None:
        raise Http404(_("Deze ronde bestaat niet."))
    return found


def _voting_open(found: Round) -> bool:
    return (found.vote_with_code and found.phase == workflow.VOTING
            and not workflow.voting_closed(found.schedule, timezone.localdate()))


@ratelimit(key="user_or_ip", rate=CODE_RATE, method="POST", block=True)
def code_entry(request: HttpRequest, round_slug: str, municipality: str | None = None) -> HttpResponse:
    found = _code_round(municipality, round_slug)
    is_open = _voting_open(found)
    form = CodeForm(request.POST or None, prefix=None)
    status = 200
    if request.method == "POST":
        if not is_open:
            status = 400
        elif form.is_valid():
            code = form.cleaned_data["code"]
            state = codes.code_status(found, code)
            usable = state == VotingCode.Status.ISSUED or (state == VotingCode.Status.USED and found.allow_change)
            if usable:
                remember_code(request, found, code)
                return redirect(ballot_path(found))
            form.add_error("code", {
                VotingCode.Status.USED: _("Met deze stemcode is al gestemd. Dank u wel voor het stemmen!"),
                VotingCode.Status.VOID: _("Deze stemcode werkt niet meer: er is een nieuwe brief voor uw adres "
                                          "gemaakt. Gebruik de code uit de nieuwe brief."),
            }.get(state, _("Deze stemcode kennen we niet. Kijk de code in uw brief na.")))
            status = 400
        else:
            status = 400
    context = base_context(found.municipality, nav="budgets")
    context.update({"round": found, "form": form, "is_open": is_open,
                    "round_url": _round_url(found)})
    return render(request, "budgets/codes_entry.html", context, status=status)


def _round_url(found: Round) -> str:
    try:
        return page_path("budgets:round", found.municipality, round_slug=found.slug)
    except NoReverseMatch:  # pragma: no cover - only until the round's page is in
        return ""


def staff_codes_path(round: Round) -> str:  # noqa: A002
    """For the round's staff page (pages/staff.py): where its codes are managed."""
    return reverse("budgets:codes_manage", kwargs={"round_id": round.pk})


def may_manage_codes(request: HttpRequest, round: Round) -> bool:  # noqa: A002
    """Whether the staff round page should link to the codes page."""
    return bool(codes.manageable_shares(user_scope(request.user), round))


def desk_links(request: HttpRequest) -> dict[str, Any]:
    """For the staff's budget desk (pages/staff.py, template budgets/codes_desk_links.html): the rounds whose codes
    this staff member manages, and the resident check when they may record residents."""
    scope = user_scope(request.user)
    rounds = Round.objects.filter(vote_with_code=True)
    if not scope.is_superuser:
        rounds = rounds.filter(Q(municipality_id__in=scope.administrator_municipality_ids)
                               | Q(shares__district_id__in=scope.civil_servant_district_ids))
    return {
        "code_rounds": [(found, staff_codes_path(found))
                        for found in rounds.distinct().order_by("-voting_from", "title")[:50]],
        "verify_url": reverse("budgets:resident_verify") if verification.verifiable_neighbourhoods(scope).exists()
        else "",
    }
