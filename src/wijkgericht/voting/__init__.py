"""Participatory budgeting without Django: pabulib I/O, greedy and the Method of Equal Shares, with explanations.

>>> from wijkgericht.voting import read_pabulib, tally
>>> outcome = tally(read_pabulib("wijk.pb"), "mes", "add1")   # doctest: +SKIP
>>> outcome.selected, outcome.decisions["12"].code             # doctest: +SKIP
"""

from .explain import Decision
from .model import Election, Project
from .pabulib import PabulibError, read_pabulib, read_pabulib_string, write_pabulib
from .profile import Profile, build_profile
from .tally import COMPLETIONS, PABULIB_RULE, RULES, Outcome, TallyError, tally

__all__ = [
    "COMPLETIONS",
    "PABULIB_RULE",
    "RULES",
    "Decision",
    "Election",
    "Outcome",
    "PabulibError",
    "Profile",
    "Project",
    "TallyError",
    "build_profile",
    "read_pabulib",
    "read_pabulib_string",
    "tally",
    "write_pabulib",
]
