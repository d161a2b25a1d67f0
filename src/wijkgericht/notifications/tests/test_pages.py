"""The notifications pages: one's own only, marking read, and the header count."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wijkgericht.accounts.models import MailPreference
from wijkgericht.notifications.models import Notification
from wijkgericht.notifications.selectors import unread_count
from wijkgericht.notifications.services import notify

pytestmark = pytest.mark.django_db


def _tell(user, title, url="/wijk/x/inbreng/1/"):
    [notification] = notify(recipients=[user], event="item.published", params={"title": title}, url=url)
    return notification


@pytest.fixture
def me(make_user, client):
    user = make_user(MailPreference.NONE)
    client.force_login(user)
    return user


def test_list_shows_only_my_notifications_newest_first(me, make_user, client):
    _tell(me, "Eerste van mij")
    _tell(me, "Tweede van mij")
    _tell(make_user(MailPreference.NONE), "Van een ander")
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Van een ander" not in html
    assert html.index("Tweede van mij") < html.index("Eerste van mij")
    assert "notification--unread" in html


def test_list_in_english(me, client):
    _tell(me, "Bankje")
    response = client.get("/en/berichten/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html and "Bankje" in html


def test_list_is_paginated(me, client):
    Notification.objects.bulk_create([Notification(recipient=me, event="item.published", params={"title": f"N{i}"})
                                      for i in range(30)])
    first = client.get(reverse("notifications:list")).content.decode()
    second = client.get(reverse("notifications:list"), {"pagina": 2}).content.decode()
    assert first.count('class="item-list__item') == 25
    assert second.count('class="item-list__item') == 5


def test_open_marks_read_and_redirects_to_its_url(me, client):
    notification = _tell(me, "Bankje", url="/wijk/x/inbreng/42/")
    assert unread_count(me) == 1
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == "/wijk/x/inbreng/42/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert unread_count(me) == 0


def test_open_without_url_goes_to_the_list(me, client):
    notification = _tell(me, "Afgewezen", url="")
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_open_never_redirects_off_site(me, client):
    notification = _tell(me, "Elders", url="https://evil.example.com/")
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_open_needs_post(me, client):
    notification = _tell(me, "Bankje")
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_another_users_notification_is_404(me, make_user, client):
    theirs = _tell(make_user(MailPreference.NONE), "Van een ander")
    response = client.post(reverse("notifications:open", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_only_touches_mine(me, make_user, client):
    other = make_user(MailPreference.NONE)
    _tell(me, "A")
    _tell(me, "B")
    _tell(other, "C")
    response = client.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert unread_count(me) == 0 and unread_count(other) == 1


def test_unread_count_is_one_query(me, django_assert_num_queries):
    _tell(me, "A")
    with django_assert_num_queries(1):
        assert unread_count(me) == 1


def test_unread_count_of_anonymous_is_zero():
    from django.contrib.auth.models import AnonymousUser

    assert unread_count(AnonymousUser()) == 0


@pytest.mark.parametrize("method,name,args", [("get", "list", []), ("post", "mark_all_read", []),
                                              ("post", "open", [1])])
def test_anonymous_is_sent_to_log_in(client, method, name, args):
    response = getattr(client, method)(reverse(f"notifications:{name}", args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def test_list_has_the_site_navigation_of_the_default_municipality(barendrecht, me, client):
    _tell(me, "Bankje")
    html = client.get(reverse("notifications:list")).content.decode()
    assert "Barendrecht" in html and "Bankje" in html
