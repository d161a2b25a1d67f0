"""Data for the district budget bursts, made in the burst server's own database (run as
`python -m tests.burst.budget_seed COMMAND JSON`; prints one JSON line), like tests/burst/seed.py.

Commands: `round` (a round in its voting phase with proposals on the ballot), `voters` (verified residents of its
district with a signed-in session each), `code_sessions` (a voting code and sessions that entered it, as after the
code page), `state` (voters, ballots and the code's status, read back for the assertions)."""

from __future__ import annotations

import json
import sys
from typing import Any

import django


def _municipality():
    from wijkgericht.districts.models import Municipality

    return Municipality.objects.get(code="GM0489")


def round(slug: str, **fields: Any) -> dict[str, Any]:  # noqa: A001
    from wijkgericht.budgets.tests.voting_setup import voting_round

    found, _share, proposals = voting_round(_municipality(), slug=slug, **fields)
    return {"id": found.pk, "slug": found.slug, "proposals": [p.pk for p in proposals]}


def voters(n: int, prefix: str) -> list[dict[str, Any]]:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from wijkgericht.accounts.models import User
    from wijkgericht.budgets.tests.voting_setup import verify

    place = _municipality()
    out = []
    for k in range(n):
        user = User.objects.create_user(f"{prefix}{k:03d}@burst.invalid", None)  # no password: quick to make
        verify(user, place)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        out.append({"id": user.pk, "session": session.session_key})
    return out


def code_sessions(round_id: int, code: str, n: int) -> list[str]:
    from django.contrib.sessions.backends.db import SessionStore

    from wijkgericht.budgets import hashing
    from wijkgericht.budgets.models import Round, VotingCode
    from wijkgericht.budgets.pages.codes import SESSION_KEY

    found = Round.objects.get(pk=round_id)
    VotingCode.objects.create(round=found, share=found.shares.get(), code_hash=hashing.code_hash(code),
                              address_hash=hashing.address_hash(found.pk, code))
    keys = []
    for _ in range(n):
        session = SessionStore()
        session[SESSION_KEY] = {str(found.pk): hashing.normalise_code(code)}
        session.create()
        keys.append(session.session_key)
    return keys


def state(round_id: int) -> dict[str, Any]:
    from wijkgericht.budgets.models import Ballot, Voter, VotingCode

    return {"voters": Voter.objects.filter(round_id=round_id).count(),
            "ballots": sorted(json.dumps(b.choices, sort_keys=True)
                              for b in Ballot.objects.filter(share__round_id=round_id)),
            "codes": list(VotingCode.objects.filter(round_id=round_id).values_list("status", flat=True))}


def main() -> None:
    django.setup()
    command, args = sys.argv[1], json.loads(sys.argv[2] if len(sys.argv) > 2 else "{}")
    result = {"round": round, "voters": voters, "code_sessions": code_sessions, "state": state}[command](**args)
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
