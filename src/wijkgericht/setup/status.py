"""How far a municipality's set-up is: the steps from an empty database to a site residents can use, in order, each
with its state. Plain data (no requests, no URLs resolved): the set-up page, the `setup_status` command and the
system check all show the same answer.

The order is the order in which the back office lets things be made: CBS areas → districts → term → portfolios →
aldermen (with their accounts) → who holds which portfolio → district aldermen → themes → staff roles → the
municipality's identity → a first item. The last two are advised, not needed. A step counts on the board's reference date (today during a term, else the last day of the last term), the
date the public pages show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext

from wijkgericht.accounts.models import StaffRole
from wijkgericht.districts import selectors as district_selectors
from wijkgericht.districts.models import District, Municipality, Neighbourhood
from wijkgericht.governance import selectors as governance_selectors
from wijkgericht.governance.models import Alderman, Portfolio, PortfolioHolding
from wijkgericht.participation.models import Item, Theme

SHOWN = 5  # names listed in a step's detail before "…"


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    explanation: str
    done: bool
    detail: str  # what was found, or what is missing
    admin_url_name: str  # where the step is done (an admin URL name, or a site URL name for the last step)
    essential: bool = True
    notes: list[str] = field(default_factory=list)  # advice that does not block the step


@dataclass(frozen=True)
class SetupStatus:
    municipality_code: str | None
    municipality_name: str | None
    reference_date: dt.date | None
    steps: list[Step]

    @property
    def done_count(self) -> int:
        return sum(step.done for step in self.steps)

    @property
    def complete(self) -> bool:
        """Every essential step done: residents can submit and someone handles it."""
        return all(step.done for step in self.steps if step.essential)

    @property
    def missing(self) -> list[Step]:
        return [step for step in self.steps if step.essential and not step.done]


def _names(objects: list) -> str:
    shown = ", ".join(str(o) for o in objects[:SHOWN])
    if len(objects) <= SHOWN:
        return shown
    return _("%(list)s en %(more)d meer") % {"list": shown, "more": len(objects) - SHOWN}


# The steps' titles and explanations, in order (B1 Dutch); the checks below fill in state and detail.
STEPS: list[tuple[str, str, str, str]] = [
    ("areas", _("Gemeente en CBS-gebieden"),
     _("Importeer de grenzen van uw gemeente, wijken en buurten van het CBS, en de kerncijfers."),
     "admin:districts_municipality_changelist"),
    ("districts", _("Wijken"),
     _("Elke buurt hoort bij een wijk. Na de import is elke CBS-wijk een wijk; u kunt buurten anders groeperen."),
     "admin:districts_district_changelist"),
    ("term", _("Collegeperiode"),
     _("Leg de collegeperiode vast, bijvoorbeeld 2026–2030, met begin- en einddatum."),
     "admin:governance_term_changelist"),
    ("portfolios", _("Portefeuilles"),
     _("Maak de portefeuilles uit het coalitieakkoord, zoals Sport of Verkeer."),
     "admin:governance_portfolio_changelist"),
    ("aldermen", _("Wethouders en hun accounts"),
     _("Voer de wethouders in, zet ze in de collegeperiode en koppel elk aan het account waarmee hij of zij "
       "inlogt."),
     "admin:governance_alderman_changelist"),
    ("holdings", _("Portefeuilleverdeling"),
     _("Geef bij elke wethouder aan welke portefeuilles hij of zij heeft in deze periode."),
     "admin:governance_alderman_changelist"),
    ("assignments", _("Wijkwethouders"),
     _("Geef elke wijk een wijkwethouder, met de datum waarop dat begint."),
     "admin:governance_districtassignment_changelist"),
    ("themes", _("Thema's"),
     _("Maak de thema's waaruit inwoners kiezen. Elk thema hoort bij een portefeuille die een wethouder heeft."),
     "admin:participation_theme_changelist"),
    ("staff", _("Rollen van medewerkers"),
     _("Geef medewerkers een rol: een wijkregisseur per wijk, een moderator en een beheerder."),
     "admin:accounts_staffrole_changelist"),
    ("identity", _("Huisstijl"),
     _("Zet het logo en de huisstijlkleur van uw gemeente, zodat inwoners zien wiens site dit is. Zonder huisstijl "
       "werkt de site ook, in de standaardkleuren."),
     "admin:districts_municipality_changelist"),
    ("first_item", _("Een eerste inbreng"),
     _("Dien zelf een proefidee in op de site, om te zien dat alles werkt."),
     "web:submit"),
]


def setup_status(*, municipality: Municipality | None) -> SetupStatus:
    """The state of every step for one municipality; None (no municipality imported yet): nothing is done."""
    facts = _Facts(municipality) if municipality is not None else None
    steps = []
    for key, title, explanation, url_name in STEPS:
        if facts is not None:
            done, detail, notes = getattr(facts, key)()
        else:
            done, detail, notes = False, _("Nog geen gemeente geïmporteerd.") if not steps else _("Eerst stap 1."), []
        steps.append(Step(key=key, title=str(title), explanation=str(explanation), done=done, detail=str(detail),
                          admin_url_name=url_name, essential=key not in OPTIONAL, notes=[str(n) for n in notes]))
    return SetupStatus(
        municipality_code=municipality.code if municipality else None,
        municipality_name=municipality.name if municipality else None,
        reference_date=facts.day if facts else None,
        steps=steps,
    )


def municipalities() -> list[Municipality]:
    """Every municipality in the database, by name (the set-up of each is checked)."""
    return list(Municipality.objects.defer("boundary").order_by("name"))


def municipality_for(code: str | None) -> Municipality | None:
    """The municipality with this CBS code; without a code, the site's default, else the only or first one."""
    if code:
        return district_selectors.municipality_by_code(code)
    return district_selectors.municipality_default() or Municipality.objects.defer("boundary").order_by("name").first()


Result = tuple[bool, str, list[str]]
OPTIONAL = {"identity", "first_item"}  # advised, not needed before residents can submit


class _Facts:
    """One municipality's steps, each a method named after its key; reads only."""

    def __init__(self, municipality: Municipality) -> None:
        self.municipality = municipality
        self.day = governance_selectors.reference_date(municipality_id=municipality.pk)
        self.board_term = governance_selectors.term_for_display(municipality_id=municipality.pk, on=self.day)
        self.district_rows = list(District.objects.filter(municipality=municipality).order_by("name"))

    def _held_portfolio_ids(self) -> set[int]:
        if self.board_term is None:
            return set()
        return set(PortfolioHolding.objects.filter(term=self.board_term).values_list("portfolio_id", flat=True))

    def areas(self) -> Result:
        year = self.municipality.division_year
        count = Neighbourhood.objects.filter(municipality=self.municipality, year=year).count() if year else 0
        if not count:
            return False, _("%(name)s bestaat, maar er zijn nog geen buurten van het CBS geïmporteerd.") % {
                "name": self.municipality.name}, []
        return True, _("%(name)s (%(code)s): %(count)d buurten uit de CBS-indeling van %(year)d.") % {
            "name": self.municipality.name, "code": self.municipality.code, "count": count, "year": year}, []

    def districts(self) -> Result:
        year = self.municipality.division_year
        loose = list(Neighbourhood.objects.filter(municipality=self.municipality, year=year, district__isnull=True)
                     .order_by("code")) if year else []
        if not self.district_rows:
            return False, _("Nog geen wijken."), []
        if loose:
            return False, _("Deze buurten horen nog bij geen wijk: %(list)s.") % {"list": _names(loose)}, []
        return True, ngettext("%(count)d wijk.", "%(count)d wijken.", len(self.district_rows)) % {
            "count": len(self.district_rows)}, []

    def term(self) -> Result:
        if self.board_term is None:
            return False, _("Nog geen collegeperiode."), []
        if governance_selectors.current_term(municipality_id=self.municipality.pk) is None:
            return True, _("%(term)s; die loopt niet meer, dus de site toont het college op %(day)s.") % {
                "term": self.board_term, "day": date_format(self.day, "j F Y")}, [
                _("Leg de nieuwe collegeperiode vast zodra die begint.")]
        return True, _("%(term)s loopt.") % {"term": self.board_term}, []

    def portfolios(self) -> Result:
        count = Portfolio.objects.filter(municipality=self.municipality).count()
        if not count:
            return False, _("Nog geen portefeuilles."), []
        return True, ngettext("%(count)d portefeuille.", "%(count)d portefeuilles.", count) % {"count": count}, []

    def aldermen(self) -> Result:
        if self.board_term is None:
            return False, _("Eerst een collegeperiode."), []
        board = list(Alderman.objects.filter(terms=self.board_term, role=Alderman.Role.ALDERMAN).order_by("name"))
        if not board:
            return False, _("Nog geen wethouders in %(term)s.") % {"term": self.board_term}, []
        linked = [a for a in board if a.user_id]
        without = [a for a in board if not a.user_id]
        notes = [_("Nog zonder account: %(list)s.") % {"list": _names(without)}] if without else []
        detail = _("Wethouders met een account: %(linked)d van %(count)d.") % {
            "linked": len(linked), "count": len(board)}
        return bool(linked), detail, notes

    def holdings(self) -> Result:
        portfolios = list(Portfolio.objects.filter(municipality=self.municipality).order_by("name"))
        if self.board_term is None or not portfolios:
            return False, _("Eerst een collegeperiode en portefeuilles."), []
        held = self._held_portfolio_ids()
        free = [p for p in portfolios if p.pk not in held]
        if free:
            return False, _("Nog zonder wethouder in %(term)s: %(list)s.") % {
                "term": self.board_term, "list": _names(free)}, []
        return True, _("Elke portefeuille heeft een wethouder."), []

    def assignments(self) -> Result:
        if not self.district_rows:
            return False, _("Eerst wijken."), []
        aldermen = governance_selectors.district_aldermen(district_ids=[d.pk for d in self.district_rows], on=self.day)
        without = [d for d in self.district_rows if d.pk not in aldermen]
        if without:
            return False, _("Nog zonder wijkwethouder op %(day)s: %(list)s.") % {
                "day": date_format(self.day, "j F Y"), "list": _names(without)}, []
        return True, _("Elke wijk heeft een wijkwethouder."), []

    def themes(self) -> Result:
        themes = list(Theme.objects.filter(municipality=self.municipality).select_related("portfolio"))
        if not themes:
            return False, _("Nog geen thema's: zonder thema kan niemand iets indienen."), []
        held = self._held_portfolio_ids()
        orphaned = [t for t in themes if t.portfolio_id not in held]
        if orphaned:
            return False, _("De portefeuille van deze thema's heeft geen wethouder, dus niemand kan advies geven: "
                            "%(list)s.") % {"list": _names(orphaned)}, []
        return True, ngettext("%(count)d thema.", "%(count)d thema's.", len(themes)) % {"count": len(themes)}, []

    def staff(self) -> Result:
        roles = StaffRole.objects.filter(municipality=self.municipality)
        covered = set(roles.filter(role=StaffRole.Role.CIVIL_SERVANT).values_list("district_id", flat=True))
        handlers = roles.filter(Q(role=StaffRole.Role.CIVIL_SERVANT) | Q(role=StaffRole.Role.MODERATOR)).count()
        without = [d for d in self.district_rows if d.pk not in covered]
        notes = [_("Nog zonder wijkregisseur: %(list)s.") % {"list": _names(without)}] if without else []
        if not roles.filter(role=StaffRole.Role.MODERATOR).exists():
            notes.append(_("Nog geen moderator voor de hele gemeente."))
        if not handlers:
            return False, _("Nog geen wijkregisseur of moderator: niemand behandelt wat inwoners indienen."), notes
        return True, _("Wijken met een wijkregisseur: %(covered)d van %(count)d.") % {
            "covered": len(self.district_rows) - len(without), "count": len(self.district_rows)}, notes

    def identity(self) -> Result:
        """Done with a logo and a brand colour: the header then shows whose site this is (issue #14)."""
        municipality = self.municipality
        missing = [label for label, value in ((_("het logo"), municipality.logo),
                                              (_("de huisstijlkleur"), municipality.brand_colour)) if not value]
        notes = []
        if not municipality.favicon:
            notes.append(_("Nog zonder eigen pictogram voor het tabblad (favicon)."))
        if not municipality.publisher_name:
            notes.append(_("Als afzender staat er ‘%(publisher)s’; vul ‘naam als afzender’ in als dat anders moet.")
                         % {"publisher": municipality.publisher})
        if missing:
            return False, _("Nog niet ingevuld: %(list)s.") % {"list": get_text_list([str(m) for m in missing], pgettext("between the last two of a list", "en"))}, notes
        return True, _("Logo en huisstijlkleur %(colour)s staan in de kop van elke pagina.") % {
            "colour": municipality.brand_colour}, notes

    def first_item(self) -> Result:
        count = Item.objects.filter(municipality=self.municipality).count()
        if not count:
            return False, _("Nog niets ingediend."), []
        return True, _("Ingediend: %(count)d.") % {"count": count}, []
