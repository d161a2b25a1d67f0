"""Open data: the page lists every download and each one answers; the items' CSV holds what the public pages show
and nothing about who sent it; the DCAT-AP-NL catalogue parses as RDF and names the same downloads."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.urls import reverse
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from wijkgericht.budgets.services import results
from wijkgericht.budgets.tests.result_setup import closed_round, second_share
from wijkgericht.core.links import site_address
from wijkgericht.participation import workflow
from wijkgericht.participation.models import Item
from wijkgericht.participation.selectors import PUBLIC_STATUSES
from wijkgericht.participation.services import item_transition
from wijkgericht.participation.testing import submit
from wijkgericht.sitepages.opendata import ITEM_COLUMNS

FOAF = Namespace("http://xmlns.com/foaf/0.1/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")


def _public(roles, **extra):
    return item_transition(item=submit(roles, **extra), actor=roles.moderator, target=workflow.PUBLISHED)


def _rows(client, path="/data/ideeen-en-meldingen.csv"):
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="ideeen-en-meldingen-barendrecht.csv"' == response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.django_db
def test_items_csv_has_the_public_items_without_their_authors(client, roles):
    shown = _public(roles, title="=HYPERLINK(\"http://x\")", description="Bankje kapot")
    _public(roles, title="Tweede")
    waiting = submit(roles, title="Nog niet gemodereerd")
    rows = _rows(client)
    assert list(rows[0].keys()) == list(ITEM_COLUMNS)
    ids = [r["id"] for r in rows]
    assert str(shown.pk) in ids and str(waiting.pk) not in ids  # published only, in the order they came in
    assert ids.index(str(shown.pk)) == len(ids) - 2 and ids[-1] != str(waiting.pk)
    assert len(ids) == Item.objects.filter(municipality=roles.municipality, status__in=PUBLIC_STATUSES).count()
    first = rows[-2]
    assert first["titel"] == "'=HYPERLINK(\"http://x\")"  # a spreadsheet will not run it
    assert first["omschrijving"] == "Bankje kapot" and first["status"] == "published" and first["wijk"] == "Nieuweland"
    assert first["adres_op_de_site"] == reverse("web:item", kwargs={"slug": "nieuweland", "item_id": shown.pk})
    assert len(first["breedtegraad"].split(".")[1]) <= 4 and abs(float(first["breedtegraad"]) - shown.lat) < 1e-4
    body = client.get("/data/ideeen-en-meldingen.csv").content.decode()
    for personal in (roles.resident.email, roles.resident.pseudonym):
        assert personal not in body


@pytest.mark.django_db
def test_open_data_page_links_every_download_and_each_answers(client, roles):
    _public(roles)
    round_, _share, _ = closed_round(roles.municipality)
    results.result_publish(round_)
    page = client.get("/data/").content.decode()
    links = set(re.findall(r'href="(/(?:api|data|open311|evaluatie)[^"]*)"', page))
    links = {link.replace("&amp;", "&") for link in links}
    assert "/data/ideeen-en-meldingen.csv" in links and "/api/v1/openapi.json" in links
    assert "/evaluatie/maatstaven.csv" in links
    assert f"/api/v1/budgets/{round_.pk}/ballots.pb" in links
    assert "/api/v1/activities.ics?municipality=GM0489" in links
    assert any(link.startswith("/api/v1/districts/WK048909/activities.ics") for link in links)
    for link in links:
        assert client.get(link).status_code == 200, link
    assert "CC0 1.0" in page and "Kadaster / Centraal Bureau voor de Statistiek" in page
    english = client.get("/en/data/").content.decode()
    assert "What you can download" in english and "Ideas and reports (CSV)" in english


@pytest.mark.django_db
def test_before_any_round_finished_the_page_says_so_and_the_catalogue_leaves_it_out(client, barendrecht):
    assert "Er is nog geen afgesloten ronde" in client.get("/data/").content.decode()
    document = client.get("/data/catalogus.jsonld").json()
    assert "wijkbudget-stembiljetten" not in json.dumps(document)


@pytest.mark.django_db
def test_catalogue_is_dcat_ap_nl_that_a_harvester_can_read(client, roles):
    round_, _share, _ = closed_round(roles.municipality, rule="greedy", completion="none")
    second_share(round_, roles.municipality)
    results.result_publish(round_)
    response = client.get("/en/data/catalogus.jsonld")  # always Dutch, whatever language asks
    assert response.status_code == 200 and response["Content-Type"] == "application/ld+json"
    graph = Graph().parse(data=response.content.decode(), format="json-ld")
    [catalogue] = list(graph.subjects(RDF.type, DCAT.Catalog))
    site = site_address()
    assert str(catalogue) == f"{site}/data/catalogus.jsonld"
    tooi = URIRef("https://identifier.overheid.nl/tooi/id/gemeente/gm0489")
    assert (catalogue, DCTERMS.publisher, tooi) in graph
    assert str(graph.value(tooi, FOAF.name)) == "Gemeente Barendrecht"
    datasets = list(graph.objects(catalogue, DCAT.dataset))
    assert len(datasets) == 5
    keys = {str(d).split("#")[1] for d in datasets}
    assert keys == {"wijken", "ideeen-en-meldingen", "activiteiten", "evaluatie", "wijkbudget-stembiljetten"}
    for dataset in datasets:
        for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.identifier, DCTERMS.license, DCAT.contactPoint,
                     DCTERMS.language, DCAT.theme, DCTERMS.accessRights, DCTERMS.modified):
            assert graph.value(dataset, prop) is not None, (dataset, prop)
        assert graph.value(dataset, DCTERMS.title).language == "nl"
        for distribution in graph.objects(dataset, DCAT.distribution):
            url = str(graph.value(distribution, DCAT.accessURL))
            assert url.startswith(f"{site}/")
            assert graph.value(distribution, DCTERMS.format) is not None
            assert client.get(url.removeprefix(site)).status_code == 200, url
    boundaries = URIRef(f"{site}/data/catalogus.jsonld#wijken")
    assert graph.value(boundaries, DCTERMS.license) == URIRef("http://creativecommons.org/licenses/by/4.0/deed.nl")
    ballots = URIRef(f"{site}/data/catalogus.jsonld#wijkbudget-stembiljetten")
    assert len(list(graph.objects(ballots, DCAT.distribution))) == 2  # one file per district's share
    [service] = list(graph.subjects(RDF.type, DCAT.DataService))
    assert str(graph.value(service, DCAT.endpointDescription)) == f"{site}/api/v1/openapi.json"
    contact = graph.value(URIRef(f"{site}/data/catalogus.jsonld#wijken"), DCAT.contactPoint)
    assert str(graph.value(contact, VCARD.hasURL)) == f"{site}/contact/"


@pytest.mark.django_db
def test_the_municipality_feed_has_every_public_activity(client, barendrecht):
    from wijkgericht.agenda.selectors import public_activities

    expected = public_activities(municipality=barendrecht, upcoming_only=True).count()
    response = client.get("/api/v1/activities.ics?municipality=GM0489")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert response.content.decode().count("BEGIN:VEVENT") >= expected > 0
    assert client.get("/api/v1/activities.ics?municipality=GM9999").status_code == 404


@pytest.mark.django_db
def test_the_page_explains_every_csv_column(client, barendrecht):
    page = client.get("/data/").content.decode()
    section = page[page.index('id="ideeen-en-meldingen"'):page.index('id="activiteiten"')]
    assert re.findall(r"<code>(\w+)</code>", section) == list(ITEM_COLUMNS)
    assert "de plek, afgerond op 4 decimalen" in section
    assert "the place, rounded to 4 decimals" in client.get("/en/data/").content.decode()


@pytest.mark.django_db
def test_another_municipality_has_its_own_catalogue_and_files(client, barendrecht):
    from wijkgericht.districts.models import Municipality

    Municipality.objects.create(code="GM0599", name="Rotterdam", slug="rotterdam")
    document = client.get("/gemeenten/GM0599/data/catalogus.jsonld").json()
    assert document["@id"].endswith("/gemeenten/GM0599/data/catalogus.jsonld")
    assert document["dct:publisher"]["@id"] == "https://identifier.overheid.nl/tooi/id/gemeente/gm0599"
    assert document["dct:publisher"]["foaf:name"]["@value"] == "Gemeente Rotterdam"
    urls = [d["dcat:accessURL"]["@id"] for ds in document["dcat:dataset"] for d in ds["dcat:distribution"]]
    assert any(u.endswith("/gemeenten/GM0599/data/ideeen-en-meldingen.csv") for u in urls)
    assert all("GM0489" not in u for u in urls)
    response = client.get("/gemeenten/GM0599/data/ideeen-en-meldingen.csv")
    assert response.status_code == 200 and response.content.decode().count("\r\n") == 1  # the header alone
