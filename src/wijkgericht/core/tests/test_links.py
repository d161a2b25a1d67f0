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


# Without WIJKGERICHT_SITE_URL (SITE_URL_SET false) links use the address the site is served on (issue #14).

@pytest.mark.django_db
def test_unset_site_url_mail_links_use_the_served_address(client, settings, mailoutbox,
                                                          django_capture_on_commit_callbacks):
    from django.core.cache import cache

    from wijkgericht.core.links import SERVED_ON_KEY

    settings.SITE_URL_SET = False
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.ALLOWED_HOSTS = ["wijk.test.example"]
    cache.delete(SERVED_ON_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/account/registreren/", {
            "email": "nieuw@example.nl", "password1": "een-lang-wachtwoord-42", "password2": "een-lang-wachtwoord-42",
            "consent": "on"}, HTTP_HOST="wijk.test.example")
    assert response.status_code == 302
    body = mailoutbox[-1].body
    assert "http://wijk.test.example/account/" in body
    assert "127.0.0.1:8000" not in body
    # outside a request (a mail task, the digest): the address the site was last served on
    assert absolute_url("/berichten/") == "http://wijk.test.example/berichten/"


@pytest.mark.django_db
def test_set_site_url_wins_over_the_served_address(client, settings):
    from django.core.cache import cache

    from wijkgericht.core.links import SERVED_ON_KEY, site_address

    settings.SITE_URL_SET = True
    settings.SITE_URL = "https://wijken.example.nl"
    cache.set(SERVED_ON_KEY, "http://elders.example.org")
    assert site_address() == "https://wijken.example.nl"
    cache.delete(SERVED_ON_KEY)

