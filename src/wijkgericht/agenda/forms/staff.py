"""Forms of the agenda's staff pages: field checks and Dutch messages only; permissions and rules live in the
services. Querysets are narrowed by the view to what the user may choose (districts they plan in, the current
board, the municipality's partners and staff)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkgericht.agenda.models import Activity, ActivityKind, AgendaItem, Partner
from wijkgericht.frame.forms import StyledForm

# Activities happen in the Netherlands: the date and clock times typed on the form are Dutch local time, whatever
# the server or the browser thinks.
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
CHECKBOX = "utrecht-checkbox utrecht-checkbox--html-input"
MAX_COUNT = 100_000  # places or attendees: a PostgreSQL integer column ends at 2^31 - 1 (a larger number was a 500)


class Checkboxes(forms.CheckboxSelectMultiple):
    """A list of checkboxes, each with the Utrecht class (rendered as a fieldset by frame/_fields.html)."""

    def __init__(self, attrs: dict[str, Any] | None = None, **kwargs: Any):
        super().__init__(attrs={"class": CHECKBOX, **(attrs or {})}, **kwargs)


class AgendaStyledForm(StyledForm):
    """StyledForm plus the inputs these pages use that it does not style (date, time, e-mail, URL)."""

    EXTRA = (forms.DateInput, forms.TimeInput, forms.EmailInput, forms.URLInput)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, self.EXTRA):
                field.widget.attrs.setdefault("class", TEXTBOX)


def _date_widget() -> forms.DateInput:
    """A native date picker: the browser shows the date in the user's own format (dd-mm-jjjj in Dutch) and sends
    ISO; so no "for example" hint, which could only show the one and would date."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_widget() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def local_parts(moment: dt.datetime) -> tuple[dt.date, dt.time]:
    local = moment.astimezone(AMSTERDAM)
    return local.date(), local.time().replace(second=0, microsecond=0)


class ActivityForm(AgendaStyledForm):
    kind = forms.ModelChoiceField(label=_("Soort activiteit"), queryset=ActivityKind.objects.none(),
                                  empty_label=_("Kies een soort"))
    title = forms.CharField(label=_("Titel"), max_length=150)
    description = forms.CharField(label=_("Omschrijving"), max_length=5000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    districts = forms.ModelMultipleChoiceField(label=_("Wijken"), queryset=None, widget=Checkboxes,
                                               help_text=_("Alleen de wijken waarin u activiteiten plant."))
    date = forms.DateField(label=_("Datum"), widget=_date_widget())
    start = forms.TimeField(label=_("Begintijd"), widget=_time_widget(), help_text=_("Bijvoorbeeld 19:30."))
    end = forms.TimeField(label=_("Eindtijd"), widget=_time_widget(), help_text=_("Bijvoorbeeld 21:00."))
    place = forms.CharField(label=_("Plaats"), max_length=200,
                            help_text=_("Adres of herkenbare plek. Dit is wat inwoners in de agenda lezen."))
    # The address (optional: a walk has a meeting point, not an address); residents read it under the place.
    street = forms.CharField(label=_("Straat"), max_length=150, required=False)
    house_number = forms.CharField(label=_("Huisnummer"), max_length=20, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=7, required=False, help_text=_("Bijvoorbeeld 2991 CD."))
    town = forms.CharField(label=_("Woonplaats"), max_length=100, required=False)
    # A point on the map next to the place: picked on the map below the form (map.js fills these two fields);
    # without JavaScript it is typed over from any map app.
    lat = forms.FloatField(label=_("Kaartpunt: breedtegraad"), required=False, min_value=-90, max_value=90,
                           help_text=_("Kies het punt op de kaart hieronder; dan vult dit zich vanzelf. Zonder kaart: "
                                       "zoek de plek op in een kaart-app en neem het eerste getal over, bijvoorbeeld "
                                       "51.8533."))
    lon = forms.FloatField(label=_("Kaartpunt: lengtegraad"), required=False, min_value=-180, max_value=180,
                           help_text=_("Het tweede getal, bijvoorbeeld 4.5364. Vul beide in, of laat beide leeg."))
    hosts = forms.ModelMultipleChoiceField(label=_("Wethouders die er zijn"), queryset=None, widget=Checkboxes,
                                           required=False)
    invited_partners = forms.ModelMultipleChoiceField(label=_("Uitgenodigde wijkpartners"), queryset=None,
                                                      widget=Checkboxes, required=False)
    is_public = forms.TypedChoiceField(
        label=_("Wie kan komen?"), coerce=lambda v: v == "public", widget=forms.RadioSelect, initial="public",
        choices=[("public", _("Openbaar: in de agenda, iedereen is welkom")),
                 ("invitation", _("Alleen op uitnodiging: niet in de openbare agenda"))])
    capacity = forms.IntegerField(label=_("Aantal plaatsen"), required=False, min_value=1, max_value=MAX_COUNT,
                                  help_text=_("Leeg: geen aanmelding nodig of onbeperkt."))
    registration_open = forms.BooleanField(label=_("Aanmelden is mogelijk"), required=False, initial=True)

    def __init__(self, *args: Any, kinds: Any, districts: Any, hosts: Any, partners: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = kinds
        self.fields["districts"].queryset = districts
        self.fields["hosts"].queryset = hosts
        self.fields["invited_partners"].queryset = partners

    @classmethod
    def initial_for(cls, activity: Activity) -> dict[str, Any]:
        day, start = local_parts(activity.starts_at)
        _end_day, end = local_parts(activity.ends_at)
        return {
            "kind": activity.kind_id, "title": activity.title, "description": activity.description,
            "districts": list(activity.districts.all()), "date": day, "start": start, "end": end,
            "place": activity.place, "street": activity.street, "house_number": activity.house_number,
            "postcode": activity.postcode, "town": activity.town, "lat": activity.lat, "lon": activity.lon, "hosts": list(activity.hosts.all()),
            "invited_partners": list(activity.invited_partners.all()),
            "is_public": "public" if activity.is_public else "invitation", "capacity": activity.capacity,
            "registration_open": activity.registration_open,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day, start, end = data.get("date"), data.get("start"), data.get("end")
        if day and start and end:
            data["starts_at"] = dt.datetime.combine(day, start, tzinfo=AMSTERDAM)
            data["ends_at"] = dt.datetime.combine(day, end, tzinfo=AMSTERDAM)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end", _("De eindtijd moet na de begintijd liggen."))
        if (data.get("lat") is None) != (data.get("lon") is None):
            self.add_error("lon", _("Vul breedte- én lengtegraad in, of geen van beide."))
        return data

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"], "title": data["title"], "description": data["description"],
            "districts": list(data["districts"]), "starts_at": data["starts_at"], "ends_at": data["ends_at"],
            "place": data["place"], "street": data["street"], "house_number": data["house_number"],
            "postcode": data["postcode"], "town": data["town"], "lat": data.get("lat"), "lon": data.get("lon"), "hosts": list(data["hosts"]),
            "invited_partners": list(data["invited_partners"]), "is_public": data["is_public"],
            "capacity": data.get("capacity"),
        }


class VisitForm(ActivityForm):
    """A visit that took place, recorded afterwards ("Bezoek vastleggen"): the activity's own fields, without what
    only matters beforehand (places, registration, invitations)."""

    is_public = forms.TypedChoiceField(
        label=_("Wie ziet dit bezoek?"), coerce=lambda v: v == "public", widget=forms.RadioSelect,
        initial="invitation",
        choices=[("invitation", _("Alleen het wijkteam: een werkbezoek of rondgang")),
                 ("public", _("Iedereen: het staat als geweest bezoek op de pagina's van de wijk"))])

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name in ("capacity", "registration_open", "invited_partners"):
            del self.fields[name]
        self.fields["date"].help_text = _("Vandaag of eerder.")
        self.fields["hosts"].label = _("Wethouders die er waren")

    def service_fields(self) -> dict[str, Any]:
        self.cleaned_data.setdefault("invited_partners", [])
        fields = super().service_fields()
        for name in ("capacity", "invited_partners"):
            fields.pop(name, None)
        return fields


class CancelForm(AgendaStyledForm):
    reason = forms.CharField(label=_("Reden van afgelasten"), max_length=300,
                             help_text=_("Wie zich heeft aangemeld krijgt een bericht met deze reden."))


class DeclineForm(AgendaStyledForm):
    response = forms.CharField(label=_("Antwoord aan de inwoners"), max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("Waarom niet, of wat u in plaats daarvan doet."))


class ReportForm(AgendaStyledForm):
    attendance = forms.IntegerField(label=_("Aantal aanwezigen"), min_value=0, max_value=MAX_COUNT, initial=0)
    partners_present = forms.ModelMultipleChoiceField(label=_("Aanwezige wijkpartners"), queryset=None,
                                                      widget=Checkboxes, required=False)
    impressions = forms.CharField(label=_("Indrukken (intern)"), max_length=10000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 6}),
                                  help_text=_("Alleen voor medewerkers en wethouders."))
    public_summary = forms.CharField(label=_("Openbare samenvatting"), max_length=5000, required=False,
                                     widget=forms.Textarea(attrs={"rows": 5}),
                                     help_text=_("Zonder namen van inwoners."))
    summary_published = forms.BooleanField(label=_("Samenvatting openbaar maken op de wijkpagina"), required=False)

    def __init__(self, *args: Any, partners: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["partners_present"].queryset = partners


class TopicForm(AgendaStyledForm):
    text = forms.CharField(label=_("Besproken onderwerp"), max_length=300)
    item_number = forms.IntegerField(label=_("Nummer van gekoppelde inbreng"), required=False, min_value=1,
                                     help_text=_("Als het onderwerp al als inbreng van inwoners bestaat."))


class ActionForm(AgendaStyledForm):
    what = forms.CharField(label=_("Wat is afgesproken?"), max_length=300)
    owner_user = forms.ModelChoiceField(label=_("Eigenaar: persoon"), queryset=None, required=False,
                                        empty_label=_("Geen persoon"))
    owner_department = forms.CharField(label=_("of eigenaar: afdeling"), max_length=150, required=False)
    owner_partner = forms.ModelChoiceField(label=_("of eigenaar: wijkpartner"), queryset=None, required=False,
                                           empty_label=_("Geen wijkpartner"))
    due_date = forms.DateField(label=_("Klaar op"), widget=_date_widget())
    portfolio = forms.ModelChoiceField(label=_("Portefeuille"), queryset=None, required=False,
                                       empty_label=_("Geen portefeuille"))

    def __init__(self, *args: Any, users: Any, partners: Any, portfolios: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = users
        self.fields["owner_user"].label_from_instance = lambda u: u.pseudonym
        self.fields["owner_partner"].queryset = partners
        self.fields["portfolio"].queryset = portfolios

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        owners = [data.get("owner_user"), data.get("owner_department"), data.get("owner_partner")]
        if sum(bool(o) for o in owners) != 1:
            raise forms.ValidationError(_("Kies één eigenaar: een persoon, een afdeling of een wijkpartner."))
        return data


class DoneForm(AgendaStyledForm):
    note = forms.CharField(label=_("Toelichting"), max_length=300, required=False)


class AgendaItemForm(AgendaStyledForm):
    title = forms.CharField(label=_("Prioriteit"), max_length=150)
    description = forms.CharField(label=_("Toelichting"), max_length=3000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    source = forms.ChoiceField(label=_("Bron"), choices=AgendaItem.Source.choices, widget=forms.RadioSelect,
                               initial=AgendaItem.Source.RESIDENTS)
    source_item = forms.IntegerField(label=_("Nummer van de inbreng van inwoners"), required=False, min_value=1)
    source_report = forms.ModelChoiceField(label=_("Verslag"), queryset=None, required=False,
                                           empty_label=_("Geen verslag"))
    source_partner = forms.ModelChoiceField(label=_("Wijkpartner"), queryset=None, required=False,
                                            empty_label=_("Geen wijkpartner"))
    status = forms.ChoiceField(label=_("Status"), choices=AgendaItem.Status.choices, initial=AgendaItem.Status.NEW)
    portfolio = forms.ModelChoiceField(label=_("Portefeuille"), queryset=None, required=False,
                                       empty_label=_("Geen portefeuille"))

    def __init__(self, *args: Any, reports: Any, partners: Any, portfolios: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["source_report"].queryset = reports
        self.fields["source_report"].label_from_instance = lambda r: (
            f"{r.activity.title} ({r.activity.starts_at.astimezone(AMSTERDAM):%d-%m-%Y})")
        self.fields["source_partner"].queryset = partners
        self.fields["portfolio"].queryset = portfolios


class PartnerForm(AgendaStyledForm):
    name = forms.CharField(label=_("Naam"), max_length=150)
    kind = forms.ChoiceField(label=_("Soort"), choices=[("", _("Kies een soort")), *Partner.Kind.choices])
    districts = forms.ModelMultipleChoiceField(label=_("Wijken"), queryset=None, widget=Checkboxes,
                                               required=False)
    description = forms.CharField(label=_("Wat ze doen in de wijk"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    active = forms.BooleanField(label=_("Actief"), required=False, initial=True)

    def __init__(self, *args: Any, districts: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["districts"].queryset = districts


class ContactForm(AgendaStyledForm):
    contact_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Naam"), max_length=150, required=False)
    role = forms.CharField(label=_("Functie"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mailadres"), required=False)
    phone = forms.CharField(label=_("Telefoon"), max_length=30, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("name") and (data.get("role") or data.get("email") or data.get("phone")) \
                and not data.get("DELETE"):
            self.add_error("name", _("Vul een naam in."))
        return data


ContactFormSet = forms.formset_factory(ContactForm, extra=1, can_delete=True, max_num=50, absolute_max=60)
