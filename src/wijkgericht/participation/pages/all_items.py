"""All ideas and reports of a municipality (/inbreng/): search, filters, an order and a map of the page's items.
Thin: the form checks the choices, participation.search finds."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from wijkgericht.districts import selectors
from wijkgericht.districts.models import District, Municipality
from wijkgericht.districts.paths import page_path
from wijkgericht.frame.context import base_context, municipality_or_404
from wijkgericht.frame.pagecache import cached_page
from wijkgericht.participation import search
from wijkgericht.participation import selectors as participation
from wijkgericht.participation.forms import ItemSearchForm
from wijkgericht.participation.models import STATUS_LABELS, Theme

PER_PAGE = 25


def status_choices() -> list[tuple[str, str]]:
    """The public lists' status filter: open or closed, then each public status."""
    return [("open", _("lopend")), ("closed", _("afgerond"))] + [
        (s, str(STATUS_LABELS[s])) for s in participation.PUBLIC_STATUSES]


def theme_choices(place: Municipality) -> list[tuple[str, str]]:
    return [(t.slug, t.label) for t in Theme.objects.filter(municipality=place).order_by("order", "name")]


ITEMS_PARAMS = ("q", "district", "kind", "theme", "status", "sort", "pagina")  # ItemSearchForm's, and the page


@cached_page(municipality_or_404, params=ITEMS_PARAMS, personal_slots=True)
def items(request: HttpRequest, municipality: str | None = None, place: Any = None) -> HttpResponse:
    place = place or municipality_or_404(municipality)
    areas = list(selectors.district_list(municipality=place))
    form = ItemSearchForm(request.GET or None, districts=[(d.slug, d.name) for d in areas],
                          themes=theme_choices(place), statuses=status_choices())
    chosen = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    asked = search.ItemSearch(words=chosen.pop("q", ""), **chosen)
    ids = search.public_item_search(municipality=place, search=asked)
    page = Paginator(ids, PER_PAGE).get_page(request.GET.get("pagina"))
    rows = participation.public_items_by_ids(list(page.object_list))
    # Every district of the municipality, also one of an older division that an item still belongs to.
    known = {pk: (slug, name) for pk, slug, name in
             District.objects.filter(municipality=place).values_list("pk", "slug", "name")}
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(request, "participation/items.html", {
        **base_context(place, "items"), "form": form, "page": page, "query": query.urlencode(),
        "words": asked.cleaned_words, "filtered": bool(asked.cleaned_words or chosen),
        "full_text": search.full_text(),
        "rows": [{"item": i, "district_name": known[i.district_id][1],
                  "url": page_path("item", place, slug=known[i.district_id][0], item_id=i.pk)} for i in rows],
        "items_url": page_path("items", place),
        "submit_url": page_path("submit", place),
    })
