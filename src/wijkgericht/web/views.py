"""The pages that compose several apps: home (the districts and their aldermen), a district (its face, key
figures, alderman, items and agenda), the board and an alderman, and find my district. Thin: they read through
selectors and hand plain values to templates."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _

from wijkgericht.agenda import ical
from wijkgericht.agenda import selectors as agenda
from wijkgericht.agenda.services.common import activity_path
from wijkgericht.budgets import selectors as budgets
from wijkgericht.districts import lookup, selectors
from wijkgericht.districts.models import Municipality
from wijkgericht.districts.paths import district_path, page_path
from wijkgericht.districts.postcodes import POSTCODE, normalise_postcode, parse_house_number
from wijkgericht.evaluation.selectors import decisions as evaluation
from wijkgericht.frame.context import base_context, municipality_or_404
from wijkgericht.frame.pagecache import cached_page
from wijkgericht.governance import selectors as governance
from wijkgericht.governance.models import Alderman
from wijkgericht.participation import selectors as participation
from wijkgericht.web import keyfigures


def contact_url(place: Municipality) -> str | None:
    """The municipality's contact page (sitepages), or None on a site without it."""
    try:
        return page_path("sitepages:contact", place)
    except NoReverseMatch:
        return None


@cached_page(municipality_or_404, personal_slots=True)
def home(request: HttpRequest, municipality: str | None = None, place: Municipality | None = None) -> HttpResponse:
    place = place or municipality_or_404(municipality)
    context = base_context(place, "home")
    board = context["board"]
    context["districts"] = [
        {"district": d, "url": district_path(d, place), "alderman": board.alderman_of(d.pk),
         "inhabitants": keyfigures.display(d.key_figures.get("aantal_inwoners"))}
        for d in selectors.district_list(municipality=place)
    ]
    return render(request, "web/home.html", context)


@cached_page(municipality_or_404, personal_slots=True)
def districts(request: HttpRequest, municipality: str | None = None,
              place: Municipality | None = None) -> HttpResponse:
    """/wijken/: every district with its alderman, neighbourhoods, inhabitants and the ways into its pages."""
    place = place or municipality_or_404(municipality)
    context = base_context(place)
    board = context["board"]
    names = selectors.neighbourhood_names(municipality=place)
    counts = participation.public_item_counts(municipality=place)
    rows = []
    for d in selectors.district_list(municipality=place):
        alderman = board.alderman_of(d.pk)
        rows.append({
            "district": d, "url": district_path(d, place), "neighbourhoods": names.get(d.pk, []),
            "inhabitants": (keyfigures.display(d.key_figures["aantal_inwoners"])
                            if d.key_figures.get("aantal_inwoners") is not None else None),
            "alderman": alderman,
            "alderman_url": page_path("alderman", place, slug=alderman.slug) if alderman else None,
            "item_count": counts.get(d.pk, 0),
            "items_url": page_path("district_items", place, slug=d.slug),
            "agenda_url": page_path("agenda:district_agenda", place, slug=d.slug),
        })
    context.update({"districts": rows, "items_url": page_path("items", place)})
    return render(request, "web/districts.html", context)


@cached_page(municipality_or_404, personal_slots=True)
def district(request: HttpRequest, slug: str, municipality: str | None = None,
             place: Municipality | None = None) -> HttpResponse:
    place = place or municipality_or_404(municipality)
    context = base_context(place)
    item = selectors.district_by_slug(municipality=place, slug=slug)
    if item is None:
        raise Http404(_("Deze wijk bestaat niet."))
    assignment = context["board"].assignments.get(item.pk)
    alderman = assignment.alderman if assignment else None
    context.update({
        "district": item,
        "neighbourhoods": selectors.district_neighbourhoods(district=item),
        "assignment": assignment,
        "alderman": alderman,
        "alderman_url": page_path("alderman", place, slug=alderman.slug) if alderman else None,
        "holdings": governance.alderman_holdings(alderman=alderman) if alderman else [],
        "summary_rows": keyfigures.summary_rows(item.key_figures),
        "age_rows": keyfigures.age_rows(item.key_figures),
        "history": governance.district_history(district_id=item.pk),
        "items": [{"item": i, "url": page_path("item", place, slug=item.slug, item_id=i.pk)}
                  for i in participation.public_items(district=item, limit=10)],
        "items_url": page_path("district_items", place, slug=item.slug),
        # Public partner fields only (never contact persons); every agenda write raises content_version, so the
        # cached page stays current.
        "partners": agenda.district_partners(district=item),
        "agenda_items": agenda.district_agenda(district=item),
        "activities": [{"activity": a, "url": activity_path(a)}
                       for a in agenda.public_activities(municipality=place, district=item)[:3]],
        "reports": [{"activity": a, "url": activity_path(a)} for a in agenda.published_reports(district=item)],
        "district_agenda_url": page_path("agenda:district_agenda", place, slug=item.slug),
        "feed_url": ical.district_feed_path(item),
        "districts_url": page_path("districts", place),
        "invite_url": page_path("agenda:invite", place, slug=item.slug),
        # The district's budget rounds and its chosen projects with how far their realisation is.
        "budget_rounds": [{"round": r, "url": budgets.round_path(r)} for r in budgets.district_rounds(district=item)],
        "realisations": budgets.district_realisations(district=item),
        # The college's public decisions from the evaluation about this district or the whole municipality (a
        # decision's writes raise content_version, so the cached page follows).
        "decisions": list(evaluation.district_decisions(district=item, public_only=True)),
        "evaluation_url": page_path("evaluation:dashboard", place),
    })
    return render(request, "web/district.html", context)


@cached_page(municipality_or_404, personal_slots=True)
def alderman(request: HttpRequest, slug: str, municipality: str | None = None,
             place: Municipality | None = None) -> HttpResponse:
    place = place or municipality_or_404(municipality)
    context = base_context(place)
    person = Alderman.objects.filter(municipality=place, slug=slug).prefetch_related("terms").first()
    if person is None:
        raise Http404(_("Deze wethouder bestaat niet."))
    assignments = governance.alderman_assignments(alderman=person, on=context["reference_date"])
    context.update({
        "alderman": person,
        "holdings": governance.alderman_holdings(alderman=person),
        "assignments": [{"assignment": a, "url": district_path(a.district, place),
                         "invite_url": page_path("agenda:invite", place, slug=a.district.slug)} for a in assignments],
        # Upcoming public activities they host (every agenda write raises content_version: the cache follows).
        "activities": [{"activity": a, "url": activity_path(a)} for a in
                       agenda.public_activities(municipality=place, alderman_id=person.pk)[:5]],
        "agenda_url": page_path("agenda:agenda", place),
        "feed_url": ical.alderman_feed_path(person),
        "contact_url": contact_url(place),
    })
    return render(request, "web/alderman.html", context)


@cached_page(municipality_or_404, personal_slots=True)
def board(request: HttpRequest, municipality: str | None = None, place: Municipality | None = None) -> HttpResponse:
    place = place or municipality_or_404(municipality)
    context = base_context(place, "board")
    members = governance.board(term=context["term"]) if context["term"] else Alderman.objects.none()
    context["members"] = [
        {"alderman": a, "url": page_path("alderman", place, slug=a.slug),
         "holdings": governance.alderman_holdings(alderman=a),
         "districts": governance.alderman_assignments(alderman=a, on=context["reference_date"])}
        for a in members
    ]
    return render(request, "web/board.html", context)


def find(request: HttpRequest, municipality: str | None = None) -> HttpResponse:
    """Find my district: by postcode and house number, or by a point picked on the map (lat/lon)."""
    place = municipality_or_404(municipality)
    context = base_context(place, "find")
    context["has_addresses"] = selectors.has_address_table(municipality=place)
    errors: dict[str, str] = {}
    found = None
    query = request.GET
    if "postcode" in query or "huisnummer" in query:
        postcode = normalise_postcode(query.get("postcode", ""))
        number = parse_house_number(query.get("huisnummer"))
        if not POSTCODE.match(postcode):
            errors["postcode"] = _("Vul een postcode in als 1234 AB.")
        if number is None:
            errors["huisnummer"] = _("Vul een huisnummer in, bijvoorbeeld 12.")
        if not errors:
            neighbourhood = selectors.address_neighbourhood(municipality=place, postcode=postcode, number=number)
            if neighbourhood is not None:
                found = lookup.place_of(municipality=place, neighbourhood_code=neighbourhood.code)
            if found is None:
                errors["form"] = (_("Dit adres kennen we niet in %s. Controleer postcode en huisnummer, "
                                    "of kies uw wijk in de lijst.") % place.name if context["has_addresses"] else
                                  _("Zoeken op adres kan nog niet: de postcodetabel is niet geladen. "
                                    "Kies uw wijk op de kaart of in de lijst."))
    elif "lat" in query or "lon" in query:
        try:
            lat, lon = lookup.parse_point(query.get("lat"), query.get("lon"))
        except lookup.InvalidPoint as exc:
            errors["form"] = str(exc)
        else:
            found = lookup.place_at(municipality=place, lat=lat, lon=lon)
            if found is None:
                errors["form"] = _("Dit punt ligt niet in gemeente %s.") % place.name
    if found is not None and found.district_id is not None:
        context["found"] = {"place": found, "alderman": context["board"].alderman_of(found.district_id)}
    context["errors"] = errors
    context["values"] = {"postcode": query.get("postcode", ""), "huisnummer": query.get("huisnummer", "")}
    return render(request, "web/find.html", context, status=400 if errors and "form" not in errors else 200)
