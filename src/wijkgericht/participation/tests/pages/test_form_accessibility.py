"""Forms that work with a screen reader and without surprises: errors and help linked to their fields (WCAG 1.3.1,
3.3.1), labels that do not contradict themselves, no consequential step chosen by default, unique ids on the staff
item desk, and no red radio buttons before anyone answered."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.participation import workflow
from wijkgericht.participation.forms import (
    AdviceAnswerForm,
    AdviceRequestForm,
    CommentForm,
    MergeForm,
    SolvedForm,
    SubmissionForm,
    TransitionForm,
)
from wijkgericht.participation.models import Comment, Item
from wijkgericht.participation.services import item_transition
from wijkgericht.participation.testing import submit

pytestmark = pytest.mark.django_db

TARGETS = [("published", "gepubliceerd"), ("rejected", "afgewezen")]


class Elements(HTMLParser):
    """Every start tag of a page with its attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def ids(self) -> list[str]:
        return [attrs["id"] for _tag, attrs in self.tags if "id" in attrs]

    def with_attr(self, name: str) -> list[tuple[str, dict[str, str]]]:
        return [(tag, attrs) for tag, attrs in self.tags if name in attrs]


def references_resolve(html: str) -> list[str]:
    """The aria-describedby values of `html`, after checking that each id they name is in the html."""
    page = Elements(html)
    ids = set(page.ids())
    described = [attrs["aria-describedby"] for _tag, attrs in page.with_attr("aria-describedby")]
    for value in described:
        missing = [ref for ref in value.split() if ref not in ids]
        assert not missing, f"aria-describedby={value!r} names ids that are not on the page: {missing}"
    for _tag, attrs in page.with_attr("for"):
        assert attrs["for"] in ids, f"a label for {attrs['for']!r}, which is not on the page"
    return described


def invalid_forms(municipality):
    return [
        SubmissionForm({"kind": "", "title": "", "description": ""}, municipality=municipality),
        SolvedForm({}),
        TransitionForm({"target": "nonsense"}, targets=TARGETS),
        AdviceRequestForm({}),
        AdviceAnswerForm({"answer": "", "reasoning": ""}),
        MergeForm({"into": "0"}),
        CommentForm({}),
    ]


def test_every_error_and_help_text_a_field_points_to_is_on_the_page(roles):
    for form in invalid_forms(roles.municipality):
        assert not form.is_valid()
        html = render_to_string("frame/_fields.html", {"form": form})
        described = " ".join(references_resolve(html)).split()
        for field in form.visible_fields():
            if field.errors:
                assert f"{field.auto_id}_error" in described, (type(form).__name__, field.name)
            if field.help_text:
                assert f"{field.auto_id}_helptext" in described, (type(form).__name__, field.name)


def test_a_field_with_help_and_an_error_is_described_by_both_in_order(roles):
    form = SubmissionForm({"title": ""}, municipality=roles.municipality)
    html = render_to_string("frame/_fields.html", {"form": form})
    assert 'aria-describedby="id_title_helptext id_title_error"' in html
    assert 'id="id_title_error"' in html and 'id="id_title_helptext"' in html
    # A radio list is described on its fieldset, with the same ids.
    solved = SolvedForm({})
    html = render_to_string("frame/_fields.html", {"form": solved})
    assert '<fieldset class="utrecht-form-fieldset" aria-describedby="id_solved_error">' in html


def test_radio_buttons_are_marked_invalid_only_after_a_failed_submit():
    fresh = render_to_string("frame/_fields.html", {"form": AdviceAnswerForm()})
    assert 'type="radio"' in fresh and "aria-invalid" not in fresh
    failed = render_to_string("frame/_fields.html", {"form": AdviceAnswerForm({"reasoning": "x"})})
    radios = [attrs for tag, attrs in Elements(failed).tags if tag == "input" and attrs.get("type") == "radio"]
    assert radios and all(attrs.get("aria-invalid") == "true" for attrs in radios)
    # The style sheet undoes Utrecht's red for a required radio that is :invalid only because nobody answered yet.
    css = Path(finders.find("web/site.css")).read_text()
    assert ".utrecht-radio-button--html-input:invalid:not([aria-invalid=true])" in css


def test_conditionally_required_fields_say_when_not_optional():
    transition = render_to_string("frame/_fields.html", {"form": TransitionForm(targets=TARGETS)})
    label = transition.split('for="id_reason"', 1)[1].split("</label>", 1)[0]
    assert "Reden" in label and "(verplicht bij afwijzen of besluiten)" in label and "optioneel" not in label
    note = transition.split('for="id_public_note"', 1)[1].split("</label>", 1)[0]
    assert "(optioneel)" in note  # truly optional fields still say so
    solved = render_to_string("frame/_fields.html", {"form": SolvedForm()})
    label = solved.split('for="id_comment"', 1)[1].split("</label>", 1)[0]
    assert "Toelichting" in label and "(verplicht bij ‘nee’)" in label and "optioneel" not in label


def test_the_submission_form_says_what_is_missing(roles):
    form = SubmissionForm({"kind": ""}, municipality=roles.municipality)
    assert not form.is_valid()
    assert form.errors["kind"] == ["Kies wat u wilt inbrengen."]
    assert form.errors["theme"] == ["Kies een thema."]
    assert form.errors["title"] == ["Geef uw idee of melding een titel."]
    assert form.errors["description"] == ["Beschrijf wat er beter kan."]


def test_no_step_is_chosen_by_default(client, roles):
    item = submit(roles)
    url = f"/werkplek/inbreng/{item.pk}/"
    sign_in_verified(client, roles.district_alderman)
    page = client.get(url).content.decode()
    select = page.split('<select name="stap-target"', 1)[1].split("</select>", 1)[0]
    assert " required" in select.split(">", 1)[0]
    options = select.split("<option")[1:]
    assert options[0].startswith(' value="" selected>Kies de volgende stap<')
    assert all("selected" not in option for option in options[1:])
    response = client.post(url, {"action": "transition", "stap-reason": "Per ongeluk"})
    assert response.status_code == 400
    assert "Kies de volgende stap." in response.content.decode()
    item.refresh_from_db()
    assert item.status == workflow.SUBMITTED


def test_the_message_after_a_step_names_the_new_status(client, roles):
    item = submit(roles)
    sign_in_verified(client, roles.district_alderman)
    response = client.post(f"/werkplek/inbreng/{item.pk}/", {"action": "transition", "stap-target": "published"})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Status gewijzigd in ‘gepubliceerd’."]


def _desk_pages(client, roles) -> dict[str, str]:
    """The staff item desk as each role sees it, fresh and after a failed post: together every form it has."""
    pages = {}
    sign_in_verified(client, roles.district_alderman)
    new = f"/werkplek/inbreng/{submit(roles, title='Nieuw bankje').pk}/"
    pages["district alderman"] = client.get(new).content.decode()
    pages["failed step"] = client.post(new, {"action": "transition", "stap-target": "",
                                             "stap-reason": "x"}).content.decode()
    item = item_transition(item=submit(roles), actor=None, target=workflow.PUBLISHED)
    item = item_transition(item=item, actor=None, target=workflow.UNDER_CONSIDERATION)
    url = f"/werkplek/inbreng/{item.pk}/"
    pages["considering"] = client.get(url).content.decode()
    pages["failed merge"] = client.post(url, {"action": "merge", "samenvoegen-into": "999999",
                                              "samenvoegen-reason": "Dubbel"}).content.decode()
    pages["failed advice"] = client.post(url, {"action": "advice", "advies-question": ""}).content.decode()
    client.post(url, {"action": "advice", "advies-question": "Past dit bij het sportbeleid?"})
    sign_in_verified(client, roles.portfolio_holder)
    pages["portfolio holder"] = client.get(url).content.decode()
    pages["failed answer"] = client.post(url, {"action": "answer", "antwoord-answer": ""}).content.decode()
    moderated = Item.objects.get(title="Beweegroute voor ouderen door Nieuweland")
    assert Comment.objects.filter(item=moderated, status=Comment.Status.PENDING).exists()
    sign_in_verified(client, roles.moderator)
    pages["moderator"] = client.get(f"/werkplek/inbreng/{moderated.pk}/").content.decode()
    return pages


def test_the_staff_item_desk_has_unique_ids_and_linked_labels(client, roles):
    pages = _desk_pages(client, roles)
    seen_forms = set()
    for who, html in pages.items():
        page = Elements(html)
        duplicates = [i for i, n in Counter(page.ids()).items() if n > 1]
        assert not duplicates, f"{who}: ids used more than once: {duplicates}"
        references_resolve(html)
        posts = [attrs for tag, attrs in page.tags  # the page's own forms, not the header's sign-out
                 if tag == "form" and attrs.get("method") == "post" and attrs.get("action") == ""]
        assert posts and all("novalidate" in attrs for attrs in posts), who
        seen_forms |= {attrs["value"] for tag, attrs in page.tags
                       if tag == "input" and attrs.get("name") == "action"}
    assert {"transition", "advice", "answer", "merge", "comment"} <= seen_forms
    assert 'id="id_stap-reason"' in pages["district alderman"]
    assert 'id="id_samenvoegen-reason"' in pages["district alderman"]
    for failed, error_id in [("failed step", "id_stap-target_error"), ("failed merge", "id_samenvoegen-into_error"),
                             ("failed advice", "id_advies-question_error"),
                             ("failed answer", "id_antwoord-answer_error")]:
        assert f'id="{error_id}"' in pages[failed], failed
