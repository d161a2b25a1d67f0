"""Finding a municipality's public items (/inbreng/): words in the title and text, filters and an order.

PostgreSQL searches with its Dutch full-text configuration: words are stemmed ("bomen" finds "boom", "lantaarnpalen"
finds "lantaarnpaal"), a title counts more than the text, and quotes, "or" and a leading minus work as on a search
engine (websearch_to_tsquery). A GIN index on the same text vector (migration 0010) makes that an index scan:
the expression here and there must stay the same (tests/test_search checks it; bench/participation/bench_search.py
measures it). Other databases (the embedded SQLite) fall back to: every word appears in the title or the text, as
written (no stemming). Only what moderation let through, never who submitted it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Q, QuerySet

from wijkgericht.core.support import support_counts
from wijkgericht.districts.models import Municipality
from wijkgericht.participation.models import Item, Support
from wijkgericht.participation.selectors import OPEN_STATUSES, PUBLIC_STATUSES

# The orders a resident can choose; "relevance" only means something with words (and ranks only on PostgreSQL).
RELEVANCE, NEWEST, SUPPORT, CHANGED = "relevance", "newest", "support", "changed"
SORTS = (RELEVANCE, NEWEST, SUPPORT, CHANGED)
MAX_WORDS = 10        # more words add nothing to a search for a title, and keep the fallback's query small
MAX_LENGTH = 200      # characters of a search read; the rest is ignored
FULL_TEXT_CONFIG = "dutch"


@dataclass(frozen=True)
class ItemSearch:
    """What a resident asked for; every part optional. Values are checked against the choices by the caller."""

    words: str = ""
    district: str = ""       # district slug
    kind: str = ""
    theme: str = ""          # theme slug
    status: str = ""         # a workflow status, or "open"/"closed"
    sort: str = ""           # one of SORTS; empty: relevance with words, else newest

    @property
    def order(self) -> str:
        if self.sort in SORTS and (self.sort != RELEVANCE or self.cleaned_words):
            return self.sort
        return RELEVANCE if self.cleaned_words else NEWEST

    @property
    def cleaned_words(self) -> str:
        return " ".join(self.words[:MAX_LENGTH].split())


def full_text() -> bool:
    """Whether this database searches with stemming and ranking (PostgreSQL), or the simple fallback."""
    return connection.vendor == "postgresql"


def _fallback_words(text: str) -> list[str]:
    return re.findall(r"\w+", text, re.UNICODE)[:MAX_WORDS]


def public_item_search(*, municipality: Municipality, search: ItemSearch) -> QuerySet[Item]:
    """The ids of the municipality's public items that match, in the chosen order (a values_list of pks, cheap
    to count and to page through; `public_items_by_ids` reads a page's rows)."""
    items = Item.objects.filter(municipality=municipality, status__in=PUBLIC_STATUSES, merged_into__isnull=True)
    if search.district:
        items = items.filter(district__slug=search.district)
    if search.kind:
        items = items.filter(kind=search.kind)
    if search.theme:
        items = items.filter(theme__slug=search.theme)
    if search.status == "open":
        items = items.filter(status__in=OPEN_STATUSES)
    elif search.status == "closed":
        items = items.exclude(status__in=OPEN_STATUSES)
    elif search.status:
        items = items.filter(status=search.status)
    words = search.cleaned_words
    ranked = False
    if words and full_text():
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = (SearchVector("title", weight="A", config=FULL_TEXT_CONFIG)
                  + SearchVector("description", weight="B", config=FULL_TEXT_CONFIG))
        query = SearchQuery(words, config=FULL_TEXT_CONFIG, search_type="websearch")
        items = items.annotate(document=vector).filter(document=query).annotate(rank=SearchRank(vector, query))
        ranked = True
    elif words:
        for word in _fallback_words(words):
            items = items.filter(Q(title__icontains=word) | Q(description__icontains=word))
    order = search.order
    if order == SUPPORT:
        items = items.annotate(support_count=support_counts(Support)).order_by("-support_count", "-created_at", "-pk")
    elif order == CHANGED:
        items = items.order_by("-status_changed_at", "-pk")
    elif order == RELEVANCE and ranked:
        items = items.order_by(F("rank").desc(), "-created_at", "-pk")
    else:
        items = items.order_by("-created_at", "-pk")
    return items.values_list("pk", flat=True)
