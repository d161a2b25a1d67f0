"""Record pabutools 1.2.3's outcomes on the shipped approval/choose-1 instances as a golden file for the tests.

Each (file, rule, completion) runs in its own subprocess, capped (default 300 s); capped runs are left out of the
golden file and listed on stderr. The tests compare the engine with every recorded outcome, and re-run pabutools
live on the instances where it is quick. The committed file was made with ``--cap 90``, plus the pabutools outcomes
that ``bench_voting.py --json`` recorded with its 600 s cap (the Wrocław MES and add1 runs).

    PYTHONPATH=src python bench/voting/make_golden.py [--cap SECONDS] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DATA = (REPO / ".." / "shared" / "data" / "pabulib").resolve()
GOLDEN = REPO / "src" / "wijkgericht" / "voting" / "tests" / "golden" / "pabutools_outcomes.json"
COMBOS = [("greedy", "none"), ("mes", "none"), ("mes", "add1"), ("mes", "add1-utilitarian")]


def vote_type(path: Path) -> str:
    with open(path, encoding="utf-8-sig") as handle:
        for line in handle:
            if line.startswith("vote_type;"):
                return line.split(";", 1)[1].strip()
    return ""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cap", type=float, default=300.0)
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    golden: dict[str, dict[str, object]] = json.loads(GOLDEN.read_text()) if GOLDEN.exists() else {}
    files = sorted(p for p in DATA.glob("*.pb") if vote_type(p) in ("approval", "choose-1"))
    if args.only:
        files = [p for p in files if p.name in args.only]
    capped: set[str] = set()
    # greedy and MES on every file first, then the (much slower) add1 completions
    jobs = [(path, combo) for combo in COMBOS[:2] for path in files]
    jobs += [(path, combo) for path in files for combo in COMBOS[2:]]
    for path, (rule, completion) in jobs:
        key = f"{path.name}|{rule}|{completion}"
        if key in golden:
            continue
        if completion == "add1-utilitarian" and f"{path.name}|mes|add1" in capped:
            print(f"capped: {key} (add1 alone was capped)", file=sys.stderr, flush=True)
            continue
        if True:
            try:
                out = subprocess.run(
                    [sys.executable, str(HERE / "pabutools_ref.py"), str(path), rule, completion],
                    capture_output=True,
                    text=True,
                    timeout=args.cap,
                    check=True,
                )
            except subprocess.TimeoutExpired:
                print(f"capped: {key} (> {args.cap:.0f} s)", file=sys.stderr, flush=True)
                capped.add(key)
                continue
            result = json.loads(out.stdout)
            golden[key] = {"selected": result["selected"], "rule_seconds": result["rule_seconds"]}
            print(f"{key}: {result['rule_seconds']} s", file=sys.stderr, flush=True)
            GOLDEN.parent.mkdir(parents=True, exist_ok=True)
            GOLDEN.write_text(json.dumps(dict(sorted(golden.items())), indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
