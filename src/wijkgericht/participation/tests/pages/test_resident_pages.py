"""Residents' pages without JavaScript: submit (place, similar items, form), the district list with filters, and
support/follow/comment/solved on the item page."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from wijkgericht.participation import workflow
from wijkgericht.participation.models import Comment, Item, Photo, Support
from wijkgericht.participation.services import item_transition
from wijkgericht.participation.testing import make_user, submit
from wijkgericht.participation.tests.pages.formdata import submission_data  # noqa: E402

pytestmark = pytest.mark.django_db


def _form(roles, **extra):
    return submission_data(**extra)


def test_a_visitor_writes_first_and_reads_how_before_the_form(client, roles):
    """No bare sign-in page: step 1 and the form are open to everyone, and say first how it goes (issue #14)."""
    page = client.get("/inbreng/nieuw/").content.decode()
    assert "Stap 1 van 2" in page and "Eerst schrijven, daarna inloggen" in page
    form = client.get("/inbreng/nieuw/", {"buurt": "BU04890918"}).content.decode()
    assert "Stap 2 van 2" in form and "Eerst schrijven, daarna inloggen" in form
    assert 'name="photos"' not in form and "Bewaren en verder" in form


def test_step_one_offers_map_and_neighbourhoods_and_refuses_a_point_outside(client, roles):
    client.force_login(roles.resident)
    page = client.get("/inbreng/nieuw/").content.decode()
    assert "Stap 1 van 2" in page and 'value="BU04890918"' in page
    outside = client.get("/inbreng/nieuw/", {"lat": "52.3702", "lon": "4.8952"})  # Amsterdam
    assert outside.status_code == 400
    assert "ligt niet in gemeente Barendrecht" in outside.content.decode()


def test_step_two_shows_similar_items_nearby(client, roles):
    client.force_login(roles.resident)
    page = client.get("/inbreng/nieuw/", {"buurt": "BU04890918"}).content.decode()
    assert "Stap 2 van 2" in page and "Nieuweland" in page
    assert "Is dit al ingebracht?" in page and "Pannakooi bij de basisschool" in page  # the demo's item there


def test_submit_places_the_item_and_a_second_post_creates_no_duplicate(client, roles):
    client.force_login(roles.resident)
    data = _form(roles)
    first = client.post("/inbreng/nieuw/", data)
    assert first.status_code == 302 and re.fullmatch(r"/mijn-inbreng/\d+/ontvangen/", first["Location"])
    second = client.post("/inbreng/nieuw/", data)
    assert second.status_code == 302
    items = Item.objects.filter(title="Meer bomen in de straat")
    assert items.count() == 1
    item = items.get()
    assert item.district.code == "WK048909" and item.neighbourhood.code == "BU04890919"
    assert item.author == roles.resident and item.status == workflow.SUBMITTED
    mine = client.get("/mijn-inbreng/").content.decode()
    assert "Meer bomen in de straat" in mine and "Wordt gecontroleerd" in mine


def test_script_in_title_and_description_is_text_everywhere(client, roles):
    client.force_login(roles.resident)
    client.post("/inbreng/nieuw/", _form(roles, title="<script>alert('x')</script>",
                                         description="<img src=x onerror=alert(1)>"))
    item = Item.objects.get(title="<script>alert('x')</script>")
    page = client.get("/mijn-inbreng/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    item_transition(item=item, actor=None, target=workflow.PUBLISHED)
    public = client.get(f"/wijken/nieuweland/inbreng/{item.pk}/").content.decode()
    assert "<img src=x" not in public and "&lt;img src=x onerror=alert(1)&gt;" in public


def test_unverified_resident_keeps_a_draft_until_the_address_is_confirmed(client, roles):
    roles.resident.email_verified_at = None
    roles.resident.save()
    client.force_login(roles.resident)
    response = client.post("/inbreng/nieuw/", _form(roles))
    assert response.status_code == 302 and response["Location"] == "/inbreng/concept/"
    assert not Item.objects.filter(title="Meer bomen in de straat").exists()
    page = client.get("/inbreng/concept/").content.decode()
    assert "Meer bomen in de straat" in page and "bevestig uw e-mailadres" in page


def _jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x0131] = "SecretCam"
    out = io.BytesIO()
    Image.new("RGB", (300, 200), "green").save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_photos_are_reencoded_and_only_shown_where_the_item_may_be_seen(client, roles):
    client.force_login(roles.resident)
    upload = SimpleUploadedFile("boom.jpg", _jpeg_with_exif(), content_type="image/jpeg")
    client.post("/inbreng/nieuw/", _form(roles, photos=[upload], photo_alt="Een kale straat"))
    photo = Photo.objects.get(item__title="Meer bomen in de straat")
    stored = photo.image.read()
    assert b"SecretCam" not in stored and photo.alt_text == "Een kale straat"
    assert client.get(f"/fotos/{photo.pk}/").status_code == 200  # the submitter
    client.logout()
    assert client.get(f"/fotos/{photo.pk}/").status_code == 404  # not yet published
    item_transition(item=photo.item, actor=None, target=workflow.PUBLISHED)
    assert client.get(f"/fotos/{photo.pk}/").status_code == 200


def test_a_file_that_is_no_photo_gets_a_clear_error(client, roles):
    client.force_login(roles.resident)
    upload = SimpleUploadedFile("brief.jpg", b"%PDF-1.4 ...", content_type="image/jpeg")
    response = client.post("/inbreng/nieuw/", _form(roles, photos=[upload]))
    assert response.status_code == 400
    assert "brief.jpg: Dit bestand is geen foto" in response.content.decode()
    assert not Item.objects.filter(title="Meer bomen in de straat").exists()


def test_submission_flood_is_rate_limited(client, roles, settings):
    client.force_login(roles.resident)
    statuses = [client.post("/inbreng/nieuw/", _form(roles, title=f"Idee {n}")).status_code for n in range(12)]
    assert statuses[:10] == [302] * 10 and statuses[10:] == [429, 429]
    assert Item.objects.filter(author=roles.resident).count() == 10


def test_district_list_filters_by_kind_theme_status_and_neighbourhood(client, roles):
    page = client.get("/wijken/nieuweland/inbreng/").content.decode()
    assert "Pannakooi bij de basisschool" in page and "Beweegroute voor ouderen" in page
    assert "Omgewaaide boom" in page
    sport = client.get("/wijken/nieuweland/inbreng/", {"theme": "sport"}).content.decode()
    assert "Pannakooi" in sport and "Omgewaaide boom" not in sport
    closed = client.get("/wijken/nieuweland/inbreng/", {"status": "closed"}).content.decode()
    assert "Omgewaaide boom" in closed and "Pannakooi" not in closed
    reports = client.get("/wijken/nieuweland/inbreng/", {"kind": "report"}).content.decode()
    assert "Omgewaaide boom" in reports and "Pannakooi" not in reports
    buurt = client.get("/wijken/nieuweland/inbreng/", {"neighbourhood": "BU04890920"}).content.decode()
    assert "Omgewaaide boom" in buurt and "Pannakooi" not in buurt
    # an unknown value is ignored, not an error page
    assert client.get("/wijken/nieuweland/inbreng/", {"status": "<bogus>"}).status_code == 200
    unpublished = submit(roles, title="Nog niet gemodereerd")
    assert unpublished.title not in client.get("/wijken/nieuweland/inbreng/").content.decode()


def test_item_page_support_follow_and_comment(client, roles):
    item = Item.objects.get(title="Bankjes langs het water")
    url = f"/wijken/{item.district.slug}/inbreng/{item.pk}/"
    anonymous = client.get(url).content.decode()
    assert "om dit te steunen" in anonymous and "csrfmiddlewaretoken" not in anonymous
    client.force_login(roles.other_resident)
    page = client.get(url).content.decode()
    assert "Steun dit" in page and "csrfmiddlewaretoken" in page
    assert client.post(f"/inbreng/{item.pk}/steun/", {"volgen": "1"}).status_code == 302
    client.post(f"/inbreng/{item.pk}/steun/", {"volgen": "1"})
    assert Support.objects.filter(item=item, user=roles.other_resident).count() == 1
    page = client.get(url).content.decode()
    assert "Steun intrekken" in page and "Niet meer volgen" in page
    client.post(f"/inbreng/{item.pk}/reageer/", {"body": "<b>Ja</b> graag!"})
    comment = Comment.objects.get(item=item, author=roles.other_resident)
    assert comment.status == Comment.Status.PENDING
    assert "graag!" not in client.get(url).content.decode()  # not before moderation
    assert client.get(f"/inbreng/{item.pk}/steun/").status_code == 405


def test_solved_question_reopens_from_the_item_page(client, roles):
    from wijkgericht.participation.engagement import latest_done
    from wijkgericht.participation.models import Follow

    item = Item.objects.get(title="Omgewaaide boom blokkeert het fietspad")
    client.force_login(roles.other_resident)
    client.post(f"/inbreng/{item.pk}/volg/")
    page = client.get(f"/wijken/{item.district.slug}/inbreng/{item.pk}/").content.decode()
    assert "Is het echt opgelost?" not in page  # following only after "done" does not let one reopen (#10.7)
    # Someone who followed it before it was done is asked.
    Follow.objects.filter(item=item, user=roles.other_resident).update(
        created_at=latest_done(item).created_at - timedelta(days=1))
    page = client.get(f"/wijken/{item.district.slug}/inbreng/{item.pk}/").content.decode()
    assert "Is het echt opgelost?" in page
    client.post(f"/inbreng/{item.pk}/opgelost/", {"solved": "no", "comment": "Er ligt nog een grote tak."})
    item.refresh_from_db()
    assert item.status == workflow.REOPENED


def test_merged_item_redirects_to_the_one_it_was_merged_into(client, roles):
    from wijkgericht.participation.services import item_merge

    a = Item.objects.get(title="Bankjes langs het water")
    b = item_transition(item=submit(roles, title="Bankje bij het water", theme="groen", needs_decision=False),
                        actor=None, target=workflow.PUBLISHED)
    item_merge(duplicate=b, into=a, actor=None)
    response = client.get(f"/wijken/nieuweland/inbreng/{b.pk}/")
    assert response.status_code == 302 and response["Location"].endswith(f"/wijken/{a.district.slug}/inbreng/{a.pk}/")


def test_signed_in_pages_are_not_served_from_the_anonymous_cache(client, roles):
    item = Item.objects.get(title="Bankjes langs het water")
    url = f"/wijken/{item.district.slug}/inbreng/{item.pk}/"
    client.get(url)  # fills the cache
    client.force_login(make_user("later@example.nl"))
    assert "Steun dit" in client.get(url).content.decode()


def test_comment_flood_is_rate_limited_but_support_is_not(client, roles):
    item = Item.objects.get(title="Bankjes langs het water")
    client.force_login(roles.other_resident)
    for _ in range(25):
        assert client.post(f"/inbreng/{item.pk}/volg/").status_code == 302
    statuses = [client.post(f"/inbreng/{item.pk}/reageer/", {"body": f"Reactie {n}"}).status_code
                for n in range(22)]
    assert statuses[:20] == [302] * 20 and statuses[20:] == [429, 429]
    assert Comment.objects.filter(item=item, author=roles.other_resident).count() == 20


def test_a_pending_message_is_never_cached_for_others(client, roles):
    """Review finding: a message meant for one visitor (with their e-mail address) was cached and shown to all."""
    from django.test import Client

    client.force_login(roles.other_resident)
    item = Item.objects.get(title="Bankjes langs het water")
    client.post(f"/inbreng/{item.pk}/steun/")  # leaves a "thank you" message, not yet shown, in a cookie
    assert "messages" in client.cookies
    del client.cookies["sessionid"]  # signed out; the messages cookie survives that
    assert "Bedankt voor uw steun" in client.get("/").content.decode()  # shown to its owner once…
    assert "Bedankt voor uw steun" not in Client().get("/").content.decode()  # …and to nobody else
    stranger = Client().get("/")
    assert "messages" not in stranger.cookies


def test_an_oversized_upload_is_cut_off_and_said_so(client, roles, settings):
    settings.WIJKGERICHT_PHOTO_MAX_BYTES = 10_000
    settings.WIJKGERICHT_PHOTO_MAX_PER_ITEM = 1  # cap: 10 kB + 1 MB of form
    client.force_login(roles.resident)
    big = SimpleUploadedFile("groot.jpg", b"\xff" * 1_200_000, content_type="image/jpeg")
    response = client.post("/inbreng/nieuw/", _form(roles, photos=[big]))
    assert response.status_code == 400 and "te groot" in response.content.decode()
    assert not Item.objects.filter(title="Meer bomen in de straat").exists()
