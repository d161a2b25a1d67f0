"""The staff workspace through HTTP: inboxes per role, the item desk offering only what the role may do, and the
services refusing what a forged form asks for."""

from __future__ import annotations

import pytest

from wijkgericht.accounts.models import PersonalDataAccess
from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.participation import workflow
from wijkgericht.participation.models import Comment, Item
from wijkgericht.participation.services import item_transition
from wijkgericht.participation.testing import submit

pytestmark = pytest.mark.django_db


def test_workspace_is_for_staff_only(client, roles):
    assert client.get("/werkplek/").status_code == 302  # to sign-in
    client.force_login(roles.resident)
    assert client.get("/werkplek/").status_code == 403


def test_inboxes_per_role(client, roles):
    item = submit(roles, title="Nieuw in Nieuweland")
    sign_in_verified(client, roles.district_alderman)
    page = client.get("/werkplek/").content.decode()
    assert "In uw wijken" in page and "Nieuw in Nieuweland" in page and "Adviesvragen" in page
    sign_in_verified(client, roles.portfolio_holder)
    page = client.get("/werkplek/").content.decode()
    assert "Adviesvragen aan u als portefeuillehouder" in page
    assert "Beweegroute" not in page  # the demo's Sport advice was answered already
    assert "Nieuw in Nieuweland" not in page  # Schaap is district alderman elsewhere
    sign_in_verified(client, roles.moderator)
    page = client.get("/werkplek/").content.decode()
    assert "Te modereren" in page and "Nieuw in Nieuweland" in page
    assert f"/werkplek/inbreng/{item.pk}/" in page


def test_item_desk_hides_what_the_role_may_not_do_and_refuses_forged_posts(client, roles):
    item = item_transition(item=submit(roles), actor=None, target=workflow.PUBLISHED)
    item = item_transition(item=item, actor=None, target=workflow.UNDER_CONSIDERATION)
    url = f"/werkplek/inbreng/{item.pk}/"
    sign_in_verified(client, roles.civil_servant)
    page = client.get(url).content.decode()
    assert "Advies vragen aan de portefeuillehouder Sport" in page
    assert 'value="accepted"' not in page  # a civil servant does not decide
    client.post(url, {"action": "transition", "stap-target": "accepted", "stap-reason": "Gewoon doen"})
    item.refresh_from_db()
    assert item.status == workflow.UNDER_CONSIDERATION
    sign_in_verified(client, roles.district_alderman)
    assert 'value="accepted"' not in client.get(url).content.decode()  # not offered: Sport has not answered
    response = client.post(url, {"action": "transition", "stap-target": "accepted", "stap-reason": "Mooi"})
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.status == workflow.UNDER_CONSIDERATION


def test_the_seed_rule_through_the_pages(client, roles):
    """District alderman asks the Sport alderman; only after the answer can the district decide."""
    item = item_transition(item=submit(roles), actor=None, target=workflow.PUBLISHED)
    url = f"/werkplek/inbreng/{item.pk}/"
    sign_in_verified(client, roles.district_alderman)
    client.post(url, {"action": "transition", "stap-target": "under_consideration"})
    client.post(url, {"action": "advice", "advies-question": "Past dit bij het sportbeleid?"})
    item.refresh_from_db()
    assert item.status == workflow.COORDINATION
    sign_in_verified(client, roles.portfolio_holder)
    assert "Uw advies als portefeuillehouder" in client.get(url).content.decode()
    client.post(url, {"action": "answer", "antwoord-answer": "agree",
                      "antwoord-reasoning": "Goed voor de jeugd."})
    sign_in_verified(client, roles.district_alderman)
    client.post(url, {"action": "transition", "stap-target": "accepted", "stap-reason": "Met steun van Sport"})
    item.refresh_from_db()
    assert item.status == workflow.ACCEPTED
    public = client.get(f"/wijken/nieuweland/inbreng/{item.pk}/").content.decode()
    assert "Goed voor de jeugd." in public and "Met steun van Sport" in public


def test_other_districts_items_are_not_found(client, roles):
    item = submit(roles, neighbourhood="BU04890101", theme="verkeer")
    sign_in_verified(client, roles.civil_servant)
    assert client.get(f"/werkplek/inbreng/{item.pk}/").status_code == 404
    sign_in_verified(client, roles.moderator)
    assert client.get(f"/werkplek/inbreng/{item.pk}/").status_code == 200


def test_showing_the_submitters_address_is_logged(client, roles):
    item = submit(roles)
    sign_in_verified(client, roles.civil_servant)
    url = f"/werkplek/inbreng/{item.pk}/"
    assert "bewoner@example.nl" not in client.get(url).content.decode()
    client.post(url, {"action": "contact"})
    assert "bewoner@example.nl" in client.get(url).content.decode()
    log = PersonalDataAccess.objects.get()
    assert log.accessor == roles.civil_servant and log.subject == roles.resident
    sign_in_verified(client, roles.moderator)  # may moderate, has no business contacting the submitter
    client.post(url, {"action": "contact"})
    assert PersonalDataAccess.objects.count() == 1


def test_comment_moderation_and_merge_from_the_desk(client, roles):
    item = Item.objects.get(title="Beweegroute voor ouderen door Nieuweland")
    pending = Comment.objects.get(item=item, status=Comment.Status.PENDING)
    sign_in_verified(client, roles.moderator)
    client.post(f"/werkplek/inbreng/{item.pk}/", {"action": "comment", "comment": pending.pk, "decision": "approve"})
    pending.refresh_from_db()
    assert pending.status == Comment.Status.APPROVED
    duplicate = item_transition(item=submit(roles, title="Wandelroute senioren", needs_decision=False),
                                actor=None, target=workflow.PUBLISHED)
    client.post(f"/werkplek/inbreng/{duplicate.pk}/",
                {"action": "merge", "samenvoegen-into": item.pk, "samenvoegen-reason": "Dubbel"})
    duplicate.refresh_from_db()
    assert duplicate.merged_into == item


@pytest.mark.parametrize("path", ["/werkplek/", "/werkplek/acties/"])
def test_a_staff_page_computes_the_role_scope_once(client, roles, monkeypatch, path):
    """The view and the header's context processor share one user_scope per request (accounts.roles.request_scope)."""
    from wijkgericht.accounts import roles as role_scopes

    calls = []
    real = role_scopes.user_scope

    def counting(user, **kwargs):
        calls.append(user.pk)
        return real(user, **kwargs)

    monkeypatch.setattr(role_scopes, "user_scope", counting)
    sign_in_verified(client, roles.moderator)
    response = client.get(path)
    assert response.status_code == 200 and response.context["is_staff_member"]
    assert calls == [roles.moderator.pk]


def test_each_inbox_list_pages_by_itself_the_longest_waiting_first(client, roles, monkeypatch):
    """At 100,000 items a list of every submission was seconds of rendering: each list shows a page at a time, and
    its page links keep the other lists' pages."""
    from wijkgericht.accounts.roles import user_scope
    from wijkgericht.participation import selectors
    from wijkgericht.participation.pages import staff

    monkeypatch.setattr(staff, "INBOX_PAGE", 3)
    for n in range(7):
        submit(roles, title=f"Inzending {n}")
    queue = [i.title for i in selectors.moderation_queue(scope=user_scope(roles.moderator))[0]]
    assert len(queue) >= 7 and queue[-7:] == [f"Inzending {n}" for n in range(7)]  # the oldest first
    pages = -(-len(queue) // 3)
    sign_in_verified(client, roles.moderator)
    first = client.get("/werkplek/").content.decode()
    assert [t for t in queue if t in first] == queue[:3]
    assert f"Pagina 1 van {pages}" in first and "inbrengpagina=2" in first
    assert 'aria-label="Pagina’s van de nieuwe inbreng"' in first  # each list's pages named apart
    last = client.get("/werkplek/", {"inbrengpagina": str(pages), "reactiespagina": "1"}).content.decode()
    assert [t for t in queue if t in last] == queue[(pages - 1) * 3:]
    assert f"reactiespagina=1&amp;inbrengpagina={pages - 1}" in last  # back a page, the comments' page kept
    for odd in ("x", "9" * 40, "-1", "２"):  # not a number, huge, negative, a full-width digit: a page still
        assert client.get("/werkplek/", {"inbrengpagina": odd}).status_code == 200, odd
    assert client.get("/werkplek/?inbrengpagina=%00").status_code == 400  # a NUL byte: refused (frame/badinput)
