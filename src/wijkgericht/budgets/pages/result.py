"""The result of a round: public (the chosen projects, a chart of votes and money with its data table, turnout, and
why each project was or was not chosen), and for the council and staff the comparison with the other rule (what
choosing Equal Shares — or most votes first — changed). Thin: the count and its wording are the services'."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from wijkgericht.budgets import explain, selectors
from wijkgericht.budgets.chart import Bar, bar_chart
from wijkgericht.budgets.models import Result, Round
from wijkgericht.budgets.services import results, rounds
from wijkgericht.districts.models import Municipality
from wijkgericht.districts.paths import district_path
from wijkgericht.frame.context import base_context, default_context, municipality_or_404
from wijkgericht.frame.pagecache import cached_page


def _turnout(round_: Round) -> list[dict[str, Any]]:
    """Voters per neighbourhood (small ones merged with a neighbour: B2's turnout), else nothing."""
    try:
        from wijkgericht.budgets.services.voting import turnout
    except ImportError:  # pragma: no cover - the casting part brings it
        return []
    rows = []
    for group in turnout(round_):
        inhabitants = getattr(group, "inhabitants", None)
        rows.append({"names": ", ".join(group.names), "voters": group.voters, "merged": len(group.names) > 1,
                     "percentage": (f"{100 * group.voters / inhabitants:.1f}".replace(".", ",")
                                    if inhabitants else "")})
    return rows


def _share_view(result: Result, *, chart_id: str) -> dict[str, Any]:
    share = result.share
    method = share.round.method
    proposals = {str(p.pk): p for p in selectors.ballot_proposals(share)}
    points = method == Round.Method.POINTS
    rows = []
    for pid, decision in result.decisions.items():
        proposal = proposals.get(pid)
        if proposal is None:
            continue
        rows.append({
            "proposal": proposal, "url": selectors.proposal_path(proposal), "cost": proposal.cost or 0,
            "cost_text": explain.dutch_money(proposal.cost or 0), "votes": decision.get("voters", 0),
            "votes_text": explain.dutch_number(decision.get("voters", 0)),
            "points_text": explain.dutch_number(decision.get("points", 0)),
            "selected": pid in result.selected,
            "explanation": explain.explanation(decision, rule=result.rule, method=method),
        })
    rows.sort(key=lambda r: (-(r["selected"]), -r["votes"], r["proposal"].item.title))
    order = {pid: n for n, pid in enumerate(result.selected)}
    chosen = sorted((r for r in rows if r["selected"]), key=lambda r: order[str(r["proposal"].pk)])
    by_votes = sorted(rows, key=lambda r: (-r["votes"], r["proposal"].item.title))
    votes_label = _("stemmers") if points else _("stemmen")
    chart = bar_chart([Bar(r["proposal"].item.title, r["votes"], r["cost"], r["selected"]) for r in by_votes],
                      budget=share.amount, votes_label=votes_label, chart_id=chart_id)
    return {
        "share": share, "district_url": district_path(share.district, share.round.municipality),
        "result": result, "rows": by_votes, "chosen": chosen, "points": points, "chart": mark_safe(chart),  # noqa: S308 - escaped by chart.py
        "amount_text": explain.dutch_money(share.amount), "cost_text": explain.dutch_money(result.cost),
        "left_text": explain.dutch_money(max(share.amount - result.cost, 0)),
        "ballots_text": explain.dutch_number(result.ballots),
        "ballots_url": (f"/api/v1/budgets/{share.round_id}/ballots.pb"
                        + (f"?wijk={share.district.code}" if share.round.district_id is None else "")),
    }


@cached_page(municipality_or_404)
def result(request: HttpRequest, round_slug: str, municipality: str | None = None,
           place: Municipality | None = None) -> HttpResponse:
    place = place or municipality_or_404(municipality)
    round_ = selectors.public_round(municipality=place, slug=round_slug)
    if round_ is None:
        raise Http404(_("Deze wijkbudgetronde bestaat niet."))
    round_ = rounds.round_tick(round_)
    published = round_.result_published_at is not None
    shares = [_share_view(r, chart_id=f"grafiek-{r.share.district.code}") for r in results.published_results(round_)
              ] if published else []
    context = base_context(place)
    context.update({
        "round": round_, "round_url": selectors.round_path(round_), "published": published, "shares": shares,
        "several": len(shares) > 1, "rule_text": explain.rule_summary(round_.rule, round_.completion),
        "turnout": _turnout(round_) if published else [],
        "voters_text": explain.dutch_number(sum(s["result"].voters for s in shares)),
    })
    return render(request, "budgets/result.html", context)


@login_required
def compare(request: HttpRequest, round_id: int) -> HttpResponse:
    """For the council and staff: the published rule beside the other one, project by project."""
    round_ = get_object_or_404(Round.objects.select_related("municipality", "district").exclude(published_at=None),
                               pk=round_id)
    results.require_compare(request.user, round_)
    if round_.result_published_at is None:
        raise Http404(_("De uitslag van deze ronde is nog niet bekend."))
    other_rule, other_completion = results.ALTERNATIVE[round_.rule]
    shares = []
    for result in results.published_results(round_):
        view = _share_view(result, chart_id=f"grafiek-{result.share.district.code}")
        alternative = result.alternative
        other_selected = set(alternative.get("selected", []))
        for row in view["rows"]:
            pid = str(row["proposal"].pk)
            row["other_selected"] = pid in other_selected
            row["other_explanation"] = results.explanation_of(result, pid, alternative=True)
            row["changed"] = row["selected"] != row["other_selected"]
        view["only_published"] = [r for r in view["rows"] if r["selected"] and not r["other_selected"]]
        view["only_other"] = [r for r in view["rows"] if r["other_selected"] and not r["selected"]]
        view["other_cost_text"] = explain.dutch_money(alternative.get("cost", 0))
        shares.append(view)
    context = default_context("staff")
    context.update({
        "round": round_, "round_url": selectors.round_path(round_), "shares": shares,
        "rule_label": Round.Rule(round_.rule).label, "other_label": Round.Rule(other_rule).label,
        "rule_text": explain.rule_summary(round_.rule, round_.completion),
        "other_text": explain.rule_summary(other_rule, other_completion),
    })
    return render(request, "budgets/result_compare.html", context)
