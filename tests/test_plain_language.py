"""Plain Dutch on residents' pages (issue #14): no term listed in docs/plain-language.toml reappears on a page a
resident reads. The crawl starts at the home page in Dutch, as an anonymous visitor and as a signed-in resident, and
follows the site's own links (never staff pages, downloads or the English pages); an item in every state and the
resident's messages about their items are added, so every status label and message text is read."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest

from wijkgericht.participation import workflow
from wijkgericht.participation.models import Item
from wijkgericht.participation.services import public_path

pytestmark = pytest.mark.django_db

GLOSSARY = Path(__file__).resolve().parents[1] / "docs" / "plain-language.toml"
NOT_RESIDENT_PAGES = ("/werkplek/", "/admin/", "/api/", "/open311/", "/en/", "/gemeenten/", "/media/", "/static/",
                      "/i18n/", "/huisstijl/", "/healthz")
DOWNLOAD = re.compile(r"\.(ics|csv|json|jsonld|geojson|pb|pdf|xlsx|xml|png|jpg|webp|svg)$")
SIGN_OUT = re.compile(r"uitloggen|logout|verwijderen", re.I)
PER_KIND = 2  # pages of one shape (digits replaced) read at most: every item page reads the same template
MAX_PAGES = 400
SHOWN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")


def glossary() -> list[dict]:
    return tomllib.loads(GLOSSARY.read_text(encoding="utf-8"))["term"]


class VisibleText(HTMLParser):
    """The text a resident reads or hears: text outside script/style, and the attributes read aloud or shown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        self.parts.extend(attributes[name] for name in SHOWN_ATTRIBUTES if attributes.get(name))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.parts))


def resident_page(href: str) -> str | None:
    """The path to read, or None for a link that leaves the residents' pages."""
    href = urldefrag(href)[0]
    parts = urlsplit(href)
    if parts.scheme not in ("", "http", "https") or (parts.netloc and parts.netloc != "testserver"):
        return None
    path = parts.path
    if not path.startswith("/") or path.startswith(NOT_RESIDENT_PAGES) or DOWNLOAD.search(path):
        return None
    if SIGN_OUT.search(path):
        return None
    return path


def crawl(client, seeds: list[str]) -> dict[str, str]:
    """Visible text per page reached from the seeds by links (GET only; query strings dropped)."""
    texts: dict[str, str] = {}
    shapes: Counter[str] = Counter()
    queue = list(seeds)
    while queue and len(texts) < MAX_PAGES:
        path = queue.pop(0)
        shape = re.sub(r"\d+", "N", path)
        if path in texts or shapes[shape] >= PER_KIND:
            continue
        shapes[shape] += 1
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="nl")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            texts[path] = ""
            continue
        parser = VisibleText()
        parser.feed(response.content.decode())
        texts[path] = parser.text
        queue.extend(p for p in map(resident_page, parser.links) if p and p not in texts)
    return texts


def offences(texts: dict[str, str]) -> list[str]:
    found = []
    for entry in glossary():
        pattern = re.compile(entry["pattern"])
        allowed = tuple(entry.get("except_paths", ()))
        for path, text in texts.items():
            if allowed and path.startswith(allowed):
                continue
            for match in pattern.finditer(text):
                context = text[max(0, match.start() - 60):match.end() + 60]
                found.append(f"{path}: {entry['term']!r} in “…{context}…” (instead: {entry['instead']})")
    return found


def test_the_glossary_is_complete_and_its_patterns_compile():
    entries = glossary()
    assert len(entries) >= 10
    for entry in entries:
        assert {"term", "pattern", "instead", "stays"} <= entry.keys(), entry
        re.compile(entry["pattern"])
    # the patterns find what they were written for, and leave the words that replaced them alone
    sample = ("De portefeuillehouder Sport. Mijn inbreng. melding of behoefte. besloten: ja. Nieuwe stand: x. "
              "(JSON) Zet in uw agenda (.ics) BU04890918 WK048909 Gemiddelde WOZ-waarde. U heeft, heeft u")
    hits = {entry["term"] for entry in entries if re.search(entry["pattern"], sample)}
    assert hits == {entry["term"] for entry in entries} - {"Er is besloten over ‘…’"}
    plain = ("De wethouder van Sport. Mijn ideeën en meldingen. Idee inbrengen. melding. goedgekeurd. Er is iets "
             "veranderd: x. Zet in uw agenda. Nieuweland 4. Gemiddelde woningwaarde. U hebt, hebt u")
    assert not [entry["term"] for entry in entries if re.search(entry["pattern"], plain)]


def _item_in_every_state() -> list[str]:
    paths = []
    for status in workflow.STATUSES:
        item = (Item.objects.filter(status=status, merged_into__isnull=True)
                .select_related("district", "municipality").order_by("pk").first())
        if item is not None and status not in (workflow.SUBMITTED, workflow.REJECTED):
            paths.append(public_path(item))
    return paths


def _resident_messages(resident) -> None:
    """The messages a resident gets about their items, as the messages page shows them."""
    from wijkgericht.notifications.services import notify

    params = {"title": "Bankje bij de vijver", "status": "in behandeling bij het wijkteam", "decision": "goedgekeurd",
              "reason": "Past in het groenplan.", "note": "", "into_title": "Bankjes in het park", "round": "Wijkbudget",
              "number": "123", "kind": "idee", "days": "5", "date": "21 oktober 2026", "cost": "€ 500"}
    for event in ("item.published", "item.rejected", "item.status_changed", "item.decided", "item.done",
                  "item.merged", "budget.proposal_promoted"):
        notify(recipients=[resident], event=event, params=params, url="/")


def test_no_listed_term_on_residents_pages(client, roles):
    seeds = ["/", "/wijken/", "/wethouders/", "/vind-mijn-wijk/", "/activiteiten/", "/inbreng/", "/wijkbudget/",
             "/evaluatie/", "/betrokkenheid/", "/privacy/", "/toegankelijkheid/", "/contact/", "/over/",
             "/account/registreren/", "/account/inloggen/", *_item_in_every_state()]
    anonymous = crawl(client, seeds)
    assert len([text for text in anonymous.values() if text]) >= 30, sorted(anonymous)

    _resident_messages(roles.resident)
    client.force_login(roles.resident)
    signed_in = crawl(client, ["/mijn-inbreng/", "/account/", "/berichten/", "/inbreng/nieuw/", *seeds])
    problems = offences(anonymous) + offences({f"{path} (ingelogd)": text for path, text in signed_in.items()})
    assert not problems, "\n".join(problems)


def test_the_check_would_catch_a_term_that_comes_back():
    assert offences({"/wijken/x/": "Alle inbreng in deze wijk"}) and offences({"/": "U heeft een idee"})
    assert not offences({"/data/": "Wijken met hun wijkwethouder (JSON)"})


def test_a_message_stored_with_an_old_label_reads_the_new_wording():
    """Notifications keep their parameters; one written before the plain labels still reads plainly."""
    from django.utils import translation

    from wijkgericht.notifications.events import render

    with translation.override("nl"):
        body = render("item.decided", {"title": "Bankje", "decision": "besloten: ja"}).body
        assert body.startswith("Het wijkteam heeft ‘Bankje’ goedgekeurd.") and "besloten" not in body
        assert "is nu: melding" in render("item.status_changed", {"title": "x", "status": "melding of behoefte"}).body
    with translation.override("en"):
        assert "has not approved ‘Bankje’" in render("item.decided", {"title": "Bankje",
                                                                       "decision": "besloten: nee"}).body
