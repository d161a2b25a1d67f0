"""Residents and staff on the two-node site, for bench/load/run_load.py (issue #16, "Load and faults, nothing lost").

Plain HTTP, no Django: locust patches the standard library with gevent, and the checks that need the database run
in the driver afterwards (check.py). The driver passes two files in the environment:

    LOAD_CONFIG  JSON: residents (emails), their password, the staff accounts, the submit form's theme and point
    LOAD_WRITES  JSON lines, appended: one line per write a user attempted, with what it carried to be recognised
                 by (a submission_key, a unique comment text, a unique reason) and what the user saw

A write's outcome, as a resident would see it:
    ok        redirected (302) to the page that says it worked, and that page answered
    refused   4xx with the form or the site's page back and a Dutch message (recorded), or a redirect to a page
              whose message is an error (e.g. "Over deze reactie is al besloten.")
    lb_502 / lb_503 / lb_504   the load balancer answered for a node it could not reach (or that died mid-request)
    server_error               a 5xx from the site itself
    no_answer                  connection refused, reset or timed out

A submission that got no good answer is sent once more with the same submission_key (a resident pressing the
button again): the site must give back the same item, never a second one.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import random
import re
import time
import uuid

from locust import HttpUser, between, events, task

CONFIG = json.loads(open(os.environ["LOAD_CONFIG"], encoding="utf-8").read()) if os.environ.get("LOAD_CONFIG") else {}
WRITES_PATH = os.environ.get("LOAD_WRITES", "")
_writes = open(WRITES_PATH, "a", encoding="utf-8") if WRITES_PATH else None  # noqa: SIM115 - closed at quit
_resident_numbers = itertools.count()
_staff_numbers = itertools.count()
TIMEOUT = 30
# haproxy's own answers when it has no node for a request (docs: "HAProxy error pages").
LB_PAGES = {"No server is available": "lb_503", "invalid or incomplete response": "lb_502",
            "didn't respond in time": "lb_504"}

ITEM_LINK = re.compile(r'href="(/wijken/([a-z0-9-]+)/inbreng/(\d+)/)"')
ACTIVITY_LINK = re.compile(r'href="(?:/gemeenten/[^/]+)?/activiteiten/(\d+)/"')
STAFF_ITEM_LINK = re.compile(r'href="/werkplek/inbreng/(\d+)/')
ALERT = re.compile(r'utrecht-alert--(error|ok|info)[^"]*"[^>]*>\s*<p class="utrecht-paragraph">(.*?)</p>', re.S)
SUMMARY_ITEM = re.compile(r'<li class="utrecht-unordered-list__item">(?:<a [^>]*>)?(.*?)(?:</a>)?</li>', re.S)
TAG = re.compile(r"<[^>]+>")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.quitting.add_listener
def _close(**_kwargs) -> None:
    if _writes is not None:
        _writes.close()


def record(**fields) -> None:
    if _writes is not None:
        _writes.write(json.dumps({"t": round(time.time(), 3), **fields}, ensure_ascii=False) + "\n")
        _writes.flush()


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", fragment)).split())


def page_message(body: str) -> tuple[str, str]:
    """The level ("error", "ok", "info") and text of the first message on a page, or of its error summary."""
    if "error-summary" in body:
        summary = body.split("error-summary", 1)[1].split("</ul>", 1)[0]
        found = [text_of(m) for m in SUMMARY_ITEM.findall(summary)]
        if found:
            return "error", " | ".join(found)[:300]
    match = ALERT.search(body)
    if match:
        return match.group(1), text_of(match.group(2))[:300]
    return "", ""


def outcome(response) -> tuple[str, str]:
    """What the user saw: (kind, message). `response` followed the redirects (as a browser does)."""
    if response is None or response.status_code == 0:
        return "no_answer", str(getattr(response, "error", ""))[:200] if response is not None else ""
    status = response.status_code
    body = response.text or ""
    redirected = any(r.status_code in (301, 302, 303) for r in response.history)
    if status >= 500:
        for text, kind in LB_PAGES.items():
            if text in body:
                return kind, ""
        return "server_error", text_of(body)[:200]
    level, message = page_message(body)
    if redirected and "/account/inloggen/" in (response.url or ""):
        return "refused", "naar de aanmeldpagina gestuurd (niet ingelogd)"
    if status == 200 and redirected:
        return ("refused" if level == "error" else "ok"), message
    if 400 <= status < 500:
        return "refused", message or text_of(body)[:200]
    return f"unexpected_{status}", message


class SiteUser(HttpUser):
    abstract = True

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def get(self, path: str, name: str | None = None):
        with self.client.get(path, name=name or path, timeout=TIMEOUT, catch_response=True) as response:
            kind, message = outcome(response)
            if response.status_code >= 500 or response.status_code == 0:
                response.failure(f"{kind} {response.status_code} {message[:80]}".strip())
            elif response.status_code >= 400:
                response.failure(f"refused {response.status_code}")
            else:
                response.success()
            return response

    def post(self, path: str, data: dict[str, str], name: str):
        """POST a form as a browser does (CSRF token from the cookie, Referer, following the redirect); returns
        (kind, message, status, response)."""
        form = {**data, "csrfmiddlewaretoken": self.csrf()}
        headers = {"Referer": f"{self.host}{path}"}
        with self.client.post(path, data=form, headers=headers, name=name, timeout=TIMEOUT,
                              catch_response=True) as response:
            kind, message = outcome(response)
            if kind in ("ok", "refused"):
                response.success()  # a refusal with a clear message is the site working
            else:
                response.failure(f"{kind} {response.status_code} {message[:80]}".strip())
            return kind, message, response.status_code, response

    def sign_in(self, email: str, password: str) -> bool:
        page = self.get("/account/inloggen/", name="sign-in form")
        token = CSRF_INPUT.search(page.text or "")
        if token is None:
            return False
        with self.client.post("/account/inloggen/", data={"username": email, "password": password,
                                                          "csrfmiddlewaretoken": token.group(1)},
                              headers={"Referer": f"{self.host}/account/inloggen/"}, name="sign in",
                              timeout=TIMEOUT, catch_response=True) as response:
            signed_in = bool(self.client.cookies.get("sessionid"))
            if not signed_in:
                response.failure(f"sign-in failed {response.status_code}")
            return signed_in


class Resident(SiteUser):
    """Browses lists and items, supports, comments, files an item, signs up for an activity."""

    weight = 9
    wait_time = between(1, 3)

    def on_start(self) -> None:
        residents = CONFIG["residents"]
        self.email = residents[next(_resident_numbers) % len(residents)]
        self.items: list[tuple[str, str]] = []  # (slug, id) of public items seen while browsing
        self.activities: list[str] = []
        deadline = time.monotonic() + 20
        while not self.sign_in(self.email, CONFIG["password"]) and time.monotonic() < deadline:
            time.sleep(1)

    def _seen(self, body: str) -> None:
        for _path, slug, item_id in ITEM_LINK.findall(body or ""):
            if (slug, item_id) not in self.items:
                self.items.append((slug, item_id))
        del self.items[:-50]

    @task(6)
    def browse(self) -> None:
        page = random.choice(["", "", "?pagina=2", "?kind=idea", "?kind=report"])
        listing = self.get(f"/inbreng/{page}", name="/inbreng/")
        self._seen(listing.text)
        if self.items:
            slug, item_id = random.choice(self.items)
            self.get(f"/wijken/{slug}/inbreng/", name="/wijken/[slug]/inbreng/")
            self.get(f"/wijken/{slug}/inbreng/{item_id}/", name="/wijken/[slug]/inbreng/[id]/")

    def _an_item(self) -> str | None:
        if not self.items:
            self._seen(self.get("/inbreng/", name="/inbreng/").text)
        return random.choice(self.items)[1] if self.items else None

    @task(2)
    def support(self) -> None:
        item_id = self._an_item()
        if item_id is None:
            return
        follow = random.random() < 0.5
        kind, message, status, _r = self.post(f"/inbreng/{item_id}/steun/", {"volgen": "1"} if follow else {},
                                              "support")
        record(write="support", item=int(item_id), email=self.email, outcome=kind, status=status, message=message)

    @task(2)
    def comment(self) -> None:
        item_id = self._an_item()
        if item_id is None:
            return
        body = f"Belasting {uuid.uuid4().hex}: ik zie dit ook, elke dag weer."
        kind, message, status, _r = self.post(f"/inbreng/{item_id}/reageer/", {"body": body}, "comment")
        record(write="comment", item=int(item_id), email=self.email, body=body, outcome=kind, status=status,
               message=message)

    @task(1)
    def submit(self) -> None:
        form = CONFIG["submit"]
        self.get(f"/inbreng/nieuw/?lat={form['lat']}&lon={form['lon']}", name="/inbreng/nieuw/ (form)")
        key = str(uuid.uuid4())
        data = {"kind": random.choice(["idea", "report"]), "title": f"Belasting {key[:8]}: een bankje erbij",
                "description": "Bij de speeltuin is geen plek om te zitten; een bankje zou helpen.",
                "theme": str(form["theme"]), "lat": str(form["lat"]), "lon": str(form["lon"]),
                "submission_key": key, "photo_alt": ""}
        for attempt in (1, 2):  # no good answer: press the button once more, with the same form
            kind, message, status, response = self.post("/inbreng/nieuw/", data, "submit")
            receipt = next((r.headers.get("Location", "") for r in response.history), "")
            number = re.search(r"/mijn-inbreng/(\d+)/", receipt or "")
            record(write="submit", key=key, email=self.email, attempt=attempt, outcome=kind, status=status,
                   message=message, item=int(number.group(1)) if number else None)
            if kind in ("ok", "refused"):
                break
            time.sleep(1)

    @task(1)
    def sign_up(self) -> None:
        if not self.activities:
            agenda = self.get("/activiteiten/", name="/activiteiten/")
            self.activities = sorted(set(ACTIVITY_LINK.findall(agenda.text or "")))
        if not self.activities:
            return
        activity = random.choice(self.activities)
        self.get(f"/activiteiten/{activity}/", name="/activiteiten/[id]/")
        kind, message, status, _r = self.post(f"/activiteiten/{activity}/aanmelden/", {}, "activity sign-up")
        record(write="rsvp", activity=int(activity), email=self.email, outcome=kind, status=status,
               message=message)


class Staff(SiteUser):
    """The moderator publishes what residents filed and places their comments; the district's civil servant takes
    published items into consideration. Both work from the inbox (werkplek)."""

    fixed_count = 2
    wait_time = between(2, 5)

    def on_start(self) -> None:
        accounts = CONFIG["staff"]
        self.email = accounts[next(_staff_numbers) % len(accounts)]
        self.role = "moderator" if self.email.startswith("moderator") else "team"
        deadline = time.monotonic() + 20
        while not self.sign_in(self.email, CONFIG["staff_password"]) and time.monotonic() < deadline:
            time.sleep(1)

    @task
    def handle(self) -> None:
        inbox = self.get("/werkplek/", name="/werkplek/")
        ids = list(dict.fromkeys(STAFF_ITEM_LINK.findall(inbox.text or "")))
        if not ids:
            return
        item_id = random.choice(ids[:15])
        page = self.get(f"/werkplek/inbreng/{item_id}/", name="/werkplek/inbreng/[id]/").text or ""
        targets = re.findall(r'<option value="([a-z_]+)"', page.split('name="stap-target"', 1)[-1].split("</select>")[0]) \
            if 'name="stap-target"' in page else []
        pending = re.findall(r'name="comment" value="(\d+)"', page)
        wanted = "published" if self.role == "moderator" else "under_consideration"
        if self.role == "moderator" and pending and (wanted not in targets or random.random() < 0.5):
            comment = random.choice(pending)
            kind, message, status, _r = self.post(f"/werkplek/inbreng/{item_id}/", {
                "action": "comment", "comment": comment, "decision": "approve", "reason": ""}, "staff: place comment")
            record(write="moderate", comment=int(comment), item=int(item_id), email=self.email, outcome=kind,
                   status=status, message=message)
        elif wanted in targets:
            reason = f"Belasting {uuid.uuid4().hex}"
            kind, message, status, _r = self.post(f"/werkplek/inbreng/{item_id}/", {
                "action": "transition", "stap-target": wanted, "stap-reason": reason, "stap-public_note": ""},
                "staff: change status")
            record(write="transition", item=int(item_id), target=wanted, reason=reason, email=self.email,
                   outcome=kind, status=status, message=message)
