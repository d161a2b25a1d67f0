"""Forms of the public agenda pages: field checks and Dutch messages only; the rules live in agenda.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkgericht.agenda.models import ActivityKind
from wijkgericht.districts.models import Municipality
from wijkgericht.frame.forms import StyledForm


class AgendaFilterForm(StyledForm):
    """The agenda's filters (GET): district and kind by slug, so addresses stay readable and shareable."""

    wijk = forms.ChoiceField(label=_("Wijk"), required=False)
    soort = forms.ChoiceField(label=_("Soort activiteit"), required=False)

    def __init__(self, *args: Any, districts: list[tuple[str, str]], kinds: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["wijk"].choices = [("", _("Alle wijken")), *districts]
        self.fields["soort"].choices = [("", _("Alle soorten")), *kinds]


class KindChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ActivityKind) -> str:
        return f"{obj.name} – {obj.description}" if obj.description else obj.name


class InviteForm(StyledForm):
    """"Nodig uw wijkwethouder uit": which form, which topic, where."""

    kind = KindChoiceField(label=_("Hoe wilt u uw wijkwethouder ontmoeten?"), queryset=ActivityKind.objects.none(),
                           widget=forms.RadioSelect, empty_label=None)
    topic = forms.CharField(label=_("Waarover?"), max_length=200,
                            help_text=_("Bijvoorbeeld: ‘Verkeersveiligheid rond de basisschool’."))
    place = forms.CharField(label=_("Waar?"), max_length=200, required=False,
                            help_text=_("Een adres of herkenbare plek in de wijk, als u er een weet."))

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = ActivityKind.objects.filter(municipality=municipality, active=True)
