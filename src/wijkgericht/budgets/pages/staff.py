"""The budget's review desk in the staff workspace: the proposals of the user's districts (every district for an
administrator), a proposal's desk (review: feasible or not with a public reason, the municipality's cost, merge,
admit to the ballot once the portfolio holder answered; realisation updates of a selected one), and promoting a
resident's item into a proposal. Every action is checked by the services (budgets.permissions); the page only offers
what the role may do."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from wijkgericht.accounts.roles import Scope
from wijkgericht.budgets import permissions, selectors, workflow
from wijkgericht.budgets.forms import PromoteForm, RealisationForm, ReviewForm
from wijkgericht.budgets.models import PROPOSAL_STATUS_LABELS, Proposal
from wijkgericht.budgets.pages import codes as code_pages
from wijkgericht.budgets.services.proposals import proposal_promote, proposal_review
from wijkgericht.budgets.services.realisation import realisation_update
from wijkgericht.budgets.services.rounds import round_tick
from wijkgericht.frame.context import default_context
from wijkgericht.frame.scope import staff_scope
from wijkgericht.frame.service_forms import call_service
from wijkgericht.participation.models import Item

PREFIXES = {"review": "beoordeling", "realisation": "uitvoering"}


def _may(scope: Scope, action: str, proposal: Proposal) -> bool:
    round = proposal.share.round
    return permissions.can(scope, action, municipality_id=round.municipality_id,
                           district_id=proposal.share.district_id)


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    scope = staff_scope(request)
    found = list(selectors.desk_proposals(district_ids=sorted(scope.team_district_ids),
                                          administered=sorted(scope.administrator_municipality_ids))
                 .select_related("item__theme__portfolio"))
    groups: dict[int, dict[str, Any]] = {}
    for proposal in found:
        group = groups.setdefault(proposal.share_id, {"share": proposal.share, "rows": []})
        group["rows"].append({"proposal": proposal, "url": selectors.staff_proposal_path(proposal),
                              "advice": selectors.current_advice(proposal.item),
                              "advice_ok": selectors.advice_answered(proposal.item)})
    context = default_context()
    context.update({"groups": list(groups.values()), "scope": scope})
    context.update(code_pages.desk_links(request))  # B3: the rounds' codes pages and the resident check
    return render(request, "budgets/staff_desk.html", context)


def _targets(proposal: Proposal) -> list[str]:
    """Review steps from here (the count's are not offered); none once voting opened."""
    if proposal.share.round.phase not in workflow.REVIEW_PHASES:
        return []
    return [t for t in workflow.PROPOSAL_STATUSES if t in workflow.PROPOSAL_TRANSITIONS[proposal.status]
            and t not in workflow.BY_THE_COUNT]


def _merge_with(proposal: Proposal) -> list[tuple[int, str]]:
    return [(p.pk, p.item.title) for p in selectors.merge_candidates(proposal)]


@login_required
def proposal(request: HttpRequest, proposal_id: int) -> HttpResponse:
    scope = staff_scope(request)
    found = get_object_or_404(Proposal.objects.select_related(
        "item", "item__theme__portfolio", "item__district", "share__district", "share__round__municipality",
        "merged_into__item"), pk=proposal_id)
    if not (_may(scope, permissions.REVIEW, found) or _may(scope, permissions.REALISE, found)):
        raise Http404
    round_tick(found.share.round)
    found.share.round.refresh_from_db()
    forms: dict[str, Any] = {}
    if request.method == "POST":
        if _act(request, found, forms):
            return redirect("budgets:staff_proposal", proposal_id=found.pk)
        found.refresh_from_db()
    targets = _targets(found)
    context = default_context()
    context.update({
        "proposal": found, "item": found.item, "round": found.share.round,
        "public_url": selectors.proposal_path(found) if found.item.status != "submitted" else "",
        "item_url": _item_desk(found.item),
        "advice": selectors.current_advice(found.item), "advice_ok": selectors.advice_answered(found.item),
        "history": selectors.proposal_history(found), "updates": selectors.realisation(found),
        "review_form": (forms.get("review") or ReviewForm(targets=targets, merge_with=_merge_with(found),
                                                          prefix=PREFIXES["review"],
                                                          initial={"cost": found.cost}))
        if targets else None,
        "realisation_form": (forms.get("realisation") or RealisationForm(prefix=PREFIXES["realisation"]))
        if found.status == workflow.SELECTED else None,
        "status_label": PROPOSAL_STATUS_LABELS[found.status],
    })
    return render(request, "budgets/staff_proposal.html", context, status=400 if forms else 200)


def _item_desk(item: Item) -> str:
    return reverse("web:staff_item", kwargs={"item_id": item.pk})


def _act(request: HttpRequest, found: Proposal, forms: dict[str, Any]) -> bool:
    action = request.POST.get("action", "")
    if action == "review":
        form = forms["review"] = ReviewForm(request.POST, targets=_targets(found), merge_with=_merge_with(found),
                                            prefix=PREFIXES["review"])
        if not form.is_valid():
            return False
        data = form.cleaned_data
        into = Proposal.objects.filter(pk=data["into"]).first() if data.get("into") else None
        call = partial(proposal_review, proposal=found, actor=request.user, target=data["target"],
                       reason=data["reason"], cost=data["cost"], into=into)
        success = _("Opgeslagen: %(status)s.") % {"status": PROPOSAL_STATUS_LABELS[data["target"]]}
    elif action == "realisation":
        form = forms["realisation"] = RealisationForm(request.POST, request.FILES, prefix=PREFIXES["realisation"])
        if not form.is_valid():
            return False
        data = form.cleaned_data
        call = partial(realisation_update, proposal=found, actor=request.user, status=data["status"],
                       text=data["text"], photo=data["photo"], alt_text=data["alt_text"])
        success = _("Het bericht over de uitvoering staat op de pagina van het voorstel.")
    else:
        raise Http404
    outcome = call_service(request, call, form=form, success=success,
                           denied_message=_("Dat mag u niet bij dit voorstel."), denied_on_form=True)
    if outcome.done:
        forms.clear()
    return outcome.done


@login_required
def promote(request: HttpRequest, item_id: int) -> HttpResponse:
    """Make a resident's item a proposal of a round that still takes proposals in its district."""
    scope = staff_scope(request)
    item = get_object_or_404(Item.objects.select_related("district", "municipality", "theme"), pk=item_id)
    if not permissions.can(scope, permissions.PROMOTE, municipality_id=item.municipality_id,
                           district_id=item.district_id):
        raise Http404
    shares = selectors.promotable_shares(item)
    choices = [(s.pk, f"{s.round.title} ({s.district.name})") for s in shares]
    form = PromoteForm(request.POST or None, shares=choices)
    if request.method == "POST" and form.is_valid():
        share = next(s for s in shares if s.pk == form.cleaned_data["share"])
        outcome = call_service(request, partial(proposal_promote, item=item, share=share, actor=request.user),
                               form=form, by_field=False, success=_("De inbreng is nu een voorstel."))
        if outcome.ok:
            return redirect("budgets:staff_proposal", proposal_id=outcome.value.pk)
    context = default_context()
    context.update({"item": item, "form": form, "shares": shares, "item_url": _item_desk(item)})
    return render(request, "budgets/staff_promote.html", context, status=400 if form.errors else 200)
