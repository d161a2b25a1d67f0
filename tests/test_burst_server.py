"""Bursts of simultaneous writes against the real `wijkgericht demo` server (issue #10 point 2).

On the embedded default (SQLite) fifty residents signing up for ten places at the same moment used to end in 44
server errors ("database is locked": a transaction that reads first and writes later cannot get the write lock
while another writer holds it, and SQLite answers at once instead of waiting), and the development server reset
connections besides. Every test here starts the server the way a municipality does — `wijkgericht demo`, a process
of its own — on a database of its own: a database file when the suite runs on SQLite, a PostgreSQL database when it
runs there (`DATABASE_URL`), so each burst is measured on both. Every rule "once per person" gets the same person
pressing twenty times at once.

The figures of each burst are printed (`pytest -s`): counts per status, errors, time.
"""

from __future__ import annotations

import uuid
from collections import Counter

import pytest

from tests.burst.harness import Post, Site, Summary, running_site

pytestmark = pytest.mark.slow

PEOPLE = 50
CAPACITY = 10
SAME = 20  # one person pressing the same button this many times at once


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with running_site(tmp_path_factory.mktemp("burst"), "_burst") as server:
        yield server


@pytest.fixture(scope="module")
def residents(site):
    return site.seed("people", n=PEOPLE, prefix="resident")


def _someone(site: Site) -> dict:
    """A resident of their own, so the rate limits of earlier bursts do not count against them."""
    return site.seed("people", n=1, prefix=f"someone-{uuid.uuid4().hex[:8]}-")[0]


def _check(summary: Summary, label: str, site: Site, expected: str = "302") -> None:
    print("\n" + summary.line(f"[{site.database_url.split(':')[0]}] {label}"))
    errors = [o.error for o in summary.outcomes if o.error]
    assert summary.server_errors == 0, (summary.line(label), errors[:3], site.log()[-2000:])
    assert summary.statuses == {expected: summary.requests}, summary.line(label)


def test_the_demo_server_serves_static_files_and_prints_its_mail(site):
    """`wijkgericht demo` is gunicorn now: static files still come (whitenoise), mail still shows in the terminal."""
    for path in ("/static/web/site.css", "/static/vendor/leaflet/leaflet.js"):
        response = site.get(path)
        assert response.status == 200 and len(response.body) > 1000, path
    item = site.seed("scenario", kind="item")["id"]
    _check(site.burst([Post(f"/inbreng/{item}/reageer/", {"body": "Mail mij."}, _someone(site)["session"])]),
           "one comment", site)
    log = site.log_path.read_text(errors="replace")
    assert "moderator@demo.invalid" in log and "Subject:" in log  # the console mail backend, as before


def test_fifty_residents_sign_up_for_ten_places_at_once(site, residents):
    activity = site.seed("scenario", kind="activity", capacity=CAPACITY)["id"]

    summary = site.burst([Post(f"/activiteiten/{activity}/aanmelden/", {}, r["session"]) for r in residents])

    _check(summary, f"{PEOPLE} RSVPs for {CAPACITY} places", site)
    rows = site.seed("state", kind="activity", id=activity)["rows"]
    assert Counter(r["status"] for r in rows) == {"confirmed": CAPACITY, "waitlisted": PEOPLE - CAPACITY}
    assert sorted(r["user_id"] for r in rows) == sorted(r["id"] for r in residents)
    # In arrival order: everyone confirmed came before everyone waiting, and the list is in the order they came.
    assert [r["status"] for r in rows] == ["confirmed"] * CAPACITY + ["waitlisted"] * (PEOPLE - CAPACITY)
    assert [r["pk"] for r in rows] == sorted(r["pk"] for r in rows)


def test_one_resident_signing_up_twenty_times_at_once_has_one_place(site):
    activity = site.seed("scenario", kind="activity", capacity=CAPACITY)["id"]
    me = _someone(site)
    summary = site.burst([Post(f"/activiteiten/{activity}/aanmelden/", {}, me["session"])] * SAME)
    _check(summary, f"{SAME}× the same RSVP", site)
    rows = site.seed("state", kind="activity", id=activity)["rows"]
    assert [(r["user_id"], r["status"]) for r in rows] == [(me["id"], "confirmed")]


def test_fifty_residents_support_and_comment_at_once(site, residents):
    item = site.seed("scenario", kind="item")["id"]

    # Half leave 'keep me informed' ticked (volgen=1, the form's default), half untick it (issue #14).
    supports = site.burst([Post(f"/inbreng/{item}/steun/", {"volgen": "1"} if n % 2 else {}, r["session"])
                           for n, r in enumerate(residents)])
    comments = site.burst([Post(f"/inbreng/{item}/reageer/", {"body": f"Goed idee, van nummer {n}."}, r["session"])
                           for n, r in enumerate(residents)])

    _check(supports, f"{PEOPLE} supports", site)
    _check(comments, f"{PEOPLE} comments", site)
    state = site.seed("state", kind="item", id=item)
    everyone = sorted(r["id"] for r in residents)
    assert sorted(state["supports"]) == everyone
    # Supporting follows the item only when 'keep me informed' was left ticked.
    assert sorted(state["follows"]) == sorted(r["id"] for n, r in enumerate(residents) if n % 2)
    assert sorted(author for author, _body in state["comments"]) == everyone


def test_one_resident_supporting_following_and_commenting_twenty_times_at_once_counts_once(site):
    item = site.seed("scenario", kind="item")["id"]
    me = _someone(site)

    supports = site.burst([Post(f"/inbreng/{item}/steun/", {}, me["session"])] * SAME)
    follows = site.burst([Post(f"/inbreng/{item}/volg/", {}, me["session"])] * SAME)
    comments = site.burst([Post(f"/inbreng/{item}/reageer/", {"body": "Dit moet echt beter."}, me["session"])] * SAME)

    _check(supports, f"{SAME}× the same support", site)
    _check(follows, f"{SAME}× the same follow", site)
    _check(comments, f"{SAME}× the same comment", site)
    state = site.seed("state", kind="item", id=item)
    assert state["supports"] == [me["id"]]
    assert state["follows"] == [me["id"]]
    assert state["comments"] == [[me["id"], "Dit moet echt beter."]]


def test_fifty_residents_submit_at_once_and_a_form_sent_ten_times_files_one_item(site, residents):
    form = site.seed("scenario", kind="submit_form")
    prefix = f"Burst {uuid.uuid4().hex[:8]}"

    def fields(title: str, key: str) -> dict[str, str]:
        return {"kind": "idea", "title": title, "description": "Een bankje bij de speeltuin.",
                "theme": str(form["theme"]), "lat": str(form["lat"]), "lon": str(form["lon"]),
                "submission_key": key, "photo_alt": ""}

    many = site.burst([Post("/inbreng/nieuw/", fields(f"{prefix} {n}", str(uuid.uuid4())), r["session"])
                       for n, r in enumerate(residents)])
    key = str(uuid.uuid4())
    # Ten, not twenty: a resident may file ten items an hour (the rate limit answers the rest with 429).
    me = _someone(site)
    same = site.burst([Post("/inbreng/nieuw/", fields(f"{prefix} twice", key), me["session"])] * 10)

    _check(many, f"{PEOPLE} submissions", site)
    _check(same, "10× the same submission form", site)
    items = site.seed("state", kind="items_titled", prefix=prefix)["items"]
    assert sorted(author for author, title in items if title != f"{prefix} twice") == sorted(r["id"]
                                                                                             for r in residents)
    assert [author for author, title in items if title == f"{prefix} twice"] == [me["id"]]


def test_meeting_request_support_at_once(site, residents):
    request = site.seed("scenario", kind="meeting_request")["id"]

    many = site.burst([Post(f"/verzoeken/{request}/steun/", {}, r["session"]) for r in residents])
    again = site.burst([Post(f"/verzoeken/{request}/steun/", {}, residents[3]["session"])] * SAME)  # supported already

    _check(many, f"{PEOPLE} meeting-request supports", site)
    _check(again, f"{SAME}× the same meeting-request support", site)
    supporters = site.seed("state", kind="meeting_request", id=request)["supports"]
    assert len(supporters) == PEOPLE + 1  # the author supports their own request
    assert Counter(supporters).most_common(1)[0][1] == 1


def test_the_same_invitation_sent_five_times_at_once_is_one_request(site):
    form = site.seed("scenario", kind="invite_form")
    me, topic = _someone(site), f"Burst: wandelen door de wijk {uuid.uuid4().hex[:8]}"
    data = {"kind": str(form["kind"]), "topic": topic, "place": "Het park"}

    # Five: a resident may send five invitations an hour (the rate limit answers the rest with 429).
    summary = site.burst([Post(form["path"], data, me["session"])] * 5)

    _check(summary, "5× the same invitation", site)
    assert site.seed("state", kind="requests_about", topic=topic)["authors"] == [me["id"]]


def test_the_same_registration_sent_ten_times_at_once_makes_one_account(site):
    email = f"nieuw-{uuid.uuid4().hex[:8]}@burst.invalid"
    data = {"email": email, "password1": "een-lang-wachtwoord-42", "password2": "een-lang-wachtwoord-42",
            "consent": "on"}

    summary = site.burst([Post("/account/registreren/", data)] * 10)

    print("\n" + summary.line(f"[{site.database_url.split(':')[0]}] 10× the same registration"))
    assert summary.server_errors == 0, site.log()[-2000:]
    assert site.seed("state", kind="accounts", email=email)["count"] == 1


def test_is_it_solved_answered_twenty_times_at_once_counts_once(site):
    me = _someone(site)
    item = site.seed("scenario", kind="item", status="done", followers=[me["id"]])["id"]

    summary = site.burst([Post(f"/inbreng/{item}/opgelost/", {"solved": "yes", "comment": ""}, me["session"])] * SAME)

    print("\n" + summary.line(f"[{site.database_url.split(':')[0]}] {SAME}× the same 'is het opgelost?' answer"))
    assert summary.server_errors == 0, site.log()[-2000:]
    state = site.seed("state", kind="item", id=item)
    assert state["solved"] == [[me["id"], True]]


def test_open311_the_same_post_twenty_times_at_once_files_one_report(site):
    key = site.seed("scenario", kind="open311_key")
    description = f"Lantaarnpaal kapot {uuid.uuid4().hex[:8]}"
    params = {"api_key": key["key"], "service_code": key["service_code"], "lat": str(key["lat"]),
              "long": str(key["lon"]), "description": description, "device_id": "burst"}

    summary = site.burst([Post("/open311/v2/requests.json", params)] * SAME)

    _check(summary, f"{SAME}× the same Open311 POST", site, expected="200")
    items = site.seed("state", kind="items_titled", prefix=description)["items"]
    assert len(items) == 1
