"""Back office for municipalities, CBS areas and districts. Districts' faces are edited here; regrouping goes
through `services.neighbourhoods_regroup` so boundaries, key figures and the lookup index follow. Every edit raises
the municipality's versions after commit (`PublicPagesAdmin`), the geo version included: names, slugs and the
active division are part of the point lookup's answers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wijkgericht.core import images
from wijkgericht.districts.importers import ImportFailed
from wijkgericht.districts.models import CbsDistrict, District, Municipality, Neighbourhood
from wijkgericht.districts.services import neighbourhoods_regroup
from wijkgericht.districts.versioning import PublicPagesAdmin

admin.site.site_header = _("Wijkgericht – beheer")
admin.site.site_title = _("Wijkgericht beheer")
admin.site.index_title = _("Beheer")


class MunicipalityForm(forms.ModelForm):
    """The identity's pictures are re-encoded as fresh PNGs (transparency kept, nothing else of the file)."""

    class Meta:
        model = Municipality
        fields = ["code", "name", "slug", "division_year", "publisher_name", "logo", "favicon", "brand_colour",
                  "link_colour"]

    def clean_logo(self) -> Any:
        return images.logo_field_clean(self.cleaned_data.get("logo"), max_side=600)

    def clean_favicon(self) -> Any:
        return images.logo_field_clean(self.cleaned_data.get("favicon"), max_side=256)


@admin.register(Municipality)
class MunicipalityAdmin(PublicPagesAdmin, admin.ModelAdmin):
    form = MunicipalityForm
    public_pages_geo = True
    list_display = ["name", "code", "division_year"]
    search_fields = ["name", "code"]
    fieldsets = [
        (None, {"fields": ["code", "name", "slug", "division_year"]}),
        (_("Huisstijl"), {
            "fields": ["publisher_name", "logo", "favicon", "brand_colour", "link_colour"],
            "description": _("Hoe de site laat zien dat zij van de gemeente is. De kleuren worden NL Design "
                             "System-tokens over het standaardthema; de site weigert kleuren die op wit of met "
                             "witte tekst slecht te lezen zijn."),
        }),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Municipality | None = None) -> list[str]:
        return ["code"] if obj else []


class ReadOnlyAreaAdmin(PublicPagesAdmin, admin.ModelAdmin):
    """CBS areas come from imports only; the back office shows them (and may delete one)."""

    public_pages_geo = True

    list_filter = ["year", "municipality"]
    search_fields = ["code", "name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CbsDistrict)
class CbsDistrictAdmin(ReadOnlyAreaAdmin):
    list_display = ["code", "name", "year", "municipality"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(ReadOnlyAreaAdmin):
    list_display = ["code", "name", "year", "cbs_district", "district"]
    list_select_related = ["cbs_district", "district"]


class DistrictForm(forms.ModelForm):
    neighbourhood_set = forms.ModelMultipleChoiceField(
        label=_("Buurten"), queryset=Neighbourhood.objects.none(), required=True,
        widget=admin.widgets.FilteredSelectMultiple(_("buurten"), is_stacked=False),
        help_text=_("De buurten (CBS) die samen deze wijk vormen. Een buurt die u hier kiest, verhuist uit haar "
                    "huidige wijk; elke buurt hoort bij precies één wijk."),
    )

    class Meta:
        model = District
        fields = ["municipality", "code", "name", "slug", "character", "needs", "photo", "photo_alt",
                  "face_is_example"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality = self.instance.municipality if self.instance.pk else None
        queryset = Neighbourhood.objects.select_related("district").order_by("code")
        if municipality is not None:
            queryset = queryset.filter(municipality=municipality, year=municipality.division_year)
            self.fields["neighbourhood_set"].initial = list(self.instance.neighbourhoods.all())
        self.fields["neighbourhood_set"].queryset = queryset

    def clean_photo(self) -> Any:
        return images.photo_field_clean(self.cleaned_data.get("photo"))  # checked and re-encoded like residents'

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        municipality = data.get("municipality")
        chosen = data.get("neighbourhood_set") or []
        if municipality is not None:
            wrong = [n for n in chosen if n.municipality_id != municipality.pk or n.year != municipality.division_year]
            if wrong:
                self.add_error("neighbourhood_set", _("Deze buurten horen niet bij de actieve indeling van %(m)s: "
                                                      "%(list)s") % {"m": municipality, "list": ", ".join(map(str, wrong))})
        if self.instance.pk:
            removed = set(self.instance.neighbourhoods.all()) - set(chosen)
            if removed:
                self.add_error("neighbourhood_set", _(
                    "Een buurt haalt u uit deze wijk door haar aan een andere wijk toe te voegen; anders hoort "
                    "ze bij geen enkele wijk. Het gaat om: %s") % ", ".join(str(n) for n in removed))
        return data


@admin.register(District)
class DistrictAdmin(PublicPagesAdmin, admin.ModelAdmin):
    form = DistrictForm
    public_pages_geo = True
    list_display = ["name", "code", "municipality", "face_is_example"]
    list_filter = ["municipality", "face_is_example"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}

    def save_related(self, request: HttpRequest, form: DistrictForm, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        try:
            neighbourhoods_regroup(district=form.instance, neighbourhoods=list(form.cleaned_data["neighbourhood_set"]))
        except ImportFailed as exc:  # cannot happen after clean(), but never save half
            raise ValidationError(str(exc)) from exc
