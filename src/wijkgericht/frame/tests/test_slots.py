"""frame.slots.fill (plain text) and the anonymous twin a kept page is rendered for (frame.pagecache)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from wijkgericht.frame.pagecache import _touched, anonymous_twin
from wijkgericht.frame.slots import MissingSlot, fill


def test_fill_replaces_what_stands_in_each_slot():
    page = "<p><!--slot:account-->anonymous<!--/slot:account--></p><!--slot:messages--><!--/slot:messages-->x"
    assert fill(page, {"account": "Jan", "messages": "<b>Dank</b>"}) == (
        "<p><!--slot:account-->Jan<!--/slot:account--></p><!--slot:messages--><b>Dank</b><!--/slot:messages-->x")


def test_fill_touches_only_the_first_slot_of_a_name():
    page = "<!--slot:a-->1<!--/slot:a--> <!--slot:a-->2<!--/slot:a-->"
    assert fill(page, {"a": "X"}) == "<!--slot:a-->X<!--/slot:a--> <!--slot:a-->2<!--/slot:a-->"


@pytest.mark.parametrize("page", ["no slots", "<!--slot:a-->open only", "<!--/slot:a--><!--slot:a-->reversed"])
def test_a_page_without_the_slot_is_refused(page):
    with pytest.raises(MissingSlot):
        fill(page, {"a": "X"})


def test_the_twin_keeps_the_address_and_drops_everything_of_the_visitor(settings):
    request = RequestFactory().get("/inbreng/?q=bank", HTTP_COOKIE="sessionid=abc; csrftoken=def",
                                   HTTP_AUTHORIZATION="Token x", HTTP_ACCEPT_LANGUAGE="en")
    request.user = object()
    request.META["CSRF_COOKIE"] = "def"
    request._wijkgericht_scope = ("someone", "scope")
    request.LANGUAGE_CODE = "nl"
    twin = anonymous_twin(request)
    assert twin.get_full_path() == "/inbreng/?q=bank" and twin.LANGUAGE_CODE == "nl"
    assert twin.COOKIES == {} and "Cookie" not in twin.headers and "Authorization" not in twin.headers
    assert "CSRF_COOKIE" not in twin.META and twin.environ is twin.META
    assert twin.user.is_anonymous and not hasattr(twin, "_wijkgericht_scope")
    assert twin.session.session_key is None and not _touched(twin)
    twin.session.get("anything")
    assert _touched(twin)
    assert request.META["HTTP_COOKIE"] and request.COOKIES["sessionid"] == "abc"  # the request itself is as it was
