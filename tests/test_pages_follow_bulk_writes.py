"""Cached public pages change at once after writes that no model signal sees (issue #10, point 7): erasing an
account (its rows are set NULL in bulk), renaming a pseudonym (the user row), merging (supports moved by update())
and reordering a district agenda (positions moved by update()). Each test fills the anonymous page cache first,
then makes the change the way a resident or staff member would, then reads the same address again."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from wijkgericht.accounts.services import account_delete
from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.agenda.models import AgendaItem
from wijkgericht.agenda.services.district_agenda import agenda_item_save, agenda_reorder
from wijkgericht.districts.models import District
from wijkgericht.participation import workflow
from wijkgericht.participation.engagement import comment_moderate, comment_post, item_support
from wijkgericht.participation.services import item_merge, item_transition
from wijkgericht.participation.testing import make_user, submit

pytestmark = pytest.mark.django_db


def published(roles, **extra):
    return item_transition(item=submit(roles, **extra), actor=roles.moderator, target=workflow.PUBLISHED)


def item_url(item) -> str:
    return f"/wijken/{item.district.slug}/inbreng/{item.pk}/"


def anonymous(url: str) -> str:
    """The page as a visitor without a session sees it (the only kind that is cached)."""
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def commented(roles, django_capture_on_commit_callbacks):
    """A published item with an approved reaction by a resident called 'Buurvrouw Ans', its page cached."""
    item = published(roles)
    neighbour = roles.other_resident
    neighbour.pseudonym = "Buurvrouw Ans"
    neighbour.save(update_fields=["pseudonym"])
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_post(item=item, author=neighbour, body="Goed plan, ik help mee.")
        comment_moderate(comment=comment, actor=roles.moderator, approve=True)
    assert "Buurvrouw Ans" in anonymous(item_url(item))  # and now in the cache
    return item, neighbour


def test_an_erased_account_leaves_the_cached_item_page_at_once(commented, django_capture_on_commit_callbacks):
    item, neighbour = commented
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(neighbour)
    page = anonymous(item_url(item))
    assert "Buurvrouw Ans" not in page
    assert "Voormalig inwoner" in page and "Goed plan, ik help mee." in page


def test_erasing_through_the_deletion_page_refreshes_the_cached_page(commented, django_capture_on_commit_callbacks):
    item, neighbour = commented
    resident = Client()
    resident.force_login(neighbour)
    with django_capture_on_commit_callbacks(execute=True):
        response = resident.post(reverse("accounts:delete"), {"confirmation": "een-lang-wachtwoord"})
    assert response.status_code == 302
    assert "Buurvrouw Ans" not in anonymous(item_url(item))


def test_a_new_pseudonym_shows_at_once_on_the_cached_page(commented, django_capture_on_commit_callbacks):
    item, neighbour = commented
    resident = Client()
    resident.force_login(neighbour)
    with django_capture_on_commit_callbacks(execute=True):
        response = resident.post(reverse("accounts:account"), {"pseudonym": "Tuinvrouw", "mail_preference": "none"})
    assert response.status_code == 302
    page = anonymous(item_url(item))
    assert "Buurvrouw Ans" not in page and "Tuinvrouw" in page


def test_a_pseudonym_changed_in_the_admin_shows_at_once(commented, django_capture_on_commit_callbacks):
    item, neighbour = commented
    admin = make_user("admin@example.nl")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    staff = Client()
    sign_in_verified(staff, admin)
    data = {"email": neighbour.email, "pseudonym": "Tuinvrouw", "mail_preference": "immediate", "is_active": "on",
            "date_joined_0": "2024-01-01", "date_joined_1": "10:00:00", "initial-date_joined_0": "2024-01-01",
            "initial-date_joined_1": "10:00:00", "staff_roles-TOTAL_FORMS": "0", "staff_roles-INITIAL_FORMS": "0"}
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(reverse("admin:accounts_user_change", args=[neighbour.pk]), data)
    assert response.status_code == 302, re.findall(r'class="errorlist[^"]*"[^<]*<li>([^<]*)', response.content.decode())
    page = anonymous(item_url(item))
    assert "Buurvrouw Ans" not in page and "Tuinvrouw" in page


def test_an_account_deleted_in_the_admin_leaves_the_cached_page_at_once(commented,
                                                                      django_capture_on_commit_callbacks):
    from wijkgericht.notifications.models import Notification

    item, neighbour = commented
    # The admin deletes no account that still has notifications (their admin is read-only): this one has none.
    Notification.objects.filter(recipient=neighbour).delete()
    admin = make_user("admin@example.nl")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    staff = Client()
    sign_in_verified(staff, admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(reverse("admin:accounts_user_delete", args=[neighbour.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert "Buurvrouw Ans" not in anonymous(item_url(item))


def test_merging_moves_support_counts_on_cached_pages(roles, django_capture_on_commit_callbacks):
    into = published(roles, title="Pannakooi bij de school")
    duplicate = published(roles, title="Voetbalkooi bij de school")
    for n in range(3):
        item_support(item=duplicate, user=make_user(f"steun{n}@example.nl"))
    assert "0 inwoners steunen dit" in anonymous(item_url(into))
    with django_capture_on_commit_callbacks(execute=True):
        item_merge(duplicate=duplicate, into=into, actor=roles.civil_servant)
    assert "3 inwoners steunen dit" in anonymous(item_url(into))


def test_reordering_the_district_agenda_shows_at_once(roles, django_capture_on_commit_callbacks):
    nieuweland = District.objects.get(code="WK048909")
    first, second = (agenda_item_save(actor=roles.civil_servant, district=nieuweland, title=title,
                                      source=AgendaItem.Source.RESIDENTS)
                     for title in ("Veilig oversteken bij de school", "Meer groen op het plein"))
    url = f"/wijken/{nieuweland.slug}/"
    page = anonymous(url)
    assert page.index("Veilig oversteken") < page.index("Meer groen op het plein")
    order = list(AgendaItem.objects.filter(district=nieuweland).order_by("position", "pk").values_list("pk", flat=True))
    i, j = order.index(first.pk), order.index(second.pk)
    order[i], order[j] = order[j], order[i]
    with django_capture_on_commit_callbacks(execute=True):
        agenda_reorder(actor=roles.civil_servant, district=nieuweland, ordered_ids=order)
    page = anonymous(url)
    assert page.index("Meer groen op het plein") < page.index("Veilig oversteken")
