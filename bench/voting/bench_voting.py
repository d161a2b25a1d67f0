"""Benchmark of wijkgericht.voting against pabutools 1.2.3 (the reference) on the same inputs, in the same run.

Every measurement runs in its own subprocess: wall time of the rule (parsing excluded and reported apart), peak
resident memory of that process (``ru_maxrss``), and for our engine also the peak of Python/numpy allocations
(``tracemalloc``), and its process CPU time (on a busy shared machine wall time can be several times the CPU time).
pabutools is capped at ten minutes per rule and then reported as "> 600 s". Our engine is also capped
(``--our-cap``). Ratios = pabutools ÷ ours (wall times), only where pabutools finished.

    PYTHONPATH=src python bench/voting/bench_voting.py [--quick] [--cap 600] [--our-cap 600] [--jobs 1]
                                                        [--heavy-jobs 4]
                                                        [--json results.json] [--reuse-reference results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DATA = (REPO / ".." / "shared" / "data" / "pabulib").resolve()
COMBOS = [("greedy", "none"), ("mes", "none"), ("mes", "add1"), ("mes", "add1-utilitarian")]
SHIPPED = [
    "Poland_Warszawa_2026.pb",
    "Hungary_Budapest_2024.pb",
    "Poland_Wroclaw_2015_150_-_500.pb",
    "Poland_Wroclaw_2015_from_500.pb",
    "Poland_Wroclaw_2015_up_to_150.pb",
    "Poland_Wroclaw_2020.pb",
]

OURS = r"""
import json, sys, time, tracemalloc
def peak_rss_kib():
    # VmHWM starts afresh with exec (ru_maxrss would inherit the parent's peak)
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
from wijkgericht.voting import read_pabulib, tally, build_profile
path, rule, completion = sys.argv[1:4]
t0 = time.perf_counter(); election = read_pabulib(path); t1 = time.perf_counter()
t2 = time.perf_counter(); c2 = time.process_time()
outcome = tally(election, rule, completion)
t3 = time.perf_counter(); c3 = time.process_time()
# memory in a second, traced run: tracemalloc slows allocation-heavy code, so it stays out of the timing
tracemalloc.start()
tally(election, rule, completion)
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
print(json.dumps({"selected": sorted(outcome.selected), "parse_seconds": round(t1 - t0, 3),
                  "rule_seconds": round(t3 - t2, 4), "rule_cpu_seconds": round(c3 - c2, 4),
                  "traced_peak_kib": peak // 1024,
                  "peak_rss_kib": peak_rss_kib(),
                  "info": outcome.info}))
"""


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(REPO / "src") + os.pathsep + e.get("PYTHONPATH", "")
    return e


def measure(cmd: list[str], cap: float) -> dict[str, object]:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=cap, check=True, env=env())
    except subprocess.TimeoutExpired:
        return {"capped": True}
    except subprocess.CalledProcessError as exc:
        return {"error": exc.stderr.strip().splitlines()[-1] if exc.stderr.strip() else str(exc)}
    result: dict[str, object] = json.loads(out.stdout)
    return result


def ours(path: Path, rule: str, completion: str, cap: float) -> dict[str, object]:
    return measure([sys.executable, "-c", OURS, str(path), rule, completion], cap)


def reference(path: Path, rule: str, completion: str, cap: float) -> dict[str, object]:
    return measure([sys.executable, str(HERE / "pabutools_ref.py"), str(path), rule, completion], cap)


def fmt_time(result: dict[str, object], cap: float) -> str:
    if result.get("capped"):
        return f"> {cap:.0f} s"
    if "error" in result:
        return "error"
    return f"{float(result['rule_seconds']):.3f} s"  # type: ignore[arg-type]


def fmt_mem(result: dict[str, object]) -> str:
    if "peak_rss_kib" not in result:
        return "-"
    return f"{int(result['peak_rss_kib']) / 1024:.0f} MiB"  # type: ignore[call-overload]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="only the generated 5,000-voter instance")
    parser.add_argument("--cap", type=float, default=600.0, help="cap per pabutools rule (s)")
    parser.add_argument("--our-cap", type=float, default=600.0, help="cap per engine rule (s)")
    parser.add_argument("--jobs", type=int, default=1, help="timed pabutools runs in parallel")
    parser.add_argument("--heavy-jobs", type=int, default=4, help="add1 runs on large instances in parallel")
    parser.add_argument("--json", type=Path, help="write all figures here")
    parser.add_argument("--reuse-reference", type=Path, help="take pabutools figures from an earlier --json")
    parser.add_argument("--no-reference", action="store_true")
    args = parser.parse_args()

    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(REPO / "src"))
    from generate import write_generated

    tmp = Path(tempfile.mkdtemp(prefix="bench_voting_"))
    instances: list[tuple[str, Path]] = [
        ("generated 100 × 5,000", write_generated(tmp / "gen_5000.pb", 100, 5000))
    ]
    if not args.quick:
        instances.append(("generated 100 × 100,000", write_generated(tmp / "gen_100000.pb", 100, 100_000)))
        instances += [(name.removesuffix(".pb"), DATA / name) for name in SHIPPED if (DATA / name).exists()]

    results: dict[str, dict[str, dict[str, object]]] = {}
    for label, path in instances:
        for rule, completion in COMBOS:
            key = f"{label}|{rule}|{completion}"
            if completion == "add1-utilitarian" and results[f"{label}|mes|add1"]["ours"].get("capped"):
                results[key] = {"ours": {"capped": True}}  # it runs add1 first
                continue
            results[key] = {"ours": ours(path, rule, completion, args.our_cap)}
            print(f"ours {key}: {fmt_time(results[key]['ours'], args.our_cap)}", file=sys.stderr, flush=True)

    reused: dict[str, dict[str, dict[str, object]]] = {}
    if args.reuse_reference:
        reused = json.loads(args.reuse_reference.read_text())["results"]
    if not args.no_reference:
        todo = []
        for label, path in instances:
            for rule, completion in COMBOS:
                key = f"{label}|{rule}|{completion}"
                if key in reused and "ref" in reused[key]:
                    results[key]["ref"] = reused[key]["ref"] | {"reused": True}
                else:
                    todo.append((key, path, rule, completion))

        def run(item: tuple[str, Path, str, str]) -> tuple[str, dict[str, object]]:
            key, path, rule, completion = item
            if completion == "add1-utilitarian":
                # add1-utilitarian runs add1 first: if add1 alone was capped, so is this
                add1 = results.get(key.replace("add1-utilitarian", "add1"), {}).get("ref", {})
                if add1.get("capped"):
                    print(f"pabutools {key}: capped (add1 alone was)", file=sys.stderr, flush=True)
                    return key, {"capped": True}
            res = reference(path, rule, completion, args.cap)
            print(f"pabutools {key}: {fmt_time(res, args.cap)}", file=sys.stderr, flush=True)
            return key, res

        # timed runs one at a time (jobs); the add1 runs on the large instances, which hit the cap anyway,
        # side by side (heavy_jobs) so that the whole benchmark fits in an hour
        light = [t for t in todo if t[3] == "none" or t[0].startswith(instances[0][0])]
        heavy = [t for t in todo if t not in light and t[3] == "add1"]
        last = [t for t in todo if t not in light and t[3] == "add1-utilitarian"]
        for batch, jobs in ((light, args.jobs), (heavy, args.heavy_jobs), (last, args.heavy_jobs)):
            with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
                for key, res in pool.map(run, batch):
                    results[key]["ref"] = res

    header = (
        "| instance | rule | ours: time | ours: CPU | ours: peak RSS | ours: traced peak | pabutools: time "
        "| pabutools: peak RSS | time ratio | memory ratio | same outcome | MES passes (computed) |"
    )
    print(header)
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    for key, res in results.items():
        label, rule, completion = key.split("|")
        mine, ref = res["ours"], res.get("ref", {})
        name = rule if completion == "none" else f"{rule} {completion}"
        ratio = mem_ratio = same = "-"
        if "rule_seconds" in mine and "rule_seconds" in ref:
            ratio = f"{float(ref['rule_seconds']) / max(float(mine['rule_seconds']), 1e-4):.0f}×"  # type: ignore[arg-type]
            mem_ratio = f"{int(ref['peak_rss_kib']) / int(mine['peak_rss_kib']):.1f}×"  # type: ignore[call-overload]
            same = "yes" if ref["selected"] == mine["selected"] else "NO"
        traced = f"{int(mine['traced_peak_kib']) / 1024:.1f} MiB" if "traced_peak_kib" in mine else "-"  # type: ignore[call-overload]
        info = mine.get("info") if isinstance(mine.get("info"), dict) else {}
        passes = str(info.get("passes", ""))  # type: ignore[union-attr]
        if "computed_passes" in info:  # type: ignore[operator]
            passes += f" ({info['computed_passes']})"  # type: ignore[index]
        cpu = f"{float(mine['rule_cpu_seconds']):.3f} s" if "rule_cpu_seconds" in mine else "-"  # type: ignore[arg-type]
        ref_time = fmt_time(ref, args.cap) + (" (reused)" if ref.get("reused") else "") if ref else "not run"
        print(
            f"| {label} | {name} | {fmt_time(mine, args.our_cap)} | {cpu} | {fmt_mem(mine)} | {traced} | {ref_time} "
            f"| {fmt_mem(ref) if ref else '-'} | {ratio} | {mem_ratio} | {same} | {passes} |"
        )
    if args.json:
        args.json.write_text(json.dumps({"cap": args.cap, "results": results}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
