"""Text from the database is Dutch; on the English pages it is marked lang="nl" (WCAG 2.1 SC 3.1.2 Language of
Parts), so screen readers pronounce it as Dutch. The Dutch pages stay as they were."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

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
