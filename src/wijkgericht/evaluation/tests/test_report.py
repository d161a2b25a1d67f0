"""The report for the college: asked for on the staff page, made in the background (eager here) with its progress
kept, then a tagged PDF (title, language, every district named, a page per district), a workbook with one sheet
per table and CSV files; and the command line."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.districts.models import District
from wijkgericht.evaluation.models import Report
from wijkgericht.evaluation.tests.dataset import build

pytestmark = pytest.mark.django_db
REPORTS = "/werkplek/evaluatie/rapport/"


def _check_pdf(content: bytes, districts: list[str], title: str) -> PdfReader:
    reader = PdfReader(io.BytesIO(content))
    assert reader.metadata.title == title
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root  # tagged
    pages = [page.extract_text() for page in reader.pages]
    assert pages[0].splitlines()[1].startswith("Evaluatie wijkgericht werken")  # the cover
    assert pages[1].startswith("Samenvatting")
    first = len(pages) - len(districts)  # then one page per district, in order, each headed by its name
    assert 2 <= first <= 7, len(pages)
    for n, name in enumerate(districts):
        assert pages[first + n].startswith(f"{name}\nCijfers van {name}"), (name, pages[first + n][:60])
    return reader


def test_staff_asks_for_the_report_and_downloads_it(client, roles, django_capture_on_commit_callbacks):
    sign_in_verified(client, roles.district_alderman)
    page = client.get(REPORTS)
    assert page.status_code == 200 and "Rapport maken" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REPORTS, {"van": "2023-01-01", "tot": "2023-12-31"})
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{REPORTS}{report.pk}/"
    assert report.status == Report.Status.DONE and report.progress == 100, report.error
    status = client.get(f"{REPORTS}{report.pk}/").content.decode()
    assert "rapport.pdf" in status and "tabellen.xlsx" in status

    pdf = client.get(f"{REPORTS}{report.pk}/rapport.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    names = list(District.objects.filter(municipality=roles.municipality).order_by("name")
                 .values_list("name", flat=True))
    _check_pdf(pdf.content, names, "Evaluatie wijkgericht werken 1 januari 2023 – 31 december 2023")

    book = load_workbook(io.BytesIO(client.get(f"{REPORTS}{report.pk}/tabellen.xlsx").content))
    assert book.sheetnames[:3] == ["maatstaven", "per-wijk", "uitsplitsing"]
    matrix = book["per-wijk"]
    assert [c.value for c in matrix[3]][2:] == names  # a column per district
    rows = list(csv.reader(io.StringIO(client.get(f"{REPORTS}{report.pk}/maatstaven.csv").content.decode())))
    assert rows[0][1] == "Maatstaf" and len(rows) == book["maatstaven"].max_row - 2

    # A resident sees none of it.
    sign_in_verified(client, roles.resident)
    assert client.get(f"{REPORTS}{report.pk}/rapport.pdf").status_code == 403


def test_progress_shown_while_busy(client, roles):
    report = Report.objects.create(municipality=roles.municipality, period_start="2024-01-01",
                                   period_end="2024-06-30", status=Report.Status.RUNNING, progress=40,
                                   step="Wijk Carnisselande")
    sign_in_verified(client, roles.civil_servant)
    html = client.get(f"{REPORTS}{report.pk}/").content.decode()
    assert 'value="40"' in html and "Wijk Carnisselande" in html and "Vernieuwen" in html
    assert "<script" not in html.split("<main", 1)[-1] and 'http-equiv="refresh"' not in html
    assert client.get(f"{REPORTS}{report.pk}/rapport.pdf").status_code == 404  # not ready


def test_command_writes_pdf_and_workbook(tmp_path):
    data = build()
    out, book = tmp_path / "rapport.pdf", tmp_path / "tabellen.xlsx"
    call_command("evaluation_report", "--from", "2025-03-01", "--to", "2025-03-31", "--out", str(out),
                 "--xlsx", str(book), "--municipality", data.municipality.code, stdout=io.StringIO())
    _check_pdf(out.read_bytes(), [data.a.name, data.b.name, data.c.name],
               "Evaluatie wijkgericht werken 1 maart 2025 – 31 maart 2025")
    sheets = load_workbook(book)
    assert "maatstaven" in sheets.sheetnames and "wijken-voice-items_per_1000" in sheets.sheetnames
