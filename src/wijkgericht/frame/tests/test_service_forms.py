"""call_service, the one way a staff page calls a service: a refusal lands on the form or in the messages, a
success adds its message, and the outcome tells the page whether to redirect or show the form again."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from wijkgericht.frame.service_forms import call_service


class EventForm(forms.Form):
    title = forms.CharField()
    start = forms.DateTimeField(required=False)


def post_request():
    request = RequestFactory().post("/", {"title": "Wijkoverleg"})
    request._messages = CookieStorage(request)
    return request


def bound_form() -> EventForm:
    form = EventForm({"title": "Wijkoverleg"})
    assert form.is_valid()
    return form


def raising(exc: Exception):
    def call():
        raise exc
    return call


def shown(request) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in messages.get_messages(request)]


def test_success_returns_the_value_and_adds_the_success_message():
    request, form = post_request(), bound_form()
    outcome = call_service(request, lambda: 42, form=form, success="Opgeslagen.")
    assert outcome.ok and outcome.done and not outcome.on_form
    assert outcome.value == 42 and outcome.error is None
    assert shown(request) == [("success", "Opgeslagen.")]
    assert not form.errors


def test_field_errors_land_on_their_fields_with_aliases_and_the_rest_above_the_form():
    request, form = post_request(), bound_form()
    error = ValidationError({"title": "Te lang.", "starts_at": "Ligt in het verleden.", "owner": "Kies iemand.",
                             "capacity": "Te veel."})
    outcome = call_service(request, raising(error), form=form, success="Opgeslagen.",
                           aliases={"starts_at": "start", "owner": None})
    assert not outcome.ok and not outcome.done and outcome.on_form and outcome.error is error
    assert form.errors["title"] == ["Te lang."]
    assert form.errors["start"] == ["Ligt in het verleden."]
    assert form.non_field_errors() == ["Kies iemand.", "Te veel."]  # aliased to no field, and unknown to the form
    assert shown(request) == []


def test_field_errors_as_one_line_above_the_form_when_not_by_field():
    request, form = post_request(), bound_form()
    call_service(request, raising(ValidationError({"title": "Te lang.", "start": "Te vroeg."})), form=form,
                 success="Opgeslagen.", by_field=False)
    assert form.non_field_errors() == ["Te lang. Te vroeg."]
    assert "title" not in form.errors and "start" not in form.errors


def test_a_plain_message_goes_above_the_form():
    request, form = post_request(), bound_form()
    outcome = call_service(request, raising(ValidationError("Dit advies is al gegeven.")), form=form,
                           success="Opgeslagen.")
    assert outcome.on_form and not outcome.done
    assert form.non_field_errors() == ["Dit advies is al gegeven."]
    assert shown(request) == []


def test_without_a_form_a_validation_error_is_a_message_and_the_page_is_done():
    request = post_request()
    outcome = call_service(request, raising(ValidationError({"item": "Onbekend.", "owner": "Kies iemand."})),
                           success="Opgeslagen.")
    assert not outcome.ok and outcome.done and not outcome.on_form
    assert isinstance(outcome.error, ValidationError)
    assert shown(request) == [("error", "Onbekend. Kies iemand.")]


def test_permission_denied_is_a_message_with_its_own_text_or_the_default():
    request, form = post_request(), bound_form()
    outcome = call_service(request, raising(PermissionDenied("U mag dit niet doen voor deze wijk.")), form=form,
                           success="Opgeslagen.", denied_message="Dat mag u niet.")
    assert not outcome.ok and outcome.done and isinstance(outcome.error, PermissionDenied)
    assert shown(request) == [("error", "U mag dit niet doen voor deze wijk.")]
    assert not form.errors

    request = post_request()
    call_service(request, raising(PermissionDenied()), success="Opgeslagen.", denied_message="Dat mag u niet.")
    assert shown(request) == [("error", "Dat mag u niet.")]


def test_permission_denied_on_the_form_when_asked():
    request, form = post_request(), bound_form()
    outcome = call_service(request, raising(PermissionDenied("U mag dit niet doen.")), form=form,
                           success="Opgeslagen.", denied_on_form=True)
    assert not outcome.ok and outcome.on_form and not outcome.done
    assert form.non_field_errors() == ["U mag dit niet doen."]
    assert shown(request) == []


def test_other_exceptions_are_not_swallowed():
    request = post_request()
    with pytest.raises(KeyError):
        call_service(request, raising(KeyError("x")), success="Opgeslagen.")
    assert shown(request) == []
