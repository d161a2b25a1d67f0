"""Text from the database is Dutch; on the English pages it is marked lang="nl" (WCAG 2.1 SC 3.1.2 Language of
Parts), so screen readers pronounce it as Dutch. The Dutch pages stay as they were: no lang="nl" but on <html>."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.agenda.models import Activity, ActivityKind
from wijkgericht.agenda.services.activities import activity_create
from wijkgericht.agenda.services.kinds import kinds_ensure_defaults
from wijkgericht.districts.models import District
from wijkgericht.participation.models import Comment, Item
from wijkgericht.participation.selectors import public_items

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _LanguageOfText(HTMLParser):
    """Each run of text in <body> with the language in force there: the nearest lang attribute around it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.runs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):  # tolerant of an unclosed element
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if not data.strip() or any(tag in ("head", "script", "style") for tag, _lang in self.stack):
            return
        lang = next((lang for _tag, lang in reversed(self.stack) if lang is not None), "")
        self.runs.append((" ".join(data.split()), lang))


def languages_of(page: str, text: str) -> set[str]:
    """The languages in force wherever `text` (one line, no markup) is shown in the page's body."""
    parser = _LanguageOfText()
    parser.feed(page)
    wanted = " ".join(text.split())
    found = {lang for run, lang in parser.runs if wanted in run}
    assert found, f"{text!r} is not on the page"
    return found


def first_line(text: str) -> str:
    return text.strip().splitlines()[0].strip()[:60]


# --- the tag ---------------------------------------------------------------------------------------------------

def _render_tag() -> str:
    return Template("{% load content_language %}<p{% content_lang %}>x</p>").render(Context())


def test_tag_marks_dutch_content_on_an_english_page(settings):
    settings.LANGUAGE_CODE = "nl"
    with translation.override("en"):
        assert _render_tag() == '<p lang="nl">x</p>'  # not escaped: an attribute, not text


def test_tag_adds_nothing_on_a_dutch_page(settings):
    settings.LANGUAGE_CODE = "nl"
    for active in ("nl", "nl-be"):
        with translation.override(active):
            assert _render_tag() == "<p>x</p>"


def test_tag_follows_the_content_language_setting(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("nl"):
        assert _render_tag() == '<p lang="en">x</p>'
    with translation.override("en"):
        assert _render_tag() == "<p>x</p>"


def test_tag_adds_nothing_without_an_active_language(settings):
    settings.LANGUAGE_CODE = "nl"
    with translation.override(None):
        assert _render_tag() == "<p>x</p>"


# --- the pages -------------------------------------------------------------------------------------------------

@pytest.fixture
def activity(roles) -> Activity:
    kinds_ensure_defaults(roles.municipality)
    starts = timezone.now() + dt.timedelta(days=7)
    return activity_create(
        actor=None, municipality=roles.municipality,
        kind=ActivityKind.objects.get(municipality=roles.municipality, slug="wijkoverleg"),
        title="Fietstocht langs de speelplekken", districts=[District.objects.get(code="WK048909")],
        starts_at=starts, ends_at=starts + dt.timedelta(hours=2), place="Wijkcentrum Het Kruispunt",
        description="We fietsen samen langs de speeltuinen en praten over wat beter kan.")


def _pages(client, path: str) -> tuple[str, str]:
    dutch = client.get(path)
    english = client.get(f"/en{path}")
    assert dutch.status_code == english.status_code == 200
    return dutch.content.decode(), english.content.decode()


def _assert_dutch_page_unchanged(page: str) -> None:
    assert '<html lang="nl"' in page
    assert page.count('lang="nl"') == 1, "a Dutch page marks nothing but <html> as Dutch"


def _assert_named_in_both(dutch: str, english: str, *named) -> None:
    """A name the municipality gave in Dutch and English (a theme, an activity kind; django-modeltranslation) reads
    in English on the English page, not marked as Dutch; without an English name it would be marked lang="nl"
    (tests/test_translated_names.py)."""
    for obj in named:
        assert obj.name_en, obj.name_nl  # the demo and the default kinds name them in English
        assert languages_of(english, obj.name_en) == {"en"}, obj.name_en
        assert languages_of(dutch, obj.name_nl) == {"nl"}, obj.name_nl


def test_district_page_marks_its_dutch_texts(client, roles, activity):
    district = District.objects.get(code="WK048909")
    item = public_items(district=district)[0]
    dutch, english = _pages(client, f"/wijken/{district.slug}/")
    assert '<html lang="en"' in english
    texts = [first_line(district.character), district.needs_list[0], item.title, activity.title]
    for text in texts:
        assert languages_of(english, text) == {"nl"}, text
        assert languages_of(dutch, text) == {"nl"}  # from <html lang="nl">
    _assert_named_in_both(dutch, english, item.theme, activity.kind)
    assert languages_of(english, "Your district alderman") == {"en"}  # our own texts are not marked
    _assert_dutch_page_unchanged(dutch)


def test_item_page_marks_title_description_theme_and_comments(client, roles):
    item = Item.objects.get(title="Bankjes langs het water")
    comment = Comment.objects.get(item=item, status=Comment.Status.APPROVED)
    dutch, english = _pages(client, f"/wijken/{item.district.slug}/inbreng/{item.pk}/")
    for text in (item.title, first_line(item.description), first_line(comment.body)):
        assert languages_of(english, text) == {"nl"}, text
    _assert_named_in_both(dutch, english, item.theme)
    assert languages_of(english, "Comments") == {"en"}
    _assert_dutch_page_unchanged(dutch)


def test_activity_page_marks_title_kind_place_and_description(client, roles, activity):
    dutch, english = _pages(client, f"/activiteiten/{activity.pk}/")
    for text in (activity.title, activity.place, activity.description):
        assert languages_of(english, text) == {"nl"}, text
    _assert_named_in_both(dutch, english, activity.kind)
    _assert_dutch_page_unchanged(dutch)


def test_staff_item_page_marks_title_description_and_comments(client, roles):
    item = Item.objects.get(title="Bankjes langs het water")
    comment = Comment.objects.get(item=item, status=Comment.Status.APPROVED)
    sign_in_verified(client, roles.administrator)
    dutch, english = _pages(client, f"/werkplek/inbreng/{item.pk}/")
    for text in (item.title, first_line(item.description), first_line(comment.body)):
        assert languages_of(english, text) == {"nl"}, text
    _assert_named_in_both(dutch, english, item.theme)
    _assert_dutch_page_unchanged(dutch)
