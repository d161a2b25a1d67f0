"""The keyed hashes that keep votes secret: HMAC-SHA256 under the site's secret key, one purpose per salt, so a
value of one kind never matches another. Without the secret key, a database copy cannot tell whose token is whose,
which code was sent to which address, or which ballot a voter may change.

- `voter_token(round_id, account=…)` / `voter_token(round_id, code=…)`: who voted, per round (Voter.token).
- `ballot_key(round_id, token)`: finds a voter's ballot to replace it, only in rounds that allow changing
  (Ballot.change_key); a different purpose than the token, so the two columns cannot be joined.
- `code_hash(code)`: a voting code as stored (VotingCode.code_hash); codes are normalised first.
- `address_hash(round_id, address)`: the address a letter went to, to replace a lost one (VotingCode.address_hash).
"""

from __future__ import annotations

from django.utils.crypto import salted_hmac

# A code as printed: groups of letters and digits without look-alikes (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY3467 9".replace(" ", "")


def _hex(purpose: str, value: str) -> str:
    return salted_hmac(f"wijkgericht.budgets.{purpose}", value, algorithm="sha256").hexdigest()


def normalise_code(raw: str) -> str:
    """A code as typed: spaces, dashes and case do not matter."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def voter_token(round_id: int, *, account: int | None = None, code: str | None = None) -> str:
    if (account is None) == (code is None):
        raise ValueError("A voter is an account or a code, exactly one.")
    who = f"account:{account}" if account is not None else f"code:{normalise_code(code or '')}"
    return _hex("voter", f"{round_id}:{who}")


def ballot_key(round_id: int, token: str) -> str:
    return _hex("ballot", f"{round_id}:{token}")


def code_hash(code: str) -> str:
    return _hex("code", normalise_code(code))


def address_hash(round_id: int, address: str) -> str:
    return _hex("address", f"{round_id}:{' '.join(address.upper().split())}")
