"""HTTP benchmark: gunicorn (sync workers) on the Barendrecht demo, loaded by wrk; req/s and p50/p99 latency.

    .venv/bin/python bench/http/bench_http.py [--quick] [--duration S] [--concurrency 16 64] [--profile] [--check]
        [--json FILE]

Cases: a bare Django view (`/bench/hello`, the baseline, same middleware stack), the district page
`/wijken/nieuweland/`, and the point lookup `/api/v1/lookup` at points spread over Barendrecht (a wrk Lua script
cycles through points checked beforehand to lie inside the municipality). Load generator: `wrk` (Debian package,
`apt-get install -y wrk`), its own process, loopback only. gunicorn and wrk share the machine's cores, so absolute
numbers are low-end; the ratio to hello is the figure to watch (issue goals: district ≥ 0.5, lookup ≥ 0.7).

`--profile` also reports, in-process with Django's test client, the SQL queries and server time per request of
each case (CaptureQueriesContext), to see where the time goes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
BIN = Path(sys.executable).parent
BBOX = {"lon": (4.49, 4.57), "lat": (51.83, 51.87)}  # Barendrecht, WGS84
DISTRICT = "/wijken/nieuweland/"
GOALS = {"district": 0.5, "lookup": 0.7}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "WIJKGERICHT_DATA_DIR": str(data_dir),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_DEBUG": "false",
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), env.get("PYTHONPATH", "")])),
    })
    env.pop("DATABASE_URL", None)  # always the embedded SQLite file in the temporary data folder
    return env


def prepare(env: dict[str, str]) -> None:
    demo_env = dict(env, DJANGO_SETTINGS_MODULE="wijkgericht.conf.base")
    subprocess.run([str(BIN / "wijkgericht"), "demo", "--no-serve"], env=demo_env, check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([str(BIN / "wijkgericht"), "collectstatic", "--noinput", "-v", "0"], env=demo_env, check=True)


def get(url: str, timeout: float = 5.0) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def start_gunicorn(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    command = [str(BIN / "gunicorn"), "wijkgericht.wsgi:application", "--worker-class", "sync",
               "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--no-control-socket",
               "--backlog", "2048", "--log-level", "warning"]
    log = open(Path(env["WIJKGERICHT_DATA_DIR"]) / "gunicorn.log", "ab")  # noqa: SIM115 - closed with the process
    server = subprocess.Popen(command, env=env, start_new_session=True, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}; see its log:\n"
                             + (Path(env["WIJKGERICHT_DATA_DIR"]) / "gunicorn.log").read_text()[-3000:])
        try:
            if get(f"http://127.0.0.1:{port}/healthz", timeout=1) == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    stop(server)
    raise SystemExit("gunicorn did not answer /healthz within 30 s")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def lookup_points(base: str, count: int, seed: int = 489) -> list[tuple[float, float]]:
    """Random points in Barendrecht's bbox, kept only where the lookup finds a district (200)."""
    rng = random.Random(seed)
    points = []
    for _ in range(count * 3):
        lat, lon = rng.uniform(*BBOX["lat"]), rng.uniform(*BBOX["lon"])
        if get(f"{base}/api/v1/lookup?lat={lat:.5f}&lon={lon:.5f}") == 200:
            points.append((lat, lon))
            if len(points) == count:
                break
    return points


def lookup_script(points: list[tuple[float, float]], directory: Path) -> Path:
    paths = ",\n".join(f'  "/api/v1/lookup?lat={lat:.5f}&lon={lon:.5f}"' for lat, lon in points)
    script = directory / "lookup.lua"
    script.write_text(
        "local paths = {\n" + paths + "\n}\n"
        "local n = 0\n"
        "request = function()\n"
        "  n = n + 1\n"
        "  return wrk.format(\"GET\", paths[(n % #paths) + 1])\n"
        "end\n"
    )
    return script


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def run_wrk(url: str, concurrency: int, duration: float, script: Path | None = None) -> dict:
    command = ["wrk", "-t", str(min(2, concurrency)), "-c", str(concurrency), "-d", f"{duration:g}s",
               "--timeout", "10s", "--latency"]
    if script:
        command += ["-s", str(script)]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M))
    if "50" not in percentiles:
        raise SystemExit(f"wrk gave no latency distribution for {url} at -c {concurrency}:\n{out}")
    errors = re.search(r"Socket errors: (.*)$", out, re.M)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "p50": _ms(percentiles["50"]),
        "p99": _ms(percentiles["99"]),
        "errors": (errors.group(1) if errors else "") + (f" non-2xx {non2xx.group(1)}" if non2xx else ""),
    }


def profile(env: dict[str, str]) -> None:
    """Queries and time per request by function, in-process (see profile_requests.py)."""
    subprocess.run([sys.executable, str(HERE / "profile_requests.py")], env=dict(env, DJANGO_ALLOWED_HOSTS="testserver"),
                   check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 s per case instead of 10 s")
    parser.add_argument("--duration", type=float, help="seconds per case")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--profile", action="store_true", help="also count queries and time per request")
    parser.add_argument("--check", action="store_true", help="exit with status 1 if a ratio is below its goal")
    parser.add_argument("--json", type=Path, help="also write the figures (and date, machine, load) to this file")
    args = parser.parse_args()
    duration = args.duration or (3 if args.quick else 10)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")

    with tempfile.TemporaryDirectory(prefix="wijkgericht-bench-") as tmp:
        tmp_path = Path(tmp)
        env = environment(tmp_path)
        prepare(env)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_gunicorn(env, port, args.workers)
        try:
            points = lookup_points(base, 200)
            script = lookup_script(points, tmp_path)
            cases = [("hello", "/bench/hello", None), ("district", DISTRICT, None), ("lookup", "/api/v1/lookup", script)]
            for name, path, _script in cases:  # warm both workers (lazy imports, the lookup index)
                for _ in range(4 * args.workers):
                    status = get(base + (path if name != "lookup" else
                                         f"/api/v1/lookup?lat={points[0][0]:.5f}&lon={points[0][1]:.5f}"))
                    assert status == 200, (name, status)
            print(f"gunicorn sync --workers {args.workers}, wrk -t2, {duration:g} s per case, "
                  f"{len(points)} lookup points inside Barendrecht, {os.cpu_count()} CPUs, "
                  f"load average before {os.getloadavg()[0]:.2f}")
            print(f"{'case':<11} {'conc':>5} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6}  errors   (ratio: req/s over the mean of the two hello runs)")
            missed: list[str] = []
            table: list[dict] = []
            load_before = os.getloadavg()[0]
            for concurrency in args.concurrency:
                # hello runs before and after the other cases; their ratio is to the mean of the two, which keeps
                # the ratios fairer when other work on the machine comes and goes.
                runs = {name: run_wrk(base + path, concurrency, duration, script_path)
                        for name, path, script_path in cases}
                hello_after = run_wrk(base + "/bench/hello", concurrency, duration)
                baseline = (runs["hello"]["rps"] + hello_after["rps"]) / 2
                rows = [("hello", runs["hello"]), ("hello again", hello_after),
                        *((name, runs[name]) for name, _path, _script in cases[1:])]
                for name, result in rows:
                    ratio = result["rps"] / baseline
                    goal = GOALS.get(name)
                    if goal is not None and ratio < goal:
                        missed.append(f"{name} at -c {concurrency}: {ratio:.2f} < {goal}")
                    mark = "" if goal is None else (" ok" if ratio >= goal else f" < goal {goal}")
                    table.append({"case": name, "concurrency": concurrency, **result, "ratio": ratio, "goal": goal})
                    print(f"{name:<11} {concurrency:>5} {result['rps']:>9.1f} {result['p50']:>8.1f} "
                          f"{result['p99']:>8.1f} {ratio:>6.2f}{mark:<13} {result['errors']}", flush=True)
            load_after = os.getloadavg()[0]
            print(f"load average after {load_after:.2f} (other processes on the machine skew req/s)")
        finally:
            stop(server)
        if args.profile:
            print("\nper request, in-process (Django test client, whole middleware stack):")
            profile(env)
    if args.json:
        args.json.write_text(json.dumps({
            "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "machine": {"nproc": os.cpu_count(), "load_before": load_before, "load_after": load_after},
            "settings": {"workers": args.workers, "duration": duration, "lookup_points": len(points)},
            "cases": table, "missed": missed,
        }, indent=1) + "\n")
        print(f"wrote {args.json}")
    if args.check and missed:
        raise SystemExit("below goal: " + "; ".join(missed))


if __name__ == "__main__":
    main()
