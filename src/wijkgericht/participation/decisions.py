"""What the item page says about the district team's decision on an item (read only): what was decided, by whom
(the role and the name of the alderman who carries it), why, on whose advice, and what happens next. Before a
decision: what the team still waits for, so the page never says "a decision follows after the advice" once one is
taken."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from wijkgericht.governance.models import Alderman
from wijkgericht.governance.selectors import district_alderman, reference_date
from wijkgericht.participation import workflow
from wijkgericht.participation.models import AdviceRequest, Item, StatusChange

# The statuses after a decision: the decision is what the page leads with, with what follows from it.
DECIDED = frozenset({workflow.ACCEPTED, workflow.DECLINED, workflow.IN_PROGRESS, workflow.DONE})


@dataclass(frozen=True)
class Decision:
    accepted: bool
    what: str        # one sentence: what was decided
    by: str          # who: role and name ("wijkwethouder Arnoud Proos, voor het wijkteam van Centrum")
    why: str         # the reason given (required for a decision)
    advice: str      # on whose advice, when asked: "Advies van wethouder X (Sport): akkoord."
    next: str        # what happens now
    on: dt.datetime


def _decider(change: StatusChange, item: Item) -> str:
    """Who took the decision, as a resident reads it: the alderman by role and name; a civil servant as the
    district team, with the district alderman who carries it; the system as the district team."""
    alderman = Alderman.objects.filter(user_id=change.actor_id).first() if change.actor_id else None
    district = item.district.name
    if alderman is not None:
        return _("%(role)s %(name)s, voor het wijkteam van %(district)s") % {
            "role": alderman.get_role_display(), "name": alderman.name, "district": district}
    # The district alderman on the day of the decision, or, after the board's term ended, on its last day (the
    # pages' reference date: a demo of an earlier term still names its alderman).
    day = min(change.created_at.date(), reference_date(municipality_id=item.municipality_id))
    carrier = district_alderman(district_id=item.district_id, on=day)
    if carrier is not None:
        return _("het wijkteam van %(district)s, onder verantwoordelijkheid van wijkwethouder %(name)s") % {
            "district": district, "name": carrier.name}
    return _("het wijkteam van %(district)s") % {"district": district}


def _advice(item: Item, change: StatusChange) -> str:
    """The answered advice the decision rested on (the last one answered before it), with the adviser's name."""
    advice = (AdviceRequest.objects.filter(item=item, answered_at__lte=change.created_at).exclude(answer="")
              .select_related("portfolio").order_by("-answered_at", "-pk").first())
    if advice is None:
        return ""
    adviser = Alderman.objects.filter(user_id=advice.answered_by_id).first() if advice.answered_by_id else None
    if adviser is not None:
        return _("Advies van wethouder %(name)s (%(portfolio)s): %(answer)s.") % {
            "name": adviser.name, "portfolio": advice.portfolio.name, "answer": advice.get_answer_display()}
    return _("Advies van de wethouder van %(portfolio)s: %(answer)s.") % {
        "portfolio": advice.portfolio.name, "answer": advice.get_answer_display()}


def _next(item: Item, accepted: bool) -> str:
    if not accepted:
        return _("Hier gebeurt verder niets mee. Hebt u een vraag over dit besluit, reageer dan hieronder of neem "
                 "contact op met de gemeente.")
    return {
        workflow.ACCEPTED: _("Het wijkteam gaat dit nu voorbereiden en uitvoeren. U krijgt bericht als het begint en "
                             "als het klaar is."),
        workflow.IN_PROGRESS: _("Het wordt nu uitgevoerd. U krijgt bericht als het klaar is."),
        workflow.DONE: _("Het is klaar. Wie dit indiende, steunde of volgde, kan laten weten of het echt is "
                         "opgelost."),
    }.get(item.status, "")


def item_decision(*, item: Item) -> Decision | None:
    """The decision the item's page shows: the latest one, while the item stands on it (accepted, in progress,
    done, or declined); None before a decision and after a reopening (then a new one is awaited)."""
    if item.status not in DECIDED:
        return None
    change = (StatusChange.objects.filter(item=item, target__in=workflow.DECISIONS)
              .order_by("-created_at", "-pk").first())
    if change is None:
        return None
    accepted = change.target == workflow.ACCEPTED
    what = (_("Ja: het wijkteam gaat dit doen.") if accepted else _("Nee: het wijkteam doet dit niet."))
    return Decision(accepted=accepted, what=what, by=_decider(change, item), why=change.reason,
                    advice=_advice(item, change), next=_next(item, accepted), on=change.created_at)


def item_waiting_for(*, item: Item) -> str:
    """Before a decision, what the item waits for, in one sentence for the page's introduction (or "")."""
    if item.status in DECIDED or item.status == workflow.REJECTED:
        return ""
    if item.status == workflow.COORDINATION:
        return _("Het wijkteam heeft de wethouder van %(portfolio)s om advies gevraagd en besluit daarna.") % {
            "portfolio": item.theme.portfolio.name}
    if item.needs_decision:
        return _("Dit vraagt geld of een besluit: het wijkteam besluit pas na advies van de wethouder van "
                 "%(portfolio)s.") % {"portfolio": item.theme.portfolio.name}
    return ""
