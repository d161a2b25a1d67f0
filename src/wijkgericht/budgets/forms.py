"""Forms of the budget's round, proposal and review pages: field checks and Dutch messages only; the rules live in
the services."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkgericht.budgets import workflow
from wijkgericht.budgets.models import PROPOSAL_STATUS_LABELS, REALISATION_LABELS
from wijkgericht.frame.forms import StyledForm
from wijkgericht.participation.models import Theme

MAX_EURO = 100_000_000
WHOLE_DISTRICT = "wijk"
ON_THE_MAP = "punt"


def euro_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=required, min_value=1, max_value=MAX_EURO, help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1", "min": "1"}),
        error_messages={"required": _("Vul een bedrag in."), "invalid": _("Vul een bedrag in hele euro's in, "
                                                                         "zonder punt of komma."),
                        "min_value": _("Vul een bedrag in van € 1 of meer."),
                        "max_value": _("Dit bedrag is te hoog.")})


class ProposalForm(StyledForm):
    share = forms.TypedChoiceField(label=_("Wijk"), coerce=int, choices=(),
                                   error_messages={"required": _("Kies een wijk."),
                                                   "invalid_choice": _("Kies een wijk uit de lijst.")})
    title = forms.CharField(label=_("Titel"), max_length=120,
                            help_text=_("Kort en duidelijk, bijvoorbeeld: ‘Bankjes bij de vijver’."),
                            error_messages={"required": _("Geef uw voorstel een titel.")})
    description = forms.CharField(label=_("Wat stelt u voor?"), max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 6}),
                                  help_text=_("Wat wilt u laten maken of doen? Voor wie is het?"),
                                  error_messages={"required": _("Beschrijf uw voorstel.")})
    theme = forms.ModelChoiceField(label=_("Thema"), queryset=Theme.objects.none(), empty_label=_("Kies een thema"),
                                   help_text=_("De wethouder van dit thema geeft advies voordat er gestemd wordt."),
                                   error_messages={"required": _("Kies een thema."),
                                                   "invalid_choice": _("Kies een thema uit de lijst.")})
    where = forms.ChoiceField(label=_("Waar?"), choices=(),
                              help_text=_("Kies de buurt, of de hele wijk."),
                              error_messages={"required": _("Kies waar het is."),
                                              "invalid_choice": _("Kies een buurt uit de lijst.")})
    estimated_cost = euro_field(_("Wat kost het ongeveer? (in euro)"),
                                help_text=_("Een schatting is goed. De gemeente rekent het later na."))
    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)
    lat = forms.FloatField(widget=forms.HiddenInput, required=False)
    lon = forms.FloatField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, shares: list[tuple[int, str]], themes: Any,
                 places: list[tuple[str, list[tuple[str, str]]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["share"].choices = shares
        if len(shares) == 1:
            self.fields["share"].widget = forms.HiddenInput()
            self.fields["share"].initial = shares[0][0]
        self.fields["theme"].queryset = themes
        self.fields["theme"].label_from_instance = lambda theme: theme.label
        self.fields["where"].choices = places


class ReviewForm(StyledForm):
    target = forms.ChoiceField(label=_("Beoordeling"), widget=forms.RadioSelect, choices=(),
                               error_messages={"required": _("Kies een beoordeling.")})
    cost = euro_field(_("Kosten volgens de gemeente (in euro)"), required=False)
    reason = forms.CharField(label=_("Toelichting (openbaar)"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Iedereen ziet deze toelichting bij het voorstel. Schrijf in gewone taal."))
    into = forms.TypedChoiceField(label=_("Samenvoegen met"), coerce=int, required=False, choices=(),
                                  error_messages={"invalid_choice": _("Kies een voorstel uit de lijst.")})
    REQUIRED_WHEN = {"cost": _("nodig bij haalbaar en op het stembiljet"),
                     "reason": _("nodig bij niet haalbaar en samenvoegen"),
                     "into": _("nodig bij samenvoegen")}

    def __init__(self, *args: Any, targets: list[str], merge_with: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        labels = {workflow.FEASIBLE: _("haalbaar"), workflow.NOT_FEASIBLE: _("niet haalbaar"),
                  workflow.MERGED: _("samenvoegen met een ander voorstel"), workflow.WITHDRAWN: _("intrekken"),
                  workflow.ADMITTED: _("op het stembiljet zetten")}
        self.fields["target"].choices = [(t, labels.get(t, PROPOSAL_STATUS_LABELS[t])) for t in targets]
        self.fields["into"].choices = [("", _("Kies een voorstel")), *merge_with]
        if not merge_with:
            del self.fields["into"]


class RealisationForm(StyledForm):
    status = forms.ChoiceField(label=_("Hoe ver is de uitvoering?"), widget=forms.RadioSelect,
                               choices=list(REALISATION_LABELS.items()),
                               error_messages={"required": _("Kies hoe ver de uitvoering is.")})
    text = forms.CharField(label=_("Bericht"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": _("Schrijf een kort bericht.")})
    photo = forms.FileField(label=_("Foto"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
    alt_text = forms.CharField(label=_("Wat staat er op de foto?"), max_length=200, required=False,
                               help_text=_("Voor wie de foto niet kan zien."))
    REQUIRED_WHEN = {"alt_text": _("nodig bij een foto")}


class PromoteForm(StyledForm):
    share = forms.TypedChoiceField(label=_("Welke ronde?"), coerce=int, choices=(), widget=forms.RadioSelect,
                                   error_messages={"required": _("Kies een ronde."),
                                                   "invalid_choice": _("Kies een ronde uit de lijst.")})

    def __init__(self, *args: Any, shares: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["share"].choices = shares
