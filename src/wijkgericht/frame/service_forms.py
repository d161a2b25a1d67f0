"""Calling a service from a staff page: the services own every rule and say no with ValidationError or
PermissionDenied; `call_service` shows that refusal where the page wants it (on the form, or as a message for the
next page) and adds the success message otherwise. Whether to redirect or show the bound form again stays with the
view, which reads it from the returned `ServiceOutcome`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest


@dataclass(frozen=True)
class ServiceOutcome:
    value: Any = None  # what the service returned, when it succeeded
    error: ValidationError | PermissionDenied | None = None  # the service's refusal
    on_form: bool = False  # the refusal was added to the form, so the page shows that form again

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def done(self) -> bool:
        """Nothing left to show on this page: it succeeded, or its refusal is a message (redirect and show it)."""
        return not self.on_form


def show_errors(form: BaseForm, exc: ValidationError, aliases: Mapping[str, str | None] | None = None) -> None:
    """Show a service's ValidationError on the form: each error on the field it names where the form has that
    field (`aliases` maps the service's names to the form's; None: no field), else above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        field = (aliases or {}).get(name, name)
        form.add_error(field if field in form.fields else None, errors)


def call_service(request: HttpRequest, call: Callable[[], Any], *, success: str, form: BaseForm | None = None,
                 by_field: bool = True, aliases: Mapping[str, str | None] | None = None,
                 denied_on_form: bool = False, denied_message: str = "") -> ServiceOutcome:
    """Run `call` (a service call with its arguments bound) and show how it went.

    - success: `success` as a success message;
    - ValidationError: on `form` (per field with `show_errors`, or with by_field=False as one line above it);
      without a form as an error message;
    - PermissionDenied: as an error message (its own text, else `denied_message`); on the form instead with
      `denied_on_form`.
    """
    try:
        value = call()
    except ValidationError as exc:
        if form is None:
            messages.error(request, " ".join(exc.messages))
            return ServiceOutcome(error=exc)
        if by_field:
            show_errors(form, exc, aliases)
        else:
            form.add_error(None, " ".join(exc.messages))
        return ServiceOutcome(error=exc, on_form=True)
    except PermissionDenied as exc:
        text = str(exc) or denied_message
        if denied_on_form and form is not None:
            form.add_error(None, text)
            return ServiceOutcome(error=exc, on_form=True)
        messages.error(request, text)
        return ServiceOutcome(error=exc)
    messages.success(request, success)
    return ServiceOutcome(value=value)
