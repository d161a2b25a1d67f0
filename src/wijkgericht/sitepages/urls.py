"""The statement pages and open data, one namespace (sitepages): at the root for the default municipality and
under gemeenten/<code>/ for every municipality, as elsewhere; English under /en/ (the root URLconf's i18n)."""

from django.urls import include, path

from wijkgericht.sitepages import pages

app_name = "sitepages"

_pages = [
    path("privacy/", pages.privacy, name="privacy"),
    path("toegankelijkheid/", pages.accessibility, name="accessibility"),
    path("contact/", pages.contact, name="contact"),
    path("over/", pages.about, name="about"),
    path("data/", pages.open_data, name="open_data"),
    path("data/catalogus.jsonld", pages.catalogue, name="catalogue"),
    path("data/ideeen-en-meldingen.csv", pages.items_csv, name="items_csv"),
]

urlpatterns = [*_pages, path("gemeenten/<str:municipality>/", include(_pages))]
