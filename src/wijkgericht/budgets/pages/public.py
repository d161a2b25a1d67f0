"""The public pages of district budgets: the municipality's rounds, a round (what happens now, what you can do, until
when; its rules and proposals), a proposal (its review, the portfolio holder's advice, its realisation), the
proposal form and a resident's actions on a proposal (support, follow, withdraw). Thin: forms check fields, services
decide. A round is brought up to date on every load (`round_tick`: the embedded default has no task runner)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from wijkgericht.budgets import selectors, workflow
from wijkgericht.budgets.forms import ON_THE_MAP, WHOLE_DISTRICT, ProposalForm
from wijkgericht.budgets.models import REALISATION_LABELS, Proposal, Round
from wijkgericht.budgets.services.proposals import proposal_submit, proposal_withdraw
from wijkgericht.budgets.services.rounds import round_tick
from wijkgericht.districts import lookup
from wijkgericht.districts.models import Municipality, Neighbourhood
from wijkgericht.districts.paths import district_path, page_path
from wijkgericht.frame.context import base_context, municipality_or_404
from wijkgericht.frame.pagecache import cached_page
from wijkgericht.frame.service_forms import show_errors
from wijkgericht.participation import engagement
from wijkgericht.participation.models import Follow, Support, Theme
from wijkgericht.participation.services import require_resident

SUBMIT_RATE = "10/h"
NAV = "budgets"


def _day(value: dt.date) -> str:
    return formats.date_format(value, "j F Y")


def optional_path(name: str, place: Municipality, **kwargs: Any) -> str:
    """A page of another part of the budget (ballot, result), or "" while that part is not there."""
    try:
        return page_path(name, place, **kwargs)
    except NoReverseMatch:
        return ""


def phase_text(round: Round, today: dt.date) -> dict[str, str]:
    """What happens now, what a resident can do, and until when — in plain Dutch, for the round's page."""
    day = dt.timedelta(days=1)
    if round.phase == workflow.DRAFT:
        return {"now": _("Deze ronde wordt voorbereid."),
                "can": _("U kunt nog niets doen. Vanaf %s kunt u voorstellen indienen.") % _day(round.proposals_from),
                "until": ""}
    if round.phase == workflow.PROPOSALS:
        return {"now": _("Bewoners dienen voorstellen in: wat moet er beter in de wijk?"),
                "can": _("U kunt zelf een voorstel indienen. U kunt ook voorstellen van anderen steunen en volgen."),
                "until": _("Indienen kan tot en met %s.") % _day(round.review_from - day)}
    if round.phase == workflow.REVIEW:
        return {"now": _("De gemeente bekijkt de voorstellen: kan het, en wat kost het? De wethouder van het thema "
                         "geeft advies."),
                "can": _("U kunt de voorstellen lezen, steunen en volgen. U krijgt bericht als er iets verandert."),
                "until": _("Het stemmen begint op %s.") % _day(round.voting_from)}
    if round.phase == workflow.VOTING and not workflow.voting_closed(round.schedule, today):
        return {"now": _("Iedereen die mag stemmen, kiest nu de projecten die het beste zijn voor de wijk."),
                "can": _("U kunt stemmen."),
                "until": _("Stemmen kan tot en met %s.") % _day(round.voting_until)}
    if round.phase == workflow.VOTING:
        return {"now": _("Het stemmen is voorbij. De stemmen worden geteld."),
                "can": _("U hoeft niets te doen. De uitslag staat hier zodra hij klaar is."),
                "until": ""}
    if round.phase == workflow.RESULT:
        return {"now": _("De uitslag is bekend."),
                "can": _("U kunt zien welke projecten gekozen zijn, en waarom."),
                "until": _("De uitvoering begint op %s.") % _day(round.realisation_from)}
    return {"now": _("De gekozen projecten worden uitgevoerd."),
            "can": _("U kunt per project volgen hoe ver het is."),
            "until": ""}


def _round_or_404(place: Municipality, slug: str) -> Round:
    found = selectors.public_round(municipality=place, slug=slug)
    if found is None:
        raise Http404(_("Deze ronde bestaat niet of is nog niet openbaar."))
    return round_tick(found)


def _schedule(round: Round) -> list[dict[str, Any]]:
    day = dt.timedelta(days=1)
    rows = [
        (workflow.PROPOSALS, _("Voorstellen indienen"), round.proposals_from, round.review_from - day),
        (workflow.REVIEW, _("Voorstellen beoordelen"), round.review_from, round.voting_from - day),
        (workflow.VOTING, _("Stemmen"), round.voting_from, round.voting_until),
        (workflow.RESULT, _("Uitslag"), round.voting_until + day, round.realisation_from - day),
        (workflow.REALISATION, _("Uitvoering"), round.realisation_from, None),
    ]
    return [{"phase": p, "label": label, "start": start, "end": end, "current": p == round.phase}
            for p, label, start, end in rows]


@cached_page(municipality_or_404, personal_slots=True)
def rounds(request: HttpRequest, municipality: str | None = None, place: Municipality | None = None) -> HttpResponse:
    place = place or municipality_or_404(municipality)
    found = [round_tick(r) for r in selectors.public_rounds(municipality=place)]
    context = base_context(place, NAV)
    context["rows"] = [{"round": r, "url": selectors.round_path(r), "text": phase_text(r, timezone.localdate())}
                       for r in found]
    return render(request, "budgets/rounds.html", context)


@cached_page(municipality_or_404)
def round_page(request: HttpRequest, round_slug: str, municipality: str | None = None,
               place: Municipality | None = None) -> HttpResponse:
    place = place or municipality_or_404(municipality)
    found = _round_or_404(place, round_slug)
    today = timezone.localdate()
    shares = []
    for share in selectors.round_shares(found):
        proposals = selectors.public_proposals(share)
        shares.append({"share": share, "district_url": district_path(share.district, place),
                       "rows": [{"proposal": p, "url": selectors.proposal_path(p)} for p in proposals]})
    voting_open = found.phase == workflow.VOTING and workflow.voting_open(found.schedule, today)
    context = base_context(place, NAV)
    context.update({
        "round": found, "text": phase_text(found, today), "schedule": _schedule(found), "shares": shares,
        "rounds_url": page_path("budgets:rounds", place),
        "submit_url": selectors.proposal_submit_path(found) if found.phase == workflow.PROPOSALS else "",
        "ballot_url": optional_path("budgets:ballot", place, round_slug=found.slug) if voting_open else "",
        "code_url": optional_path("budgets:code_entry", place, round_slug=found.slug)
        if voting_open and found.vote_with_code else "",
        "result_url": optional_path("budgets:result", place, round_slug=found.slug)
        if found.result_published_at else "",
        "voting_closed": found.phase == workflow.VOTING and not voting_open,
    })
    return render(request, "budgets/round.html", context)


def _proposal_context(request: HttpRequest, place: Municipality, round: Round, proposal: Proposal) -> dict[str, Any]:
    item = proposal.item
    user = request.user
    context = base_context(place, NAV)
    updates = selectors.realisation(proposal)
    context.update({
        "round": round, "proposal": proposal, "item": item, "round_url": selectors.round_path(round),
        "district_url": district_path(proposal.share.district, place),
        "district_wide": selectors.is_district_wide(proposal),
        "history": selectors.proposal_history(proposal),
        "advice": selectors.current_advice(item),
        "merged_into_url": selectors.proposal_path(proposal.merged_into) if proposal.merged_into_id else "",
        "item_url": page_path("item", place, slug=item.district.slug, item_id=item.pk),
        "updates": updates,
        "realisation_label": REALISATION_LABELS[updates[-1].status] if updates else REALISATION_LABELS[
            workflow.PLANNED],
        "selected": proposal.status == workflow.SELECTED,
        "support_count": item.supports.count(),
        "open": proposal.status in (workflow.SUBMITTED, workflow.FEASIBLE, workflow.ADMITTED),
    })
    if user.is_authenticated:
        context.update({
            "supported": Support.objects.filter(item=item, user=user).exists(),
            "following": Follow.objects.filter(item=item, user=user).exists(),
            "is_author": item.author_id == user.pk,
            "verified": user.email_verified_at is not None,
            "can_withdraw": item.author_id == user.pk and proposal.status in (workflow.SUBMITTED, workflow.FEASIBLE)
            and round.phase in workflow.REVIEW_PHASES,
        })
    return context


@cached_page(municipality_or_404)
def proposal_page(request: HttpRequest, round_slug: str, proposal_id: int, municipality: str | None = None,
                  place: Municipality | None = None) -> HttpResponse:
    place = place or municipality_or_404(municipality)
    found = _round_or_404(place, round_slug)
    proposal = selectors.public_proposal(round=found, proposal_id=proposal_id)
    if proposal is None:
        raise Http404(_("Dit voorstel bestaat niet of is nog niet openbaar."))
    return render(request, "budgets/proposal.html", _proposal_context(request, place, found, proposal))


def _places(round: Round, share_ids: list[int], picked: Picked | None = None) -> list[tuple[str, Any]]:
    """The choices of "where": per district of the round, the point picked on the map (if any), the whole district
    and its neighbourhoods."""
    groups: list[tuple[str, Any]] = [("", _("Kies waar het is"))]
    place = round.municipality
    for share in selectors.round_shares(round):
        if share.pk not in share_ids:
            continue
        options = []
        if picked is not None and picked.share_id == share.pk:
            options.append((f"{share.pk}:{ON_THE_MAP}", _("De plek die u op de kaart koos (%s)") % picked.name))
        options.append((f"{share.pk}:{WHOLE_DISTRICT}", _("De hele wijk %s") % share.district.name))
        options += [(f"{share.pk}:{n.code}", n.name) for n in Neighbourhood.objects.filter(
            district=share.district, year=place.division_year).order_by("name")]
        groups.append((share.district.name, options))
    return groups


@dataclass(frozen=True)
class Picked:
    share_id: int
    lat: float
    lon: float
    name: str


def _picked(source: Any, round: Round, shares: list[Any]) -> Picked | None:
    """A point chosen on the map (?lat&lon, then the form's hidden fields) inside one of the round's districts."""
    if not (source.get("lat") and source.get("lon")):
        return None
    try:
        lat, lon = lookup.parse_point(source.get("lat"), source.get("lon"))
    except lookup.InvalidPoint:
        return None
    found = lookup.place_at(municipality=round.municipality, lat=lat, lon=lon)
    share = next((s for s in shares if found is not None and s.district_id == found.district_id), None)
    if share is None:
        return None
    neighbourhood = Neighbourhood.objects.filter(code=found.neighbourhood_code, year=found.year).first()
    return Picked(share.pk, lat, lon, neighbourhood.name if neighbourhood else share.district.name)


def _point(round: Round, share_id: int, where: str, picked: Picked | None) -> tuple[float | None, float | None]:
    if where == WHOLE_DISTRICT:
        return None, None
    if where == ON_THE_MAP:
        if picked is None or picked.share_id != share_id:
            raise ValidationError({"where": _("Kies een buurt uit de lijst.")})
        return picked.lat, picked.lon
    neighbourhood = Neighbourhood.objects.filter(code=where, district__budget_shares__pk=share_id,
                                                 year=round.municipality.division_year).first()
    if neighbourhood is None or not neighbourhood.geometry:
        raise ValidationError({"where": _("Kies een buurt uit de lijst.")})
    from shapely.geometry import shape

    point = shape(neighbourhood.geometry).representative_point()
    return point.y, point.x


@login_required
@ratelimit(key="user", rate=SUBMIT_RATE, method="POST", block=True)
def proposal_submit_page(request: HttpRequest, round_slug: str, municipality: str | None = None) -> HttpResponse:
    place = municipality_or_404(municipality)
    found = _round_or_404(place, round_slug)
    context = base_context(place, NAV)
    context.update({"round": found, "round_url": selectors.round_path(found), "text": phase_text(
        found, timezone.localdate())})
    if found.phase != workflow.PROPOSALS:
        return render(request, "budgets/proposal_closed.html", context, status=200)
    shares = selectors.round_shares(found)
    share_choices = [(s.pk, s.district.name) for s in shares]
    wanted = request.GET.get("wijk")
    initial: dict[str, Any] = {}
    if wanted:
        initial["share"] = next((s.pk for s in shares if s.district.slug == wanted), None)
    picked = _picked(request.POST if request.method == "POST" else request.GET, found, shares)
    if picked is not None:
        initial.update({"share": picked.share_id, "where": f"{picked.share_id}:{ON_THE_MAP}", "lat": picked.lat,
                        "lon": picked.lon})
    form = ProposalForm(request.POST or None, initial=initial, shares=share_choices,
                        themes=Theme.objects.filter(municipality=place).order_by("order", "name"),
                        places=_places(found, [s.pk for s in shares], picked))
    refusal = ""
    try:
        require_resident(request.user)
    except PermissionDenied as exc:
        refusal = str(exc)
    if request.method == "POST":
        if refusal:
            form.is_valid()
            form.add_error(None, refusal)
        elif form.is_valid():
            data = form.cleaned_data
            share = next(s for s in shares if s.pk == data["share"])
            share_id, _sep, where = data["where"].partition(":")
            try:
                if share_id != str(share.pk):
                    raise ValidationError({"where": _("Deze plek ligt niet in de wijk %s. Kies een plek in de "
                                                      "wijk.") % share.district.name})
                lat, lon = _point(found, share.pk, where, picked)
                proposal = proposal_submit(share=share, author=request.user, title=data["title"],
                                           description=data["description"], theme=data["theme"], lat=lat, lon=lon,
                                           estimated_cost=data["estimated_cost"],
                                           submission_key=data["submission_key"])
            except ValidationError as exc:
                show_errors(form, exc, {"location": "where"})
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Dank u wel! Uw voorstel is ontvangen. Na een korte controle staat het "
                                            "op de site. U krijgt bericht van elke stap."))
                return HttpResponseRedirect(f"{reverse('web:my_items')}#inbreng-{proposal.item_id}")
    context.update({"form": form, "refusal": refusal, "pick_url": request.path,
                    "highlight": shares[0].district.code if len(shares) == 1 else ""})
    return render(request, "budgets/proposal_form.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def proposal_action(request: HttpRequest, proposal_id: int, action: str) -> HttpResponse:
    """A resident's click on a proposal: support (steun), withdraw support, follow, unfollow, or withdraw their own
    proposal (intrekken). Back to the proposal's page with a message."""
    proposal = get_object_or_404(Proposal.objects.select_related(
        "item", "item__district", "item__municipality", "item__theme", "share__round__municipality"),
        pk=proposal_id)
    item = proposal.item
    try:
        if action == "steun":
            added = engagement.item_support(item=item, user=request.user)
            messages.success(request, _("Bedankt voor uw steun. U volgt dit voorstel nu ook.") if added
                             else _("U steunde dit voorstel al."))
        elif action == "steun-intrekken":
            engagement.item_unsupport(item=item, user=request.user)
            messages.success(request, _("Uw steun is ingetrokken."))
        elif action == "volg":
            engagement.item_follow(item=item, user=request.user)
            messages.success(request, _("U volgt dit voorstel; u krijgt bericht van elke stap."))
        elif action == "ontvolg":
            engagement.item_unfollow(item=item, user=request.user)
            messages.success(request, _("U volgt dit voorstel niet meer."))
        elif action == "intrekken":
            proposal_withdraw(proposal=proposal, actor=request.user)
            messages.success(request, _("Uw voorstel is ingetrokken."))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Dat mag niet."))
    return redirect(selectors.proposal_path(proposal))
