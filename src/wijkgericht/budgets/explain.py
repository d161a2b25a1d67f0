"""Why each project was or was not chosen, in plain Dutch (B1), from the tally engine's decision codes and numbers
(wijkgericht.voting.explain lists them). Numbers are written the Dutch way: € 9,71, € 4.500, 1.234 stemmers.

No database here: a decision is the dict stored in Result.decisions, `{"code", "stage", "selected", "numbers",
"voters", "points"}` (`voters`: how many ballots chose the project; `points`: their points, for the points method),
and `rule` is the rule that was counted ("greedy" or "mes"): the greedy stage of a Method of Equal Shares count is
the completion that fills up what is left (add1-utilitarian).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def dutch_number(value: int | str | float | Decimal) -> str:
    """A whole number with a dot between thousands: 4500 → "4.500"."""
    whole = int(Decimal(str(value)).to_integral_value(rounding=ROUND_HALF_UP))
    sign = "-" if whole < 0 else ""
    return sign + f"{abs(whole):,}".replace(",", ".")


def dutch_money(value: int | str | float | Decimal) -> str:
    """An amount in euros the Dutch way: "€ 4.500" for whole euros, "€ 9,71" with cents (the engine's money is a
    string with two decimals, "9.71")."""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return f"€ {value}"
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    whole = int(amount)
    cents = int((amount - whole) * 100)
    text = f"{whole:,}".replace(",", ".")
    if cents:
        text += f",{cents:02d}"
    return f"€ {sign}{text}"


def _votes(decision: Mapping[str, Any], method: str) -> str:
    """"412 stemmen" or, for the points method, "1.230 punten van 412 stemmers"."""
    numbers = decision.get("numbers", {})
    if method == "points":
        points = int(Decimal(str(decision.get("points", numbers.get("votes", 0)))))
        voters = int(decision.get("voters", 0))
        return ngettext("%(points)s punt van %(voters)s stemmers", "%(points)s punten van %(voters)s stemmers",
                        points) % {"points": dutch_number(points), "voters": dutch_number(voters)}
    votes = int(Decimal(str(decision.get("voters", numbers.get("votes", 0)))))
    return ngettext("%(votes)s stem", "%(votes)s stemmen", votes) % {"votes": dutch_number(votes)}


def explanation(decision: Mapping[str, Any], *, rule: str, method: str) -> str:  # noqa: C901 - one branch per code
    """One or two short Dutch sentences for one project's decision."""
    code = decision.get("code", "")
    stage = decision.get("stage", "")
    n = decision.get("numbers", {})
    money = {key: dutch_money(n[key]) for key in ("cost", "budget_left", "shortfall", "share", "money_left",
                                                     "voter_budget") if key in n}
    fill = rule == "mes" and stage == "greedy"  # the fill-up after Equal Shares (add1-utilitarian)
    if code == "bought":
        supporters = int(decision.get("voters") or n.get("supporters", 0))
        params = {"round": n.get("round"), "supporters": dutch_number(supporters), **money}
        if method == "points":
            text = ngettext(
                "Gekozen in ronde %(round)s: %(supporters)s stemmer betaalde %(share)s per punt.",
                "Gekozen in ronde %(round)s: %(supporters)s stemmers betaalden %(share)s per punt.",
                supporters) % params
        else:
            text = ngettext(
                "Gekozen in ronde %(round)s: %(supporters)s stemmer betaalde %(share)s.",
                "Gekozen in ronde %(round)s: %(supporters)s stemmers betaalden elk %(share)s.",
                supporters) % params
        capped = int(n.get("capped") or 0)
        if capped:
            text += " " + ngettext(
                "%(capped)s van hen betaalde minder: meer had die stemmer niet meer over.",
                "%(capped)s van hen betaalden minder: meer hadden zij niet meer over.",
                capped) % {"capped": dutch_number(capped)}
        text += " " + _("Elke stemmer had %(voter_budget)s te besteden.") % money
        return text
    if code == "unaffordable":
        supporters = int(decision.get("voters") or 0)
        return ngettext(
            "Niet gekozen: de %(supporters)s stemmer die dit koos had nog %(money_left)s over, het kost %(cost)s.",
            "Niet gekozen: de %(supporters)s stemmers die dit kozen hadden samen nog %(money_left)s over, "
            "het kost %(cost)s.",
            supporters) % {"supporters": dutch_number(supporters), **money}
    if code == "no_support":
        return _("Niet gekozen: niemand koos dit project.")
    params = {"rank": n.get("rank"), "votes": _votes(decision, method), **money}
    if code == "selected":
        if fill:
            return _("Gekozen bij het aanvullen: met %(votes)s stond het op plaats %(rank)s. Er was nog "
                     "%(budget_left)s over, het kost %(cost)s.") % params
        return _("Gekozen: plaats %(rank)s met %(votes)s. Er was nog %(budget_left)s over, het kost %(cost)s.") % params
    if code == "does_not_fit":
        if fill:
            return _("Niet gekozen, ook niet bij het aanvullen: met %(votes)s stond het op plaats %(rank)s, maar er "
                     "was nog %(budget_left)s over en het kost %(cost)s.") % params
        return _("Niet gekozen: plaats %(rank)s met %(votes)s, maar er was nog %(budget_left)s over en het kost "
                 "%(cost)s.") % params
    if code == "not_reached":
        return _("Niet gekozen: plaats %(rank)s met %(votes)s. De telling stopte bij een project dat niet meer "
                 "paste.") % params
    if code == "below_threshold":
        return _("Niet gekozen: %(votes)s, te weinig om mee te doen.") % params
    return _("Niet gekozen.") if not decision.get("selected") else _("Gekozen.")


def rule_summary(rule: str, completion: str) -> str:
    """How the count worked, in one or two sentences for the result page."""
    if rule == "greedy":
        return _("De projecten met de meeste stemmen gaan eerst. Een project dat niet meer in het budget past, slaan "
                 "we over.")
    text = _("Gelijke delen: elke stemmer krijgt een even groot deel van het budget. Een project wordt gekozen als "
             "de stemmers die het kozen het samen kunnen betalen. Wat per stemmer het minst kost, gaat eerst.")
    if completion in ("add1", "add1-utilitarian"):
        text += " " + _("Bleef er geld over, dan kreeg elke stemmer iets meer te besteden, tot het geld zo goed "
                        "mogelijk op was.")
    if completion == "add1-utilitarian":
        text += " " + _("Wat daarna nog over was, ging naar de projecten met de meeste stemmen die nog pasten.")
    return text
