"""Load the Barendrecht demo: CBS 2024 areas and key figures, example district faces, the college 2018–2022.

Idempotent: running it again changes nothing, and it never overwrites what an administrator edited (a face that
is no longer marked as example, an assignment history that already exists).
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from wijkgericht.demo import accounts as demo_accounts
from wijkgericht.demo import agenda as demo_agenda
from wijkgericht.demo import budgets as demo_budgets
from wijkgericht.demo import college, faces
from wijkgericht.demo import evaluation as demo_evaluation
from wijkgericht.demo import identity as demo_identity
from wijkgericht.demo import participation as demo_participation
from wijkgericht.demo import sitepages as demo_sitepages
from wijkgericht.districts.models import District, Municipality
from wijkgericht.districts.services import ImportSummary, boundaries_import, key_figures_import
from wijkgericht.districts.versioning import public_pages_changed
from wijkgericht.governance.models import Alderman, Portfolio, PortfolioHolding, Term
from wijkgericht.governance.services import district_alderman_assign

DATA = Path(__file__).resolve().parent / "data" / "barendrecht"
CODE = "GM0489"


@transaction.atomic
def barendrecht_demo_load(*, budgets: bool = True, evaluation: bool = True) -> list[str]:
    """`budgets=False`: without the district-budget rounds (the test suite's `barendrecht` fixture, whose tests of
    the budgets make rounds of their own in an otherwise empty app; tests/test_demo_budgets.py loads them).
    `evaluation=False`: without the evaluation's survey, profile and decisions (the same fixture: copying its two
    thousand survey answers back for every test would triple the fixture's time; tests/test_demo_evaluation.py
    loads them)."""
    report: list[str] = []
    for filename in ("barendrecht_gemeente_2024.geojson", "barendrecht_wijken_2024.geojson",
                     "barendrecht_buurten_2024.geojson"):
        summary: ImportSummary = boundaries_import(raw=(DATA / filename).read_bytes(), municipality_code=CODE)
        report += [f"{filename}: {line}" for line in summary.lines()]
    summary = key_figures_import(raw=(DATA / "kerncijfers_2024_buurten_barendrecht.csv").read_bytes())
    report.append("kerncijfers: " + "; ".join(summary.lines()[:1]))
    municipality = Municipality.objects.get(code=CODE)
    demo_identity.load(municipality)
    demo_sitepages.load(municipality)
    _faces(municipality)
    _college(municipality)
    users = demo_accounts.load(municipality)
    demo_participation.load(municipality, users)
    demo_agenda.load(municipality, users)
    if budgets:
        demo_budgets.load(municipality, users)
    if evaluation:
        demo_evaluation.load(municipality)
    # The loader also writes rows directly (faces, the college, example reactions and backdated history): the
    # public pages and the point lookup follow once, when it commits.
    public_pages_changed(municipality.pk, geo=True)
    report.append(f"demo sign-ins: {', '.join(u.email for u in users.values())} (password {demo_accounts.PASSWORD})")
    return report


def _faces(municipality: Municipality) -> None:
    for district in municipality.districts.all():
        if district.character and not district.face_is_example:
            continue  # the municipality wrote its own face: keep it
        character, needs = faces.face_for(district.code, district.name, district.key_figures)
        district.character, district.needs, district.face_is_example = character, "\n".join(needs), True
        district.save(update_fields=["character", "needs", "face_is_example"])


def _college(municipality: Municipality) -> None:
    term, _ = Term.objects.get_or_create(
        municipality=municipality, name=college.TERM["name"],
        defaults={k: v for k, v in college.TERM.items() if k != "name"},
    )
    Term.objects.filter(pk=term.pk, coalition_agreement_en__isnull=True).update(  # unless the back office did
        coalition_agreement_en=college.COALITION_AGREEMENT_EN)
    people: dict[str, Alderman] = {}
    for person in [college.MAYOR, *college.ALDERMEN]:
        alderman, _ = Alderman.objects.get_or_create(
            municipality=municipality, slug=slugify(person["name"]),
            defaults={"name": person["name"], "party": person["party"],
                      "role": person.get("role", Alderman.Role.ALDERMAN)},
        )
        alderman.terms.add(term)
        people[alderman.name] = alderman

    for rows, is_example in ((college.DOCUMENTED_PORTFOLIOS, False), (college.EXAMPLE_PORTFOLIOS, True)):
        for name, portfolio_name, description in rows:
            portfolio, _ = Portfolio.objects.get_or_create(
                municipality=municipality, name=portfolio_name,
                defaults={"description": description, "is_example": is_example},
            )
            Portfolio.objects.filter(pk=portfolio.pk, name_en__isnull=True).update(
                name_en=college.PORTFOLIOS_EN.get(portfolio_name))
            PortfolioHolding.objects.get_or_create(
                alderman=people[name], portfolio=portfolio, term=term, defaults={"is_example": is_example}
            )

    districts = {d.code: d for d in District.objects.filter(municipality=municipality)}
    plan = [(name, code, False, note) for name, code, note in college.DOCUMENTED_ASSIGNMENTS] + [
        (name, code, True, "Voorbeeldgegevens: niet gedocumenteerd.")
        for name, codes in college.EXAMPLE_ASSIGNMENTS.items() for code in codes
    ]
    for name, code, is_example, note in plan:
        district = districts.get(code)
        if district is None or district.assignments.exists():
            continue
        district_alderman_assign(district=district, alderman=people[name], valid_from=term.start,
                                 valid_to=term.end, is_example=is_example, note=note)
