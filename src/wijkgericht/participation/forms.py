"""Forms of the resident and staff pages: field checks and Dutch messages only; the rules live in the services."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from wijkgericht.core import images
from wijkgericht.districts.models import Municipality
from wijkgericht.frame.forms import StyledForm
from wijkgericht.participation.models import AdviceRequest, Item, Theme


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Up to `max_count` photos, each checked and re-encoded (images.photo_process)."""

    def __init__(self, *args: Any, max_count: int | None = None, **kwargs: Any):
        self.max_count = settings.WIJKGERICHT_PHOTO_MAX_PER_ITEM if max_count is None else max_count
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > self.max_count:
            raise forms.ValidationError(_("U kunt hoogstens %(count)d foto's toevoegen.") % {"count": self.max_count})
        processed = []
        for upload in files:
            if not isinstance(upload, UploadedFile):
                raise forms.ValidationError(_("Er ging iets mis met het uploaden; probeer het opnieuw."))
            try:
                processed.append(images.photo_process(upload))
            except images.PhotoRejected as exc:
                raise forms.ValidationError(f"{upload.name}: {exc}") from exc
        return processed


class SubmissionForm(StyledForm):
    kind = forms.ChoiceField(label=_("Wat wilt u inbrengen?"), choices=Item.Kind.choices, widget=forms.RadioSelect,
                             initial=Item.Kind.IDEA, error_messages={"required": _("Kies wat u wilt inbrengen.")})
    theme = forms.ModelChoiceField(label=_("Thema"), queryset=Theme.objects.none(), empty_label=_("Kies een thema"),
                                   error_messages={"required": _("Kies een thema.")})
    title = forms.CharField(label=_("Titel"), max_length=120,
                            help_text=_("Kort en duidelijk, bijvoorbeeld: ‘Bankje bij de speeltuin’."),
                            error_messages={"required": _("Geef uw idee of melding een titel.")})
    description = forms.CharField(label=_("Omschrijving"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                                  help_text=_("Wat is er aan de hand, wat stelt u voor, en wie doet er mee?"),
                                  error_messages={"required": _("Beschrijf wat er beter kan.")})
    needs_decision = forms.BooleanField(label=_("Ik vraag geld of een besluit van de gemeente"), required=False)
    amount_requested = forms.DecimalField(label=_("Gevraagd bedrag in euro (als u geld vraagt)"), required=False,
                                          min_value=Decimal("1"), max_value=Decimal("1000000"), decimal_places=2)
    photos = MultiplePhotoField(label=_("Foto's"), required=False)
    photo_alt = forms.CharField(label=_("Wat staat er op de foto's?"), max_length=200, required=False,
                                help_text=_("Voor wie de foto niet kan zien."))
    lat = forms.FloatField(widget=forms.HiddenInput)
    lon = forms.FloatField(widget=forms.HiddenInput)
    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args: Any, municipality: Municipality, with_photos: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not with_photos:  # a draft (not signed in, or the address not confirmed yet): photos come after sign-in
            del self.fields["photos"], self.fields["photo_alt"]
        self.fields["theme"].queryset = Theme.objects.filter(municipality=municipality).order_by("order", "name")
        self.fields["theme"].label_from_instance = lambda theme: theme.label
        if not with_photos:
            return
        # The limits the upload checks use (settings), not a copy of them.
        self.fields["photos"].max_count = settings.WIJKGERICHT_PHOTO_MAX_PER_ITEM
        self.fields["photos"].help_text = gettext("Hoogstens %(count)d; JPEG, PNG of WebP, tot %(mb)d MB per "
                                                  "foto.") % {"count": settings.WIJKGERICHT_PHOTO_MAX_PER_ITEM,
                                                              "mb": settings.WIJKGERICHT_PHOTO_MAX_BYTES // 2**20}


class CommentForm(StyledForm):
    body = forms.CharField(label=_("Uw reactie"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("Reacties verschijnen na een controle door de moderator."))


class SolvedForm(StyledForm):
    solved = forms.TypedChoiceField(label=_("Is het echt opgelost?"), coerce=lambda v: v == "yes",
                                    choices=[("yes", _("Ja, het is opgelost")), ("no", _("Nee, nog niet"))],
                                    widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Toelichting"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    REQUIRED_WHEN = {"comment": _("verplicht bij ‘nee’")}  # engagement.solved_answer asks for it


class TransitionForm(StyledForm):
    # No step is chosen by default: some are decisions, and one unconsidered click must not take them.
    target = forms.ChoiceField(label=_("Nieuwe status"), error_messages={"required": _("Kies de volgende stap.")})
    reason = forms.CharField(label=_("Reden"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("De indiener ziet deze reden; behalve bij afwijzen staat hij ook op de "
                                         "openbare tijdlijn."))
    public_note = forms.CharField(label=_("Toelichting voor inwoners (op de tijdlijn)"), required=False,
                                  max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    REQUIRED_WHEN = {"reason": _("verplicht bij afwijzen of besluiten")}  # workflow.REASON_REQUIRED

    def __init__(self, *args: Any, targets: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", _("Kies de volgende stap")), *targets]


class AdviceRequestForm(StyledForm):
    question = forms.CharField(label=_("Vraag aan de portefeuillehouder"), max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 3}))


class AdviceAnswerForm(StyledForm):
    answer = forms.ChoiceField(label=_("Uw advies"), choices=AdviceRequest.Answer.choices, widget=forms.RadioSelect)
    reasoning = forms.CharField(label=_("Onderbouwing"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class MergeForm(StyledForm):
    into = forms.IntegerField(label=_("Nummer van de inbreng waarmee deze wordt samengevoegd"), min_value=1)
    reason = forms.CharField(label=_("Reden"), max_length=2000, required=False)


class CommentModerationForm(StyledForm):
    decision = forms.ChoiceField(label=_("Besluit"), widget=forms.RadioSelect,
                                 choices=[("approve", pgettext_lazy("moderation", "Plaatsen")),
                                          ("reject", pgettext_lazy("moderation", "Niet plaatsen"))])
    reason = forms.CharField(label=_("Reden (bij niet plaatsen; de schrijver ziet deze)"), max_length=300,
                             required=False)


class ItemFilterForm(StyledForm):
    """The district list's filters; all optional, invalid values are ignored rather than shown as errors."""

    kind = forms.ChoiceField(label=_("Soort"), required=False)
    theme = forms.ChoiceField(label=_("Thema"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    neighbourhood = forms.ChoiceField(label=_("Buurt"), required=False)

    def __init__(self, *args: Any, themes: list[tuple[str, str]], statuses: list[tuple[str, str]],
                 neighbourhoods: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        everything = [("", _("Alle"))]
        self.fields["kind"].choices = everything + list(Item.Kind.choices)
        self.fields["theme"].choices = everything + themes
        self.fields["status"].choices = everything + statuses
        self.fields["neighbourhood"].choices = everything + neighbourhoods


class ItemSearchForm(StyledForm):
    """The municipality's list (/inbreng/): words, filters and an order; all optional, invalid values ignored."""

    q = forms.CharField(label=_("Zoek op woorden"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))
    district = forms.ChoiceField(label=_("Wijk"), required=False)
    kind = forms.ChoiceField(label=_("Soort"), required=False)
    theme = forms.ChoiceField(label=_("Thema"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    sort = forms.ChoiceField(label=_("Volgorde"), required=False)

    def __init__(self, *args: Any, districts: list[tuple[str, str]], themes: list[tuple[str, str]],
                 statuses: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        everything = [("", _("Alle"))]
        self.fields["district"].choices = everything + districts
        self.fields["kind"].choices = everything + list(Item.Kind.choices)
        self.fields["theme"].choices = everything + themes
        self.fields["status"].choices = everything + statuses
        self.fields["sort"].choices = [
            ("", _("Best passend")), ("newest", _("Nieuwste eerst")),
            ("support", _("Meeste steun")), ("changed", _("Laatst gewijzigd"))]


class FlagForm(StyledForm):
    """"Misbruik melden": what is wrong with an item or reaction (participation.flags)."""

    reason = forms.ChoiceField(label=_("Wat is er mis?"), widget=forms.RadioSelect,
                               error_messages={"required": _("Kies wat er mis is.")})
    note = forms.CharField(label=_("Toelichting"), max_length=1000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("De moderator leest dit; anderen niet."))

    REQUIRED_WHEN = {"note": _("verplicht bij ‘iets anders’")}  # flags.flag_report asks for it

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        from wijkgericht.participation.models import Flag

        self.fields["reason"].choices = Flag.Reason.choices
