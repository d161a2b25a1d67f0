"""The catalogue of notification events: for each event a subject line and a body text, rendered in the active
language from the parameters stored with the notification.

Texts are gettext source strings in Dutch with `%(name)s` parameters. Rendering never fails: a parameter that is
missing renders empty, an event not in the catalogue renders a generic text, so a notification written by newer or
older code still shows. Parameters named in `LABEL_PARAMS` are choice labels (a status, a decision, an answer):
callers pass them as their Dutch source text (a lazy label is stored that way by `services.notify`), and they are
translated here, when read.

Optional parameters (a note, a reason) come with a sentence of their own in `extras`, shown only when given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

#: Parameters that hold a choice label in Dutch; translated into the reader's language when rendered.
LABEL_PARAMS = frozenset({"status", "decision", "answer", "kind", "what"})

#: Labels stored by notifications written before the plain-Dutch labels (issue #14), read as their new wording.
RENAMED_LABELS = {
    "besloten: ja": "goedgekeurd",
    "besloten: nee": "niet goedgekeurd",
    "advies gevraagd aan de portefeuillehouder": "advies gevraagd aan de wethouder van het onderwerp",
    "melding of behoefte": "melding",
}


@dataclass(frozen=True)
class Event:
    subject: Promise
    body: Promise
    params: tuple[str, ...]
    #: (parameter, sentence) pairs: the sentence is added to the body only when the parameter has a value.
    extras: tuple[tuple[str, Promise], ...] = field(default=())


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    lines: tuple[str, ...]


CATALOGUE: dict[str, Event] = {
    "item.submitted": Event(
        _("Nieuwe inbreng in %(district)s: %(title)s"),
        _("In de wijk %(district)s is nieuwe inbreng binnengekomen: ‘%(title)s’. Bekijk hem en zet hem door."),
        ("title", "district"),
    ),
    "item.received": Event(
        _("Ontvangen, nummer %(number)s: %(title)s"),
        _("Dank u wel. Wij hebben uw %(kind)s ‘%(title)s’ ontvangen onder nummer %(number)s. Eerst kijkt een "
          "moderator of het op de site mag. Binnen %(days)s werkdagen bekijkt het wijkteam het. U krijgt bericht bij "
          "elke stap; via de link hieronder ziet u altijd hoe het ervoor staat."),
        ("title", "number", "kind", "days"),
    ),
    "comment.published": Event(
        _("Uw reactie staat op de site: %(title)s"),
        _("Uw reactie bij ‘%(title)s’ is gecontroleerd en staat nu op de site."),
        ("title",),
    ),
    "flag.new": Event(
        _("Misbruik gemeld: %(title)s"),
        _("Een inwoner meldt misbruik bij ‘%(title)s’: %(what)s. Bekijk het en handel de melding af."),
        ("title", "what"),
    ),
    "item.published": Event(
        _("Gepubliceerd: %(title)s"),
        _("‘%(title)s’ staat nu op de site. Anderen kunnen hem steunen en volgen."),
        ("title",),
    ),
    "item.rejected": Event(
        _("Niet geplaatst: %(title)s"),
        _("Uw idee of melding ‘%(title)s’ is niet op de site geplaatst."),
        ("title", "reason"),
        extras=(("reason", _("De reden: %(reason)s")),),
    ),
    "item.status_changed": Event(
        _("Er is iets veranderd: %(title)s"),
        _("‘%(title)s’ is nu: %(status)s."),
        ("title", "status", "note"),
        extras=(("note", _("Toelichting: %(note)s")),),
    ),
    "item.advice_requested": Event(
        _("Advies gevraagd: %(title)s"),
        _("Als portefeuillehouder %(portfolio)s wordt u om advies gevraagd over ‘%(title)s’ in de wijk "
          "%(district)s. Het wijkteam kan pas besluiten als u hebt geantwoord."),
        ("title", "district", "portfolio", "question", "requested"),
        extras=(("requested", _("Gevraagd: %(requested)s")), ("question", _("De vraag: %(question)s"))),
    ),
    "item.advice_withdrawn": Event(
        _("Adviesvraag vervallen: %(title)s"),
        _("Bij ‘%(title)s’ is een ander verzoek gevoegd: ‘%(merged)s’. Uw advies over ‘%(title)s’ telt daarom niet "
          "meer voor het besluit; het wijkteam vraagt u opnieuw om advies over het geheel."),
        ("title", "merged", "requested"),
        extras=(("requested", _("Nu gevraagd: %(requested)s")),),
    ),
    "item.advice_answered": Event(
        _("Advies gegeven: %(title)s"),
        _("De portefeuillehouder %(portfolio)s heeft advies gegeven over ‘%(title)s’: %(answer)s."),
        ("title", "portfolio", "answer", "reasoning"),
        extras=(("reasoning", _("Toelichting: %(reasoning)s")),),
    ),
    "item.decided": Event(
        _("Besluit over %(title)s"),
        _("Het wijkteam heeft ‘%(title)s’ %(decision)s. Op de pagina leest u wat er nu gebeurt."),
        ("title", "decision", "reason"),
        extras=(("reason", _("De reden: %(reason)s")),),
    ),
    "item.done": Event(
        _("Afgerond: %(title)s"),
        _("‘%(title)s’ is afgerond. Is het echt opgelost? Laat het ons weten op de pagina ervan."),
        ("title",),
    ),
    "item.reopened": Event(
        _("Heropend: %(title)s"),
        _("‘%(title)s’ is heropend: volgens een inwoner is het nog niet opgelost."),
        ("title", "comment"),
        extras=(("comment", _("De inwoner schrijft: %(comment)s")),),
    ),
    "item.merged": Event(
        _("Samengevoegd: %(title)s"),
        _("‘%(title)s’ is samengevoegd met ‘%(into_title)s’. Daar gaat het verder; u volgt dat nu."),
        ("title", "into_title"),
    ),
    "comment.pending": Event(
        _("Reactie wacht op moderatie: %(title)s"),
        _("Er is een nieuwe reactie bij ‘%(title)s’. Beoordeel haar voordat anderen haar zien."),
        ("title",),
    ),
    "comment.approved": Event(
        _("Nieuwe reactie: %(title)s"),
        _("Er staat een nieuwe reactie bij ‘%(title)s’."),
        ("title",),
    ),
    "comment.rejected": Event(
        _("Reactie niet geplaatst: %(title)s"),
        _("Uw reactie bij ‘%(title)s’ is niet geplaatst."),
        ("title", "reason"),
        extras=(("reason", _("De reden: %(reason)s")),),
    ),
    "activity.changed": Event(
        _("Gewijzigd: %(title)s"),
        _("De activiteit ‘%(title)s’ is gewijzigd."),
        ("title", "when", "place", "change"),
        extras=(("change", _("Wat er verandert: %(change)s")), ("when", _("Wanneer: %(when)s")),
                ("place", _("Waar: %(place)s"))),
    ),
    "activity.cancelled": Event(
        _("Gaat niet door: %(title)s"),
        _("De activiteit ‘%(title)s’ op %(when)s gaat niet door."),
        ("title", "when", "reason"),
        extras=(("reason", _("De reden: %(reason)s")),),
    ),
    "activity.waitlist_promoted": Event(
        _("U kunt erbij zijn: %(title)s"),
        _("Er is een plaats vrijgekomen: u staat nu ingeschreven voor ‘%(title)s’ op %(when)s. Kunt u toch niet, "
          "meld u dan af zodat een ander kan komen."),
        ("title", "when"),
    ),
    "meeting_request.new": Event(
        _("Inwoners nodigen u uit in %(district)s: %(topic)s"),
        _("Inwoners van %(district)s vragen om een kennismaking: ‘%(topic)s’ (%(kind)s)."),
        ("topic", "district", "kind"),
    ),
    "meeting_request.pending": Event(
        _("Uitnodiging wacht op controle in %(district)s: %(topic)s"),
        _("Inwoners van %(district)s nodigen de wijkwethouder uit: ‘%(topic)s’ (%(kind)s). Kijk of de uitnodiging "
          "op de site mag; daarna kunnen anderen haar steunen."),
        ("topic", "district", "kind"),
    ),
    "meeting_request.published": Event(
        _("Uw uitnodiging staat op de site: %(topic)s"),
        _("Uw uitnodiging ‘%(topic)s’ is gecontroleerd en staat nu op de site. Andere inwoners van %(district)s "
          "kunnen haar steunen; het wijkteam laat weten wat ermee gebeurt."),
        ("topic", "district"),
    ),
    "meeting_request.rejected": Event(
        _("Uitnodiging niet geplaatst: %(topic)s"),
        _("Uw uitnodiging ‘%(topic)s’ is niet op de site geplaatst."),
        ("topic", "reason"),
        extras=(("reason", _("De reden: %(reason)s")),),
    ),
    "meeting_request.planned": Event(
        _("Ingepland: %(topic)s"),
        _("Het verzoek ‘%(topic)s’ dat u steunde, is ingepland: ‘%(title)s’ op %(when)s."),
        ("topic", "title", "when"),
    ),
    "meeting_request.declined": Event(
        _("Niet ingepland: %(topic)s"),
        _("Het verzoek ‘%(topic)s’ wordt niet ingepland."),
        ("topic", "response"),
        extras=(("response", _("Het antwoord: %(response)s")),),
    ),
    "action.assigned": Event(
        _("Vervolgactie voor u: %(what)s"),
        _("Na ‘%(title)s’ is afgesproken dat u dit oppakt: ‘%(what)s’, klaar op %(due)s."),
        ("what", "title", "due"),
    ),
    "action.overdue": Event(
        _("Over tijd: %(what)s"),
        _("De vervolgactie ‘%(what)s’ (na ‘%(title)s’) had op %(due)s klaar moeten zijn. Rond hem af of spreek een "
          "nieuwe datum af."),
        ("what", "title", "due"),
    ),
    # District budgets: the submitter and followers of a proposal's item are told of each step.
    "budget.proposal_promoted": Event(
        _("Uw idee is een voorstel: %(title)s"),
        _("Het wijkteam heeft ‘%(title)s’ een voorstel voor het wijkbudget ‘%(round)s’ gemaakt. De gemeente bekijkt "
          "of het kan en wat het kost."),
        ("title", "round"),
    ),
    "budget.proposal_feasible": Event(
        _("Voorstel haalbaar: %(title)s"),
        _("De gemeente vindt ‘%(title)s’ haalbaar. Het kost volgens de gemeente %(cost)s."),
        ("title", "cost", "reason"),
        extras=(("reason", _("Toelichting: %(reason)s")),),
    ),
    "budget.proposal_not_feasible": Event(
        _("Voorstel niet haalbaar: %(title)s"),
        _("De gemeente vindt ‘%(title)s’ niet haalbaar. Het komt niet op het stembiljet."),
        ("title", "reason"),
        extras=(("reason", _("De reden: %(reason)s")),),
    ),
    "budget.proposal_merged": Event(
        _("Voorstel samengevoegd: %(title)s"),
        _("‘%(title)s’ is samengevoegd met ‘%(into_title)s’. Daar gaat het verder; u volgt dat voorstel nu."),
        ("title", "into_title", "reason"),
        extras=(("reason", _("De reden: %(reason)s")),),
    ),
    "budget.proposal_withdrawn": Event(
        _("Voorstel ingetrokken: %(title)s"),
        _("‘%(title)s’ is ingetrokken. Het komt niet op het stembiljet."),
        ("title", "reason"),
        extras=(("reason", _("De reden: %(reason)s")),),
    ),
    "budget.proposal_admitted": Event(
        _("Op het stembiljet: %(title)s"),
        _("‘%(title)s’ staat op het stembiljet van ‘%(round)s’. Het kost %(cost)s. Bewoners kunnen erop stemmen "
          "als het stemmen begint."),
        ("title", "round", "cost"),
    ),
    "budget.proposal_selected": Event(
        _("Gekozen: %(title)s"),
        _("‘%(title)s’ is gekozen in ‘%(round)s’. De gemeente gaat het uitvoeren; u krijgt bericht van elke stap."),
        ("title", "round", "reason"),
        extras=(("reason", _("Uitleg: %(reason)s")),),
    ),
    "budget.proposal_not_selected": Event(
        _("Niet gekozen: %(title)s"),
        _("‘%(title)s’ is niet gekozen in ‘%(round)s’."),
        ("title", "round", "reason"),
        extras=(("reason", _("Uitleg: %(reason)s")),),
    ),
    "budget.voting_open": Event(
        _("Stemmen is begonnen: %(round)s"),
        _("U kunt nu stemmen in ‘%(round)s’, ook op ‘%(title)s’. Dat kan tot en met %(until)s."),
        ("title", "round", "until"),
    ),
    "budget.realisation": Event(
        _("Nieuws over de uitvoering: %(title)s"),
        _("De uitvoering van ‘%(title)s’ is nu: %(status)s."),
        ("title", "status", "text"),
        extras=(("text", _("Bericht: %(text)s")),),
    ),
}

GENERIC = Event(
    _("Nieuw bericht: %(title)s"),
    _("Er is iets veranderd bij ‘%(title)s’."),
    ("title",),
)
GENERIC_UNTITLED = Event(_("Nieuw bericht"), _("Er is iets veranderd. Bekijk het op de site."), ())


class _Params(dict):
    """Parameters for %-formatting: a missing one renders empty instead of raising KeyError."""

    def __missing__(self, key: str) -> str:
        return ""


def _values(params: Mapping[str, Any] | None) -> _Params:
    values = _Params()
    for key, value in (params or {}).items():
        text = "" if value is None else str(value)
        if key in LABEL_PARAMS and text:
            text = gettext(RENAMED_LABELS.get(text, text))
        values[str(key)] = text
    return values


def _format(template: Promise, values: _Params) -> str:
    text = str(template)
    try:
        return text % values
    except (TypeError, ValueError):  # a translation with a broken placeholder: show it unformatted, never crash
        return text


def event_for(event: str, params: Mapping[str, Any] | None = None) -> Event:
    known = CATALOGUE.get(event)
    if known is not None:
        return known
    return GENERIC if params and params.get("title") else GENERIC_UNTITLED


def render(event: str, params: Mapping[str, Any] | None = None) -> Rendered:
    """Subject and body of a notification in the active language."""
    definition = event_for(event, params)
    values = _values(params)
    subject = " ".join(_format(definition.subject, values).split())  # one line: it becomes a mail header
    lines = [_format(definition.body, values)]
    lines += [_format(sentence, values) for key, sentence in definition.extras if values.get(key, "").strip()]
    return Rendered(subject=subject, body="\n\n".join(lines), lines=tuple(lines))
