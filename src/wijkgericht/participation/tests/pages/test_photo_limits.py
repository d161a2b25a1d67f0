"""The submission form states and applies the photo limits of the settings, not a copy of them."""

from __future__ import annotations

import pytest
from django.test import override_settings

from wijkgericht.participation.forms import SubmissionForm

pytestmark = pytest.mark.django_db


@override_settings(WIJKGERICHT_PHOTO_MAX_PER_ITEM=2, WIJKGERICHT_PHOTO_MAX_BYTES=4 * 2**20)
def test_the_form_follows_the_photo_settings(barendrecht):
    form = SubmissionForm(municipality=barendrecht)
    assert form.fields["photos"].max_count == 2
    assert "Hoogstens 2;" in form.fields["photos"].help_text and "tot 4 MB" in form.fields["photos"].help_text
