"""The set-up check: nothing done on an empty database, each step moving as the back office would do it, everything
done on the demo; the command's exit status and the system check follow it."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import BARENDRECHT_CBS
from django.core.management import call_command

from wijkgericht.accounts.models import StaffRole, User
from wijkgericht.districts.models import District, Municipality
from wijkgericht.districts.services import boundaries_import
from wijkgericht.governance.models import Alderman, Portfolio, PortfolioHolding, Term
from wijkgericht.governance.services import district_alderman_assign
from wijkgericht.participation.models import Item, Theme
from wijkgericht.participation.services import item_submit
from wijkgericht.participation.testing import point_in
from wijkgericht.setup.checks import setup_incomplete
from wijkgericht.setup.status import STEPS, setup_status

KEYS = [key for key, *_rest in STEPS]


def _done(municipality: Municipality | None) -> list[str]:
    return [step.key for step in setup_status(municipality=municipality).steps if step.done]


def test_an_empty_database_has_every_step_to_do(db):
    status = setup_status(municipality=None)
    assert [step.key for step in status.steps] == KEYS and len(KEYS) == 11
    assert status.done_count == 0 and not status.complete
    assert all(step.admin_url_name for step in status.steps)
    assert [step.key for step in status.missing] == KEYS[:-2]  # the identity and the test item are advised


def test_each_step_moves_as_the_back_office_does_it(db):
    for name in ("barendrecht_gemeente_2024.geojson", "barendrecht_wijken_2024.geojson",
                 "barendrecht_buurten_2024.geojson"):
        boundaries_import(raw=(BARENDRECHT_CBS / name).read_bytes(), municipality_code="GM0489")
    municipality = Municipality.objects.get(code="GM0489")
    assert _done(municipality) == ["areas", "districts"]  # the import makes one district per CBS wijk

    start = dt.date.today() - dt.timedelta(days=30)
    term = Term.objects.create(municipality=municipality, name="2026–2030", start=start,
                               end=start + dt.timedelta(days=4 * 365))
    assert _done(municipality) == ["areas", "districts", "term"]

    sport = Portfolio.objects.create(municipality=municipality, name="Sport")
    assert _done(municipality)[-1] == "portfolios"

    alderman = Alderman.objects.create(municipality=municipality, name="A. Wethouder", slug="a-wethouder")
    alderman.terms.add(term)
    assert "aldermen" not in _done(municipality)  # no account linked yet
    alderman.user = User.objects.create_user("wethouder@example.nl", "een-lang-wachtwoord-42")
    alderman.save()
    assert _done(municipality)[-1] == "aldermen"

    PortfolioHolding.objects.create(alderman=alderman, portfolio=sport, term=term)
    assert _done(municipality)[-1] == "holdings"

    districts = list(District.objects.filter(municipality=municipality))
    for district in districts[:-1]:
        district_alderman_assign(district=district, alderman=alderman, valid_from=start)
    status = setup_status(municipality=municipality)
    assignments = next(s for s in status.steps if s.key == "assignments")
    assert not assignments.done and districts[-1].name in assignments.detail
    district_alderman_assign(district=districts[-1], alderman=alderman, valid_from=start)
    assert _done(municipality)[-1] == "assignments"

    other = Portfolio.objects.create(municipality=municipality, name="Cultuur")  # held by nobody
    assert "holdings" not in _done(municipality)
    theme = Theme.objects.create(municipality=municipality, name="Cultuur", slug="cultuur", portfolio=other)
    themes = next(s for s in setup_status(municipality=municipality).steps if s.key == "themes")
    assert not themes.done and "Cultuur" in themes.detail  # its portfolio has no holder: nobody could advise
    PortfolioHolding.objects.create(alderman=alderman, portfolio=other, term=term)
    assert _done(municipality)[-1] == "themes"

    StaffRole.objects.create(user=User.objects.create_user("regie@example.nl"), role=StaffRole.Role.CIVIL_SERVANT,
                             municipality=municipality, district=districts[0])
    status = setup_status(municipality=municipality)
    staff = next(s for s in status.steps if s.key == "staff")
    assert staff.done and status.complete and status.done_count == 9
    assert any(districts[1].name in note for note in staff.notes)  # the other districts: advice, not a blocker

    identity = next(s for s in status.steps if s.key == "identity")
    assert not identity.done and "logo" in identity.detail and "huisstijlkleur" in identity.detail
    municipality.brand_colour = "#00689e"
    municipality.save()
    identity = next(s for s in setup_status(municipality=municipality).steps if s.key == "identity")
    assert not identity.done and "logo" in identity.detail and "huisstijlkleur" not in identity.detail
    assert any("Gemeente Barendrecht" in note for note in identity.notes)  # the publisher it falls back on
    municipality.logo = "municipalities/logo.png"
    municipality.save()
    assert _done(municipality)[-1] == "identity"

    lat, lon = point_in(districts[0].neighbourhoods.first().code)
    item_submit(author=None, municipality=municipality, kind=Item.Kind.IDEA, title="Proef", description="Proef",
                theme=theme, lat=lat, lon=lon)
    assert _done(municipality) == KEYS


def test_the_demo_is_set_up_completely(barendrecht):
    status = setup_status(municipality=barendrecht)
    assert status.complete and status.done_count == len(KEYS), [
        (s.key, s.detail) for s in status.steps if not s.done]


def test_the_command_fails_while_an_essential_step_is_missing(db, capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("setup_status")
    assert exit_.value.code == 1
    assert "0 van 11 klaar" in capsys.readouterr().out


def test_the_command_passes_on_the_demo(barendrecht, capsys):
    call_command("setup_status", "--municipality", "gm0489")  # no SystemExit: status 0
    out = capsys.readouterr().out
    assert "Barendrecht (GM0489): 11 van 11 klaar" in out and "Thema's" in out


def test_the_command_refuses_an_unknown_municipality(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("setup_status", "--municipality", "GM9999")


def test_the_system_check_warns_only_when_a_database_is_asked_for(db):
    assert setup_incomplete(None) == []  # plain `check`, `check --deploy`: no database query at all
    warnings = setup_incomplete(None, databases=["default"])
    assert [w.id for w in warnings] == ["wijkgericht.W001"]
    assert "Thema's" in warnings[0].msg


def test_the_system_check_is_quiet_on_the_demo(barendrecht):
    assert setup_incomplete(None, databases=["default"]) == []


def test_every_step_links_to_a_page_that_exists(db):
    from django.urls import reverse

    # The page drops a link whose name does not resolve (setup/admin.py): a renamed page must fail here instead.
    assert all(reverse(step.admin_url_name) for step in setup_status(municipality=None).steps)
