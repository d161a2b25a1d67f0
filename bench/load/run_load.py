"""Load and faults, nothing lost (issue #16): locust against two web nodes behind haproxy, in four phases.

    .venv/bin/python bench/load/run_load.py [--quick] [--users 20] [--phase-seconds 60] [--worker-stop 60]
        [--phases steady,node,redis,worker] [--health /health/ready] [--json FILE] [--keep]

Everything on 127.0.0.1, every process started here and stopped at the end (own sessions, killed by group;
moto by the test helper): a fresh PostgreSQL database (wijkgericht_bench_load, dropped first and after), a
private redis-server, moto's S3 API (tests/backing_services.s3_server), node A (`wijkgericht demo`: migrate, demo
data, gunicorn), node B (a second gunicorn on the same database), one Celery worker, and haproxy in front of both
nodes, checking each node's /health/ready every 2 s.
Settings: load_settings.py (production settings, rate limits off, mail into files).

Phases, each a headless locust run of its own (locustfile.py: residents browse, support, comment, submit and sign
up for activities; a moderator and a civil servant handle items from their inbox):
    steady   nothing happens to the set-up
    node     node B is killed (SIGKILL, process group) a third into the phase and started again 10 s later
    redis    redis-server is killed a third into the phase and a new, empty one started on the same port 5 s later
    worker   the Celery worker is stopped (SIGTERM, warm) 5 s into the phase and started again after a minute

After each phase the worker empties the queue, then check.py compares the database and the mail folder with the
writes locust saw (stored once, refused with a message, nothing lost; one mail per notification). One table per
phase; exit status 1 if a check failed.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkgericht.conf.base")  # tests.test_cluster imports an app module

from cluster import Redis, Worker, make_fault, start_haproxy, stop_process  # noqa: E402  (bench/load/cluster.py)
from tests.backing_services import S3_KEY, S3_REGION, S3_SECRET, s3_server  # noqa: E402
from tests.burst.harness import Site, postgres_database, postgres_drop  # noqa: E402

PG_URL = os.environ.get("WIJKGERICHT_LOAD_PG", "postgres://postgres@127.0.0.1:5432/postgres")
DB_NAME = "wijkgericht_bench_load"
STAFF = ["moderator@demo.invalid", "wijkregisseur@demo.invalid"]
STAFF_PASSWORD = "wijkgericht-demo"  # demo/accounts.py
RESIDENT_PASSWORD = "een-lang-wachtwoord"  # participation.testing.make_user, which tests/burst/seed.py uses
PHASES = ("steady", "node", "redis", "worker")
DRAIN_SECONDS = 180


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- one phase ----------------------------------------------------------------------------------------------------

def run_locust(env: dict[str, str], host: str, users: int, seconds: int, prefix: Path,
               fault=None) -> tuple[int, list[str]]:
    """locust, headless and bounded (--run-time, then --stop-timeout for the tasks under way); `fault(elapsed)`
    is called about every half second while it runs. Returns its exit code and the fault's log lines."""
    locust = Path(sys.executable).with_name("locust")
    argv = [str(locust), "-f", str(HERE / "locustfile.py"), "--headless", "-u", str(users), "-r", str(max(2, users // 4)),
            "--run-time", f"{seconds}s", "--stop-timeout", "15", "--host", host, "--csv", str(prefix),
            "--only-summary", "--loglevel", "WARNING"]
    notes: list[str] = []
    with prefix.with_suffix(".log").open("wb") as out:
        process = subprocess.Popen(argv, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    began = time.monotonic()
    try:
        while process.poll() is None:
            elapsed = time.monotonic() - began
            if elapsed > seconds + 90:
                notes.append("locust did not stop in time: killed")
                break
            if fault is not None:
                note = fault(elapsed)
                if note:
                    notes.append(f"{elapsed:5.1f} s: {note}")
                    log(note)
            time.sleep(0.5)
    finally:
        stop_process(process)
    return process.returncode or 0, notes


def locust_figures(prefix: Path) -> dict:
    stats = list(csv.DictReader(Path(f"{prefix}_stats.csv").open()))
    total = next(row for row in stats if row["Name"] == "Aggregated")
    writes = {row["Name"]: row for row in stats if row["Type"] == "POST"}
    failures = [{"name": f"{row['Method']} {row['Name']}", "error": row["Error"], "count": int(row["Occurrences"])}
                for row in csv.DictReader(Path(f"{prefix}_failures.csv").open())]
    return {
        "requests": int(total["Request Count"]), "failures": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]), "p50_ms": float(total["50%"]), "p99_ms": float(total["99%"]),
        "max_ms": float(total["Max Response Time"]),
        "writes": {name: {"requests": int(r["Request Count"]), "p50_ms": float(r["50%"]), "p99_ms": float(r["99%"])}
                   for name, r in writes.items()},
        "failure_kinds": failures,
    }


def drain(redis, worker: Worker, seconds: float = DRAIN_SECONDS) -> float:
    """Wait until the worker has taken every task from the queue and acknowledged it; returns the seconds it took."""
    began = time.monotonic()
    client = redis.client()
    quiet = 0
    while time.monotonic() - began < seconds:
        with contextlib.suppress(Exception):
            if client.llen("celery") == 0 and client.hlen("unacked") == 0:
                quiet += 1
                if quiet >= 4:  # two seconds without anything queued or under way
                    return time.monotonic() - began
            else:
                quiet = 0
        if worker.process is None or worker.process.poll() is not None:
            raise RuntimeError(f"the worker is not running:\n{worker.logs()[-3000:]}")
        time.sleep(0.5)
    raise RuntimeError(f"the queue was not empty after {seconds} s")


def run_check(env: dict[str, str], *args: str) -> dict:
    done = subprocess.run([sys.executable, str(HERE / "check.py"), *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=600)
    if done.returncode:
        raise RuntimeError(f"check.py failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def request_errors(figures: dict) -> dict[str, int]:
    """locust's failures by kind: the site's own 5xx; haproxy's 503 (no node ready); requests that got no answer
    or haproxy's 502 (a node died under them); anything else."""
    kinds = {"site_5xx": 0, "lb_503_no_node": 0, "lost_in_flight": 0, "other": 0}
    for failure in figures["failure_kinds"]:
        error = failure["error"]
        if "server_error" in error:
            kinds["site_5xx"] += failure["count"]
        elif "lb_503" in error or "503 Server Error" in error:
            kinds["lb_503_no_node"] += failure["count"]
        elif any(t in error for t in ("lb_502", "lb_504", "no_answer", "RemoteDisconnected", "Connection",
                                      "sign-in failed 0")):
            kinds["lost_in_flight"] += failure["count"]
        else:
            kinds["other"] += failure["count"]
    return kinds


def verdict(check: dict, errors: dict[str, int] | None = None, phase: str = "") -> bool:
    mail = check["mail"]
    good = check["problem_count"] == 0 and mail["missing"] == 0 and mail["double_or_unexpected"] == 0 \
        and mail["still_unmailed"] == 0
    if errors is not None:  # only the killed node's requests may go unanswered
        good = good and errors["site_5xx"] == 0 and errors["lb_503_no_node"] == 0 and errors["other"] == 0 \
            and (phase == "node" or errors["lost_in_flight"] == 0)
    return good


def show(name: str, figures: dict, check: dict, notes: list[str], drained: float) -> None:
    print(f"\n=== phase {name}: {figures['requests']} requests, {figures['rps']:.1f} req/s, p50 {figures['p50_ms']:.0f} ms,"
          f" p99 {figures['p99_ms']:.0f} ms, max {figures['max_ms']:.0f} ms; locust failures {figures['failures']}")
    for note in notes:
        print(f"    fault  {note}")
    for failure in figures["failure_kinds"]:
        print(f"    error  {failure['count']:5d} × {failure['name']}: {failure['error'][:100]}")
    print(f"    {'write':<11} {'writes':>6} {'tries':>6} {'ok seen':>8}  verdicts (stored vs seen)")
    for kind, row in check["writes"].items():
        verdicts = ", ".join(f"{k} {v}" for k, v in sorted(row["verdicts"].items()))
        print(f"    {kind:<11} {row['writes']:6d} {row['attempts']:6d} {row['client_ok']:8d}  {verdicts}")
    for refusal, count in check["refusals"].items():
        print(f"    refused {count:4d} × {refusal}")
    mail = check["mail"]
    print(f"    mail (cumulative): {mail['notifications']} notifications for immediate mail, "
          f"{mail['mail_files_messages']} mails in files; missing {mail['missing']}, double/unexpected "
          f"{mail['double_or_unexpected']}; unmailed after the queue drained ({drained:.0f} s): "
          f"{mail['unmailed_before_daily_run']} (sent now as the daily run would: {mail['sent_by_daily_run_now']}),"
          f" still unmailed {mail['still_unmailed']}")
    for problem in check["problems"][:5]:
        print(f"    PROBLEM {json.dumps(problem, ensure_ascii=False)[:400]}")
    errors = request_errors(figures)
    print(f"    requests without a good answer: site 5xx {errors['site_5xx']}, haproxy 503 (no node ready) "
          f"{errors['lb_503_no_node']}, unanswered/502 (in flight on a dying node) {errors['lost_in_flight']}, "
          f"other {errors['other']}")
    print(f"    writes and mail: {'PASS' if verdict(check) else 'FAIL'}; "
          f"with the requests: {'PASS' if verdict(check, errors, name) else 'FAIL'}")


# --- the run ------------------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=textwrap.dedent(__doc__.split("\n\n", 1)[1]))
    parser.add_argument("--quick", action="store_true", help="20 s phases, the worker stopped for 20 s")
    parser.add_argument("--users", type=int, default=20, help="locust users: 2 staff, the rest residents")
    parser.add_argument("--phase-seconds", type=int, default=60)
    parser.add_argument("--worker-stop", type=int, default=60, help="seconds the worker is stopped in its phase")
    parser.add_argument("--phases", default=",".join(PHASES))
    parser.add_argument("--health", default="/health/ready", help="the path haproxy checks on each node")
    parser.add_argument("--residents", type=int, default=60, help="resident accounts made for the run")
    parser.add_argument("--json", type=Path, help="also write the figures and checks to this file")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs, mail, CSV) and say where")
    args = parser.parse_args()
    seconds = 20 if args.quick else args.phase_seconds
    worker_stop = 20 if args.quick else args.worker_stop
    phases = [p for p in args.phases.split(",") if p]
    unknown = set(phases) - set(PHASES)
    if unknown:
        sys.exit(f"unknown phases {sorted(unknown)}; choose from {', '.join(PHASES)}")

    workdir = Path(tempfile.mkdtemp(prefix="wijkgericht-load-"))
    mail_dir = workdir / "mail"
    mail_dir.mkdir()
    database_url = postgres_database(PG_URL, DB_NAME)
    report: dict = {"date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                    "machine": {"nproc": os.cpu_count(), "load_average_before": os.getloadavg()},
                    "users": args.users, "phase_seconds": seconds, "worker_stop_seconds": worker_stop,
                    "health": args.health, "phases": {}}
    redis = Redis(workdir)
    a = b = None
    worker = haproxy = None
    ok = True
    try:
        redis.start()
        with s3_server() as bucket:
            a = Site(workdir / "a", database_url)
            (workdir / "a").mkdir()
            a.env.update({
                "REDIS_URL": redis.url, "WIJKGERICHT_S3_BUCKET": bucket.bucket,
                "WIJKGERICHT_S3_ENDPOINT_URL": bucket.endpoint_url, "WIJKGERICHT_S3_REGION": S3_REGION,
                "WIJKGERICHT_S3_ACCESS_KEY_ID": S3_KEY, "WIJKGERICHT_S3_SECRET_ACCESS_KEY": S3_SECRET,
                "WIJKGERICHT_TRUSTED_PROXIES": "0", "WIJKGERICHT_LOG_FORMAT": "line",
                "DJANGO_SETTINGS_MODULE": "load_settings", "WIJKGERICHT_LOAD_MAIL_DIR": str(mail_dir),
                "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), str(REPO), os.environ.get("PYTHONPATH")])),
            })
            b = a.another_node(workdir / "b")
            (workdir / "b").mkdir()
            log(f"node A: migrate, demo data, gunicorn on :{a.port} (a few minutes on a busy machine)")
            a.start(timeout=600)
            b.start()
            log(f"node B on :{b.port}; the worker")
            worker = Worker(a.env, workdir)
            worker.start()
            drain(redis, worker)
            residents = a.seed("people", n=args.residents, prefix="load-resident-")
            form = a.seed("scenario", kind="submit_form")
            emails = [f"load-resident-{k:03d}@burst.invalid" for k in range(len(residents))]
            config = workdir / "config.json"
            config.write_text(json.dumps({"residents": emails, "password": RESIDENT_PASSWORD, "staff": STAFF,
                                          "staff_password": STAFF_PASSWORD, "submit": form}))
            haproxy, lb_port = start_haproxy(workdir, a, b, args.health)
            log(f"haproxy on :{lb_port} → :{a.port}, :{b.port} (health check {args.health})")
            base_file = workdir / "baseline.json"
            base_file.write_text(json.dumps(run_check(a.env, "baseline", str(mail_dir))))
            locust_env = {**os.environ, "LOAD_CONFIG": str(config), "PYTHONUNBUFFERED": "1"}

            for name in phases:
                writes = workdir / f"writes-{name}.jsonl"
                env = {**locust_env, "LOAD_WRITES": str(writes)}
                length = max(seconds, worker_stop + 20) if name == "worker" else seconds
                fault = make_fault(name, length, worker_stop, a=a, b=b, redis=redis, worker=worker, workdir=workdir)
                log(f"phase {name}: {args.users} users for {length} s")
                load_before = os.getloadavg()
                code, notes = run_locust(env, f"http://127.0.0.1:{lb_port}", args.users, length,
                                         workdir / f"locust-{name}", fault)
                if fault is not None:
                    notes += fault.finish()
                drained = drain(redis, worker)
                figures = locust_figures(workdir / f"locust-{name}")
                check = run_check(a.env, "phase", str(writes), str(mail_dir), str(base_file), "--send-unmailed")
                figures["load_average"] = [load_before[0], os.getloadavg()[0]]
                show(name, figures, check, notes, drained)
                ok = verdict(check, request_errors(figures), name) and ok
                report["phases"][name] = {"seconds": length, "locust": figures, "check": check, "faults": notes,
                                          "request_errors": request_errors(figures),
                                          "drain_seconds": drained, "locust_exit": code}
            report["server_errors_in_logs"] = {
                node: (workdir / node / "server.log").read_text(errors="replace").count("Internal Server Error")
                for node in ("a", "b")}
            report["not_sent_logged"] = sum((workdir / node / "server.log").read_text(errors="replace")
                                            .count("NOT sent") for node in ("a", "b"))
            print(f"\nnodes' logs: 'Internal Server Error' {report['server_errors_in_logs']}, "
                  f"'NOT sent' (mail not queued) {report['not_sent_logged']}; load average now "
                  f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
            stop_process(haproxy)
            worker.stop()
            b.stop()
            a.stop()
    finally:
        stop_process(haproxy)
        if worker is not None:
            worker.stop()
        for node in (b, a):
            if node is not None:
                node.stop()
        redis.kill()
        postgres_drop(database_url)
        if args.json:
            report["ok"] = ok
            args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str) + "\n")
            print(f"wrote {args.json}")
        if args.keep:
            print(f"work folder kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
