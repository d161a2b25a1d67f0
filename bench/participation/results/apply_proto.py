"""Apply the measured prototype to a THROWAWAY copy of src (never the repository):

    cp -r src /tmp/proto-src && python3 bench/participation/results/apply_proto.py /tmp/proto-src

The index is not part of it; create it in the bench database by hand (see results/README.md).
"""

import sys
from pathlib import Path

root = Path(sys.argv[1]) / "wijkgericht"


def patch(p: str, old: str, new: str) -> None:
    text = (root / p).read_text()
    assert old in text, (p, old[:60])
    (root / p).write_text(text.replace(old, new))


patch("participation/selectors.py", "from django.db.models import Count, Q, QuerySet\n",
      "from django.db.models import Count, OuterRef, Q, QuerySet, Subquery\nfrom django.db.models.functions import Coalesce\n")
patch("participation/selectors.py", "from wijkgericht.participation.models import AdviceRequest, Comment, Item, StatusChange\n",
      "from wijkgericht.participation.models import AdviceRequest, Comment, Item, StatusChange, Support\n")
patch("participation/selectors.py", '''             .select_related("theme", "neighbourhood").defer("description")
             .annotate(support_count=Count("supports", distinct=True)).order_by("-created_at", "-pk"))
    f = filters''', '''             .select_related("theme", "neighbourhood")
             .defer("description", "neighbourhood__geometry", "neighbourhood__key_figures")
             .annotate(support_count=Coalesce(Subquery(
                 Support.objects.filter(item=OuterRef("pk")).order_by().values("item").annotate(n=Count("*"))
                 .values("n")), 0))
             .order_by("-created_at", "-pk"))
    f = filters''')
patch("web/resident_views.py", '.only("code", "name")]', '.only("code", "name", "district_id")]')
patch("web/resident_views.py", '''    page = Paginator(items, PER_PAGE).get_page(request.GET.get("pagina"))
''', '''    # PROTOTYPE (deferred join): paginate over ids only (index-only scan), then load the page's 25 rows by pk.
    page = Paginator(items.values_list("pk", flat=True), PER_PAGE).get_page(request.GET.get("pagina"))
    by_pk = items.filter(pk__in=list(page.object_list)).in_bulk()
    page.object_list = [by_pk[pk] for pk in page.object_list]
''')
patch("districts/lookup.py", "    return municipality.geo_version, municipality.content_version\n",
      "    return municipality.geo_version, 0  # PROTOTYPE: item writes no longer rebuild the index\n")
