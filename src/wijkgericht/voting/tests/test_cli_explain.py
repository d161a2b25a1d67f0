from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from wijkgericht.voting import read_pabulib_string, tally
from wijkgericht.voting.cli import dutch, main

SRC = Path(__file__).resolve().parents[3]

# Three projects, five voters: greedy takes A then skips B (does not fit) and takes C;
# MES buys A (everyone pays 40) and C; B's supporters run short.
ELECTION = """META
key;value
description;Wijkbudget test
budget;500
vote_type;approval
num_projects;3
num_votes;5
PROJECTS
project_id;cost;name
A;200;Speeltuin
B;400;Plein
C;60;Bankjes
VOTES
voter_id;vote
1;A,B
2;A,B
3;A,B
4;A,C
5;A,C
"""


@pytest.fixture
def pb_file(tmp_path: Path) -> Path:
    path = tmp_path / "wijk.pb"
    path.write_text(ELECTION, encoding="utf-8")
    return path


def test_greedy_explanations() -> None:
    outcome = tally(read_pabulib_string(ELECTION), "greedy")
    assert outcome.selected == ["A", "C"]
    a, b, c = (outcome.decisions[x] for x in "ABC")
    assert (a.code, a.numbers["rank"], a.numbers["budget_left"]) == ("selected", 1, "500.00")
    assert (b.code, b.numbers["rank"], b.numbers["budget_left"], b.numbers["shortfall"]) == (
        "does_not_fit",
        2,
        "300.00",
        "100.00",
    )
    assert (c.code, c.numbers["rank"], c.numbers["budget_left"]) == ("selected", 3, "300.00")


def test_mes_explanations() -> None:
    outcome = tally(read_pabulib_string(ELECTION), "mes")
    assert outcome.selected == ["A", "C"]
    a, b, c = (outcome.decisions[x] for x in "ABC")
    assert a.code == "bought" and a.numbers["round"] == 1 and a.numbers["share"] == "40.00"
    assert a.numbers["supporters"] == 5 and a.numbers["voter_budget"] == "100.00"
    assert c.code == "bought" and c.numbers["round"] == 2 and c.numbers["share"] == "30.00"
    # B: three supporters with 60 each left -> 180 of 400
    assert (
        b.code == "unaffordable"
        and b.numbers["money_left"] == "180.00"
        and b.numbers["shortfall"] == "220.00"
    )
    for decision in outcome.decisions.values():
        assert decision.selected == (decision.project_id in outcome.selected)
        assert dutch(decision)  # every code has a Dutch sentence


def test_add1_utilitarian_fills_with_greedy() -> None:
    outcome = tally(read_pabulib_string(ELECTION), "mes", "add1-utilitarian")
    assert set(outcome.selected) == {"A", "C"}
    assert outcome.cost == Fraction(260)


def test_cli_json(pb_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tally", str(pb_file), "--rule", "mes", "--completion", "add1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {"selected": ["A", "C"], "cost": 260, "budget": 500, "rule": "mes", "completion": "add1"}


def test_cli_json_explain(pb_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tally", str(pb_file), "--rule", "greedy", "--json", "--explain"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [e["code"] for e in data["explanations"]] == ["selected", "does_not_fit", "selected"]


def test_cli_text_explain_is_dutch(pb_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tally", str(pb_file), "--rule", "mes", "--explain"]) == 0
    out = capsys.readouterr().out
    assert "is gekozen in ronde 1" in out and "te weinig" in out


def test_cli_bad_input_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.pb"
    bad.write_text(ELECTION.replace("C;60;", "C;zestig;"), encoding="utf-8")
    assert main(["tally", str(bad), "--rule", "greedy"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "line 12" in err and "not a number" in err
    assert main(["tally", str(tmp_path / "missing.pb"), "--rule", "greedy"]) == 2


def test_python_dash_m(pb_file: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wijkgericht.voting", "tally", str(pb_file), "--rule", "greedy", "--json"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["selected"] == ["A", "C"]
    result = subprocess.run(
        [sys.executable, "-m", "wijkgericht.voting", "tally", str(pb_file), "--rule", "nope"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC)},
        check=False,
    )
    assert result.returncode == 2
