"""The ballot's rules as a table (ballot_rules.py, no database)."""

from __future__ import annotations

import pytest

from wijkgericht.budgets.ballot_rules import (
    APPROVAL,
    CART,
    POINTS,
    BallotRules,
    parse_choices,
    problems,
    total_cost,
    voter_order,
)

COSTS = {1: 40_000, 2: 30_000, 3: 25_000, 4: 20_000}


def codes(rules, choices):
    return [p.code for p in problems(rules, COSTS, choices)]


@pytest.mark.parametrize(("rules", "choices", "expected"), [
    (BallotRules(APPROVAL, 100_000, 1, 2), {1: 1}, []),
    (BallotRules(APPROVAL, 100_000, 1, 2), {}, ["too_few"]),
    (BallotRules(APPROVAL, 100_000, 1, 2), {1: 1, 2: 1, 3: 1}, ["too_many"]),
    (BallotRules(APPROVAL, 100_000, 1, None), {1: 1, 2: 1, 3: 1, 4: 1}, []),  # no maximum: every project
    (BallotRules(APPROVAL, 100_000, 1, 2), {9: 1}, ["unknown_project", "too_few"]),
    (BallotRules(APPROVAL, 100_000, 1, 2), {1: 2}, ["not_positive", "too_few"]),
    (BallotRules(CART, 100_000), {1: 1, 2: 1, 3: 1}, []),  # 95,000
    (BallotRules(CART, 100_000), {1: 1, 2: 1, 3: 1, 4: 1}, ["over_budget"]),  # 115,000
    (BallotRules(CART, 100_000, min_budget_share=50), {4: 1}, ["under_min_share"]),
    (BallotRules(CART, 100_000, min_budget_share=50), {1: 1, 3: 1}, []),  # 65,000
    (BallotRules(CART, 100_000, 2, 3), {1: 1}, ["too_few"]),
    (BallotRules(POINTS, 100_000, 1, None, points_total=10), {1: 6, 2: 4}, []),
    (BallotRules(POINTS, 100_000, 1, None, points_total=10), {1: 6, 2: 5}, ["points_over"]),
    (BallotRules(POINTS, 100_000, 1, None, points_total=10), {1: 6}, ["points_not_all_used"]),
    (BallotRules(POINTS, 100_000, 1, 1, points_total=10), {1: 6, 2: 4}, ["too_many"]),
    (BallotRules(POINTS, 100_000, 1, None, points_total=10), {1: -3, 2: 13}, ["not_positive", "points_over"]),
    (BallotRules(POINTS, 100_000, 1, None, points_total=10), {1: 10**15}, ["not_positive", "too_few",
                                                                           "points_not_all_used"]),
])
def test_problems(rules, choices, expected):
    assert codes(rules, choices) == expected


def test_over_budget_says_by_how_much():
    [problem] = problems(BallotRules(CART, 100_000), COSTS, {1: 1, 2: 1, 3: 1, 4: 1})
    assert dict(problem.numbers) == {"total": 115_000, "budget": 100_000, "over": 15_000}


def test_min_spend_rounds_up():
    assert BallotRules(CART, 1001, min_budget_share=50).min_spend == 501
    assert BallotRules(APPROVAL, 1001, min_budget_share=50).min_spend == 0


def test_total_cost():
    assert total_cost(COSTS, {1: 1, 4: 1, 99: 1}) == 60_000


@pytest.mark.parametrize(("method", "chosen", "points", "expected"), [
    (CART, ["1", "3"], {}, ({1: 1, 3: 1}, False)),
    (CART, ["1", "x"], {}, ({1: 1}, True)),
    (CART, ["１"], {}, ({}, True)),  # a full-width digit is a look-alike, not a number
    (CART, ["-1"], {}, ({}, True)),
    (CART, ["9" * 40], {}, ({}, True)),
    (POINTS, [], {"1": "6", "2": " 4 ", "3": ""}, ({1: 6, 2: 4}, False)),
    (POINTS, [], {"1": "0"}, ({}, False)),
    (POINTS, [], {"1": "-2"}, ({1: -2}, False)),
    (POINTS, [], {"1": "٣"}, ({}, True)),  # an Arabic-Indic three
    (POINTS, [], {"1": "1e3"}, ({}, True)),
])
def test_parse_choices(method, chosen, points, expected):
    assert parse_choices(method, chosen, points) == expected


def test_voter_order_is_random_per_voter_and_stable_per_seed():
    ids = list(range(1, 21))
    assert voter_order(ids, "a") == voter_order(reversed(ids), "a")
    assert sorted(voter_order(ids, "a")) == ids
    orders = {tuple(voter_order(ids, str(seed))) for seed in range(20)}
    assert len(orders) > 15
