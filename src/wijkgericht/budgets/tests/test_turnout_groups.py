"""Turnout groups: no neighbourhood with fewer than ten voters is shown on its own (turnout_groups.py)."""

from __future__ import annotations

from wijkgericht.budgets.turnout_groups import Unit, add_unplaced, merge_small


def square(x: int) -> dict:
    return {"type": "Polygon", "coordinates": [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]]}


def test_large_groups_stand_alone():
    groups = merge_small([Unit(1, "A", 12, square(0)), Unit(2, "B", 30, square(1))])
    assert [(g.names, g.voters) for g in groups] == [(("A",), 12), (("B",), 30)]


def test_a_small_neighbourhood_joins_its_smallest_adjacent_neighbour_not_a_far_one():
    units = [Unit(1, "A", 50, square(0)), Unit(2, "B", 3, square(1)), Unit(3, "C", 20, square(2)),
             Unit(4, "D", 11, square(10))]
    groups = merge_small(units)
    assert [(g.names, g.voters) for g in groups] == [(("A",), 50), (("B", "C"), 23), (("D",), 11)]
    assert all(g.voters >= 10 for g in groups)


def test_without_a_touching_neighbour_the_nearest_is_taken_and_merging_goes_on_until_ten():
    units = [Unit(1, "A", 2, square(0)), Unit(2, "B", 3, square(5)), Unit(3, "C", 4, square(7))]
    groups = merge_small(units)
    assert [(g.names, g.voters) for g in groups] == [(("A", "B", "C"), 9)]  # all together: still shown as one


def test_without_borders_the_next_in_order_is_the_neighbour():
    groups = merge_small([Unit(1, "A", 20), Unit(2, "B", 1), Unit(3, "C", 15)])
    assert all(g.voters >= 10 for g in groups) and sum(g.voters for g in groups) == 36


def test_unplaced_voters_join_the_smallest_group_when_few():
    groups = merge_small([Unit(1, "A", 20, square(0)), Unit(2, "B", 12, square(1))])
    assert [g.voters for g in add_unplaced(groups, "?", 3)] == [20, 15]
    assert [g.names for g in add_unplaced(groups, "?", 10)][-1] == ("?",)
