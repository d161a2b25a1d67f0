"""core.links.absolute_url: one way to make the site's links absolute (mail, calendar feeds, account links)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from wijkgericht.core.links import absolute_url


@pytest.mark.parametrize("site", ["https://wijken.example.nl", "https://wijken.example.nl/"])
@pytest.mark.parametrize("path", ["/account/", "account/", "//account/"])
def test_one_slash_between_site_and_path(site, path):
    with override_settings(SITE_URL=site):
        assert absolute_url(path) == "https://wijken.example.nl/account/"


@override_settings(SITE_URL="https://wijken.example.nl")
def test_the_root_and_a_query_string():
    assert absolute_url("") == "https://wijken.example.nl/"
    assert absolute_url("/") == "https://wijken.example.nl/"
    assert absolute_url("/activiteiten/3/?taal=nl") == "https://wijken.example.nl/activiteiten/3/?taal=nl"


@override_settings(SITE_URL="https://wijken.example.nl")
@pytest.mark.parametrize("url", ["https://elders.example.org/a", "http://elders.example.org/a",
                                 "HTTPS://elders.example.org/a"])
def test_an_absolute_address_is_kept(url):
    assert absolute_url(url) == url


@override_settings(SITE_URL="https://wijken.example.nl/gemeente")
def test_a_site_under_a_path_keeps_it():
    assert absolute_url("/account/") == "https://wijken.example.nl/gemeente/account/"
