"""Read and write participatory-budgeting elections in the pabulib ``.pb`` format.

The reader streams the file row by row (``csv`` with ``;``), validates as it goes, and either returns a complete
:class:`~wijkgericht.voting.model.Election` or raises :class:`PabulibError` with the line number and the problem —
never a partial result. Values are kept as the file writes them (stripped of surrounding whitespace), so that
read → write → read gives the same election.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import TextIO

import numpy as np

from .model import CARDINAL_VOTE_TYPES, VOTE_TYPES, Election, Project, parse_number

SECTIONS = ("meta", "projects", "votes")


class PabulibError(ValueError):
    """Malformed pabulib input. ``line`` is the 1-based line number (0 if the problem has no single line)."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"line {line}: {problem}")
        self.line = line
        self.problem = problem


def read_pabulib(path: str | Path) -> Election:
    """Read a ``.pb`` file (UTF-8, with or without BOM)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return read_pabulib_stream(handle)


def read_pabulib_string(text: str) -> Election:
    return read_pabulib_stream(io.StringIO(text.lstrip("\ufeff"), newline=""))


def _rows(handle: TextIO) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(handle, delimiter=";")
    try:
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            yield reader.line_num, [cell.strip() for cell in row]
    except csv.Error as exc:
        raise PabulibError(reader.line_num, f"unreadable CSV: {exc}") from None


def _int_meta(meta: dict[str, str], key: str, line: int) -> int | None:
    if key not in meta:
        return None
    try:
        return int(parse_number(meta[key]))
    except (ValueError, ZeroDivisionError):
        raise PabulibError(line, f"META {key} is not a number: {meta[key]!r}") from None


def read_pabulib_stream(handle: TextIO) -> Election:  # noqa: C901 - one pass, one place for every check
    meta: dict[str, str] = {}
    meta_lines: dict[str, int] = {}
    projects: list[Project] = []
    project_index: dict[str, int] = {}
    project_columns: list[str] = []
    vote_columns: list[str] = []
    voter_ids: list[str] = []
    seen_voters: set[str] = set()
    indptr: list[int] = [0]
    indices: list[int] = []
    points_raw: list[str] | None = None
    voter_columns: dict[str, list[str]] = {}

    section = ""
    expect_header = False
    header: list[str] = []
    last_line = 0
    vote_col = points_col = voter_id_col = -1
    other_cols: list[tuple[int, list[str]]] = []
    max_length: int | None = None
    cardinal = False

    for line, row in _rows(handle):
        last_line = line
        title = row[0].lower() if len(row) == 1 else ""
        if title in SECTIONS:
            expected = SECTIONS[SECTIONS.index(section) + 1] if section else "meta"
            if title != expected:
                raise PabulibError(
                    line, f"section {title.upper()} found where {expected.upper()} was expected"
                )
            section = title
            expect_header = True
            if section == "projects":
                if "budget" not in meta:
                    raise PabulibError(line, "META has no budget")
                try:
                    parse_number(meta["budget"])
                except (ValueError, ZeroDivisionError):
                    raise PabulibError(
                        meta_lines["budget"], f"budget is not a number: {meta['budget']!r}"
                    ) from None
                vote_type = meta.get("vote_type")
                if vote_type not in VOTE_TYPES:
                    raise PabulibError(meta_lines.get("vote_type", line), f"unknown vote_type {vote_type!r}")
                cardinal = vote_type in CARDINAL_VOTE_TYPES
            continue
        if not section:
            raise PabulibError(line, "the file must start with a META section")
        if expect_header:
            header = row
            expect_header = False
            if len(set(header)) != len(header):
                raise PabulibError(line, f"duplicated column in {section.upper()} header")
            if section == "meta":
                if header[:2] != ["key", "value"]:
                    raise PabulibError(line, "META header must be key;value")
            elif section == "projects":
                for required in ("project_id", "cost"):
                    if required not in header:
                        raise PabulibError(line, f"PROJECTS header has no {required} column")
                project_columns = header
            else:
                for required in ("voter_id", "vote"):
                    if required not in header:
                        raise PabulibError(line, f"VOTES header has no {required} column")
                if cardinal and "points" not in header:
                    raise PabulibError(line, f"VOTES of a {meta['vote_type']} election need a points column")
                vote_columns = header
                vote_col = header.index("vote")
                voter_id_col = header.index("voter_id")
                points_col = header.index("points") if "points" in header else -1
                if points_col >= 0:
                    points_raw = []
                other_cols = [
                    (i, voter_columns.setdefault(name, []))
                    for i, name in enumerate(header)
                    if name not in ("voter_id", "vote", "points")
                ]
                max_length = _int_meta(meta, "max_length", meta_lines.get("max_length", 0))
            continue
        if section == "meta":
            if len(row) != 2:
                raise PabulibError(line, f"META line must be key;value, found {len(row)} fields")
            key, value = row
            if key in meta:
                raise PabulibError(line, f"duplicated META key {key!r} (first on line {meta_lines[key]})")
            meta[key] = value
            meta_lines[key] = line
        elif section == "projects":
            if len(row) != len(header):
                raise PabulibError(line, f"project line has {len(row)} fields, header has {len(header)}")
            fields = dict(zip(header, row, strict=True))
            pid = fields["project_id"]
            if not pid:
                raise PabulibError(line, "empty project_id")
            if pid in project_index:
                raise PabulibError(line, f"duplicated project_id {pid!r}")
            try:
                cost = parse_number(fields["cost"])
            except (ValueError, ZeroDivisionError):
                raise PabulibError(
                    line, f"cost of project {pid!r} is not a number: {fields['cost']!r}"
                ) from None
            if cost < 0:
                raise PabulibError(line, f"cost of project {pid!r} is negative")
            project_index[pid] = len(projects)
            projects.append(Project(pid, cost, fields))
        else:
            if len(row) != len(header):
                raise PabulibError(line, f"vote line has {len(row)} fields, header has {len(header)}")
            voter = row[voter_id_col]
            if voter in seen_voters:
                raise PabulibError(line, f"duplicated voter_id {voter!r}")
            seen_voters.add(voter)
            names = [x.strip() for x in row[vote_col].split(",")] if row[vote_col] else []
            names = [x for x in names if x]
            ballot: list[int] = []
            for name in names:
                j = project_index.get(name)
                if j is None:
                    raise PabulibError(line, f"vote of voter {voter!r} names unknown project {name!r}")
                ballot.append(j)
            distinct = len(set(ballot))
            if distinct != len(ballot) and cardinal:
                # approval/ordinal ballots are sets of approved projects: a repeated id is kept as written
                # (round trip) and counted once; for points it would be ambiguous
                raise PabulibError(line, f"vote of voter {voter!r} names a project twice")
            if max_length is not None and distinct > max_length:
                raise PabulibError(
                    line, f"vote of voter {voter!r} names {distinct} projects, max_length is {max_length}"
                )
            if points_raw is not None:
                raw = row[points_col]
                pts = [x for x in (y.strip() for y in raw.split(",")) if x] if raw else []
                if cardinal and len(pts) != len(ballot):
                    raise PabulibError(
                        line, f"voter {voter!r} has {len(ballot)} projects but {len(pts)} points"
                    )
                for x in pts:
                    try:
                        parse_number(x)
                    except (ValueError, ZeroDivisionError):
                        raise PabulibError(
                            line, f"points of voter {voter!r} are not numbers: {raw!r}"
                        ) from None
                points_raw.append(",".join(pts))
            voter_ids.append(voter)
            indices.extend(ballot)
            indptr.append(len(indices))
            for i, column in other_cols:
                column.append(row[i])

    if section != "votes" or expect_header:
        missing = (
            "META"
            if not section
            else ("VOTES" if section != "votes" or not expect_header else "VOTES header")
        )
        if section == "meta":
            missing = "PROJECTS"
        raise PabulibError(last_line + 1, f"missing section {missing}")
    num_projects = _int_meta(meta, "num_projects", meta_lines.get("num_projects", 0))
    if num_projects is not None and num_projects != len(projects):
        raise PabulibError(
            meta_lines["num_projects"], f"num_projects is {num_projects}, found {len(projects)}"
        )
    num_votes = _int_meta(meta, "num_votes", meta_lines.get("num_votes", 0))
    if num_votes is not None and num_votes != len(voter_ids):
        raise PabulibError(meta_lines["num_votes"], f"num_votes is {num_votes}, found {len(voter_ids)}")

    return Election(
        meta=meta,
        projects=projects,
        project_columns=project_columns,
        voter_ids=voter_ids,
        ballot_indptr=np.asarray(indptr, dtype=np.int64),
        ballot_indices=np.asarray(indices, dtype=np.int32),
        vote_columns=vote_columns,
        voter_columns=voter_columns,
        points_raw=points_raw,
    )


def _vote_rows(election: Election) -> Iterable[list[str]]:
    ids = [p.project_id for p in election.projects]
    indptr = election.ballot_indptr.tolist()
    indices = election.ballot_indices.tolist()
    columns = election.vote_columns
    for v, voter in enumerate(election.voter_ids):
        out: list[str] = []
        for name in columns:
            if name == "voter_id":
                out.append(voter)
            elif name == "vote":
                out.append(",".join(ids[j] for j in indices[indptr[v] : indptr[v + 1]]))
            elif name == "points":
                out.append(election.points_raw[v] if election.points_raw is not None else "")
            else:
                out.append(election.voter_columns[name][v])
        yield out


def write_pabulib_stream(election: Election, handle: TextIO) -> None:
    writer = csv.writer(handle, delimiter=";", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    handle.write("META\n")
    writer.writerow(["key", "value"])
    writer.writerows(election.meta.items())
    handle.write("PROJECTS\n")
    writer.writerow(election.project_columns)
    writer.writerows([p.fields.get(c, "") for c in election.project_columns] for p in election.projects)
    handle.write("VOTES\n")
    writer.writerow(election.vote_columns)
    writer.writerows(_vote_rows(election))


def write_pabulib(election: Election, path: str | Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        write_pabulib_stream(election, handle)


def election_as_string(election: Election) -> str:
    buffer = io.StringIO()
    write_pabulib_stream(election, buffer)
    return buffer.getvalue()


def cost_of(election: Election, project_ids: Iterable[str]) -> Fraction:
    by_id = {p.project_id: p.cost for p in election.projects}
    return sum((by_id[p] for p in project_ids), Fraction(0))
