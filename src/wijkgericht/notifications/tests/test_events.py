"""Every event in the catalogue renders in Dutch and English from its parameters; nothing ever raises."""

from __future__ import annotations

import pytest
from django.utils import translation

from wijkgericht.notifications import events


def _params(event: events.Event) -> dict[str, str]:
    return {name: f"<{name}>" for name in event.params}


EXPECTED = {
    "item.submitted", "item.published", "item.rejected", "item.status_changed", "item.advice_requested",
    "item.advice_answered", "item.decided", "item.done", "item.reopened", "item.merged", "comment.pending",
    "comment.approved", "comment.rejected", "activity.changed", "activity.cancelled", "activity.waitlist_promoted",
}


def test_the_catalogue_has_every_event_the_apps_emit():
    assert EXPECTED <= set(events.CATALOGUE)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("name", sorted(events.CATALOGUE))
def test_every_event_renders_with_all_its_params(name, language):
    definition = events.CATALOGUE[name]
    with translation.override(language):
        rendered = events.render(name, _params(definition))
    assert rendered.subject and rendered.body
    assert "\n" not in rendered.subject
    text = rendered.subject + rendered.body
    assert "%(" not in text
    for param in definition.params:  # every parameter shows up somewhere: nothing the caller sent is lost
        assert f"<{param}>" in text, (name, param)


@pytest.mark.parametrize("name", sorted(events.CATALOGUE))
def test_missing_params_render_empty_never_raise(name):
    rendered = events.render(name, {})
    assert rendered.subject and "%(" not in rendered.body


def test_optional_sentence_only_when_given():
    without = events.render("item.status_changed", {"title": "Bankje", "status": "in behandeling", "note": ""})
    with_note = events.render("item.status_changed", {"title": "Bankje", "status": "in behandeling",
                                                      "note": "Na de zomer"})
    assert "Toelichting" not in without.body
    assert "Toelichting: Na de zomer" in with_note.body


def test_dutch_text_in_dutch():
    with translation.override("nl"):
        rendered = events.render("item.done", {"title": "Kapotte lantaarn"})
    assert "Kapotte lantaarn" in rendered.body and "echt opgelost" in rendered.body


def test_unknown_event_renders_generically():
    rendered = events.render("budget.something_new", {"title": "Speeltuin", "x": 1})
    assert "Speeltuin" in rendered.subject
    bare = events.render("nonsense", None)
    assert bare.subject and bare.body


def test_subject_is_one_line_even_when_a_title_has_newlines():
    rendered = events.render("item.published", {"title": "Regel een\r\nBcc: iemand@example.nl"})
    assert "\n" not in rendered.subject and "\r" not in rendered.subject


def test_label_params_are_translated_when_read():
    # "akkoord" is the Dutch source of AdviceRequest.Answer.AGREE; in English it reads in English when translated
    with translation.override("en"):
        english = translation.gettext("akkoord")
        rendered = events.render("item.advice_answered", {"title": "T", "portfolio": "Sport", "answer": "akkoord"})
    assert english != "akkoord"  # the English catalogue has it
    assert f": {english}." in rendered.body
