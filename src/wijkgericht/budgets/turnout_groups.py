"""Turnout per neighbourhood without showing small groups (no Django): a neighbourhood with fewer than SMALLEST
voters is shown together with a neighbour — the adjacent group with the fewest voters (sharing a border), else the
nearest — until every group shown has at least SMALLEST voters or all are one group."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from shapely.geometry import shape

SMALLEST = 10


@dataclass(frozen=True)
class Unit:
    key: Any
    name: str
    voters: int
    geometry: dict | None = None


@dataclass(frozen=True)
class Group:
    names: tuple[str, ...]
    voters: int

    @property
    def merged(self) -> bool:
        return len(self.names) > 1


def merge_small(units: Sequence[Unit], smallest: int = SMALLEST) -> list[Group]:
    """Groups of `units` in their given order, each with at least `smallest` voters where there are enough."""
    shapes = [shape(u.geometry) if u.geometry else None for u in units]
    groups: list[list[int]] = [[i] for i in range(len(units))]

    def voters(group: list[int]) -> int:
        return sum(units[i].voters for i in group)

    def distance(a: list[int], b: list[int]) -> float:
        pairs = [(shapes[i], shapes[j]) for i in a for j in b if shapes[i] is not None and shapes[j] is not None]
        if not pairs:
            return float(abs(min(a) - min(b)))  # no borders known: the next in order is the neighbour
        return min(x.distance(y) for x, y in pairs)

    while len(groups) > 1:
        small = [g for g in groups if voters(g) < smallest]
        if not small:
            break
        group = min(small, key=lambda g: (voters(g), min(g)))
        others = [g for g in groups if g is not group]
        near = min(distance(group, g) for g in others)
        touching = [g for g in others if distance(group, g) <= max(near, 1e-9)]
        partner = min(touching, key=lambda g: (voters(g), min(g)))
        groups.remove(group)
        partner.extend(group)
        partner.sort()
    groups.sort(key=min)
    return [Group(names=tuple(units[i].name for i in g), voters=voters(g)) for g in groups]


def add_unplaced(groups: list[Group], name: str, count: int, smallest: int = SMALLEST) -> list[Group]:
    """Voters whose neighbourhood is not known (a code without one): a group of their own when large enough, else
    counted with the smallest group."""
    if not count:
        return groups
    if count >= smallest or not groups:
        return [*groups, Group(names=(name,), voters=count)]
    target = min(range(len(groups)), key=lambda i: groups[i].voters)
    out = list(groups)
    out[target] = Group(names=(*groups[target].names, name), voters=groups[target].voters + count)
    return out
