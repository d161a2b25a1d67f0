"""What a deleted account had not yet had published (issue #10, point 7): it leaves the moderation queue with the
account — items with their photo files, reactions that wait — unless the resident chose, on the deletion form, that
it may be published afterwards as "Voormalig inwoner". What was published stays, anonymous."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from wijkgericht.accounts.roles import user_scope
from wijkgericht.core.images import photo_process
from wijkgericht.participation import workflow
from wijkgericht.participation.engagement import comment_post
from wijkgericht.participation.models import Comment, Item, Photo
from wijkgericht.participation.selectors import moderation_queue
from wijkgericht.participation.services import item_transition
from wijkgericht.participation.testing import submit

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-wachtwoord"  # participation.testing.make_user's


def jpeg() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(out, format="JPEG")
    out.seek(0)
    return out


@pytest.fixture
def contributions(roles, settings, tmp_path):
    """The resident's published item with an approved reaction; an item with a photo and a reaction that both wait
    for moderation; a rejected item."""
    settings.MEDIA_ROOT = tmp_path
    resident = roles.resident
    public = item_transition(item=submit(roles, title="Bankje bij de vijver"), actor=roles.moderator,
                             target=workflow.PUBLISHED)
    said = comment_post(item=public, author=resident, body="Ik kom graag zitten.")
    said.status = Comment.Status.APPROVED
    said.save(update_fields=["status"])
    waiting = submit(roles, title="Losse stoeptegel", photos=[(photo_process(jpeg()), "De tegel")])
    pending = comment_post(item=public, author=resident, body="Nog een gedachte")
    rejected = item_transition(item=submit(roles, title="Iets ongepasts"), actor=roles.moderator,
                               target=workflow.REJECTED, reason="Geen inbreng over de wijk")
    photo_file = tmp_path / Photo.objects.get(item=waiting).image.name
    assert photo_file.exists()
    return roles, public, said, waiting, pending, rejected, photo_file


def delete_through_the_page(user, **choice) -> None:
    client = Client()
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {"confirmation": PASSWORD, **choice})
    assert response.status_code == 302 and response.url == reverse("accounts:deleted")


def test_unpublished_work_goes_with_the_account_photos_included(contributions, django_capture_on_commit_callbacks):
    roles, public, said, waiting, pending, rejected, photo_file = contributions
    with django_capture_on_commit_callbacks(execute=True):
        delete_through_the_page(roles.resident)
    assert not Item.objects.filter(pk__in=[waiting.pk, rejected.pk]).exists()
    assert not Photo.objects.exists() and not photo_file.exists()
    assert not Comment.objects.filter(pk=pending.pk).exists()
    items, comments = moderation_queue(scope=user_scope(roles.moderator))
    assert waiting not in items and pending not in comments
    # What was published stays, without a name.
    public.refresh_from_db()
    said.refresh_from_db()
    assert public.author is None and said.author is None


def test_with_the_choice_what_waits_stays_in_the_queue_without_a_name(contributions,
                                                                      django_capture_on_commit_callbacks):
    roles, public, said, waiting, pending, rejected, photo_file = contributions
    with django_capture_on_commit_callbacks(execute=True):
        delete_through_the_page(roles.resident, keep_unpublished="on")
    waiting.refresh_from_db()
    assert waiting.author is None and waiting.status == workflow.SUBMITTED and photo_file.exists()
    assert Comment.objects.get(pk=pending.pk).author is None
    assert not Item.objects.filter(pk=rejected.pk).exists()  # refused work is never published: it goes
    items, comments = moderation_queue(scope=user_scope(roles.moderator))
    assert waiting in items and Comment.objects.get(pk=pending.pk) in comments
    published = item_transition(item=waiting, actor=roles.moderator, target=workflow.PUBLISHED)
    assert published.author is None


def test_the_deletion_page_offers_the_choice_unticked(client, roles):
    client.force_login(roles.resident)
    page = client.get(reverse("accounts:delete")).content.decode()
    assert 'name="keep_unpublished"' in page and "Voormalig inwoner" in page
    assert 'name="keep_unpublished" checked' not in page


def test_a_resident_deleted_in_the_admin_is_erased_the_same_way(contributions, client,
                                                                 django_capture_on_commit_callbacks):
    """An erasure request by letter or phone, carried out in the back office: the same erasure as the resident's own
    (before, unpublished work stayed in the queue, and a resident who had ever been notified could not be deleted
    at all: the read-only notification admin lacks a delete right)."""
    from wijkgericht.accounts.models import PersonalDataAccess, User
    from wijkgericht.accounts.testing import sign_in_verified
    from wijkgericht.notifications.models import Notification

    admin_client = client
    sign_in_verified(admin_client, User.objects.create_superuser("root@example.nl", PASSWORD))
    roles, public, said, waiting, pending, rejected, photo_file = contributions
    assert Notification.objects.filter(recipient=roles.resident).exists()
    url = reverse("admin:accounts_user_delete", args=[roles.resident.pk])
    assert admin_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Item.objects.filter(pk__in=[waiting.pk, rejected.pk]).exists() and not photo_file.exists()
    assert not Comment.objects.filter(pk=pending.pk).exists()
    public.refresh_from_db()
    assert public.author is None
    assert PersonalDataAccess.objects.filter(subject_label="verwijderd account", accessor=None).exists()
