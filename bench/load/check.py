"""What a load phase left behind, compared with what its users saw (bench/load/run_load.py runs this with the nodes'
environment, so it reads the same database and mail folder). Prints one JSON line.

    python bench/load/check.py baseline MAIL_DIR                 # before the first phase: where counting starts
    python bench/load/check.py phase WRITES MAIL_DIR BASELINE    # after a phase, once the worker emptied the queue

Writes (locustfile.py records each with what it carried):
    submit      by submission_key: the client saw it stored (ok) -> exactly one item with that key and title;
                refused -> none; no answer at all (a killed node's in-flight request) -> at most one
    comment     by its unique text: the same rule
    support     by (item, resident): ok -> exactly one support row (supporting twice is "U steunde dit al")
    rsvp        by (activity, resident): ok -> exactly one registration
    transition  by its unique reason: ok -> exactly one status change with it; refused -> none
    moderate    by comment: ok -> the comment is placed
Mail: every notification made since the baseline whose recipient wants mail at once is one mail (recipient and
subject) in the mail folder: none missing, none twice. A notification still unmailed is listed apart: its task
never reached the worker (the node logged "NOT sent", or the queue died with Redis); the daily run sends those
(notifications/tasks.py, STALE_IMMEDIATE). With `--send-unmailed` this check does what that daily run would, now,
and counts again.
"""

from __future__ import annotations

import email
import email.policy
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import django

SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # django.core.mail.backends.filebased writes this after each message


def mails(mail_dir: Path, skip: set[str]) -> Counter:
    found: Counter = Counter()
    for path in sorted(mail_dir.glob("*.log")):
        if path.name in skip:
            continue
        for chunk in path.read_bytes().split(SEPARATOR):
            if not chunk.strip():
                continue
            message = email.message_from_bytes(chunk, policy=email.policy.default)
            found[(str(message["to"]).lower(), str(message["subject"]))] += 1
    return found


def baseline(mail_dir: str) -> dict:
    from wijkgericht.notifications.models import Notification

    last = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return {"notification_id": last, "mail_files": sorted(p.name for p in Path(mail_dir).glob("*.log"))}


# What each kind of write is recognised by.
KEYS = {"submit": lambda w: w["key"], "comment": lambda w: w["body"], "support": lambda w: (w["item"], w["email"]),
        "rsvp": lambda w: (w["activity"], w["email"]), "transition": lambda w: w["reason"],
        "moderate": lambda w: w["comment"]}


def _writes(path: str) -> list[dict]:
    lines = Path(path).read_text(encoding="utf-8").splitlines() if Path(path).exists() else []
    return [json.loads(line) for line in lines if line.strip()]


def _judge(seen: list[str], stored: int) -> str:
    """One write (all attempts of it): 'ok' if the store matches what the user saw, else what went wrong."""
    if stored > 1:
        return "double"
    if "ok" in seen:
        return "ok" if stored == 1 else "lost"
    if all(kind == "refused" for kind in seen):
        return "ok" if stored == 0 else "stored_though_refused"
    return "unknown_stored" if stored else "unknown_not_stored"  # no clear answer: either is allowed


def phase(writes_path: str, mail_dir: str, baseline_json: str, send_unmailed: bool) -> dict:
    from django.utils import translation

    from wijkgericht.accounts.models import MailPreference, User
    from wijkgericht.agenda.models import Registration
    from wijkgericht.notifications import events
    from wijkgericht.notifications.models import Notification
    from wijkgericht.participation.models import Comment, Item, StatusChange, Support

    base = json.loads(baseline_json)
    writes = _writes(writes_path)
    users = dict(User.objects.filter(email__in={w["email"] for w in writes}).values_list("email", "pk"))
    by_write: dict[str, dict[object, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for w in writes:
        key = KEYS[w["write"]](w)
        by_write[w["write"]][key].append(w)

    def stored(kind: str, key, attempts: list[dict]) -> int:
        if kind == "submit":  # the key is unique in the table; the title carries it too, to see a duplicate anyway
            return max(Item.objects.filter(submission_key=key).count(),
                       Item.objects.filter(title__startswith=f"Belasting {key[:8]}:").count())
        if kind == "comment":
            return Comment.objects.filter(body=key).count()
        if kind == "support":
            return Support.objects.filter(item_id=key[0], user_id=users.get(key[1])).count()
        if kind == "rsvp":
            return Registration.objects.filter(activity_id=key[0], user_id=users.get(key[1])).count()
        if kind == "transition":
            return StatusChange.objects.filter(reason=key).count()
        if kind == "moderate":  # placed once; a second moderator's click is refused ("al besloten")
            return int(Comment.objects.filter(pk=key, status=Comment.Status.APPROVED).exists())
        raise ValueError(kind)

    results: dict[str, dict] = {}
    problems: list[dict] = []
    refusals: Counter = Counter()
    for kind, keyed in sorted(by_write.items()):
        verdicts: Counter = Counter()
        for key, attempts in keyed.items():
            seen = [a["outcome"] for a in attempts]
            verdict = _judge(seen, stored(kind, key, attempts))
            if kind == "moderate" and verdict == "stored_though_refused":
                verdict = "ok"  # placed by the other moderator's click or an earlier one: refused is right
            verdicts[verdict] += 1
            for a in attempts:
                if a["outcome"] == "refused":
                    refusals[f"{kind}: {a['status']} {a['message'][:90]}"] += 1
            if verdict not in ("ok", "unknown_stored", "unknown_not_stored"):
                problems.append({"write": kind, "key": str(key), "verdict": verdict, "attempts": attempts})
        results[kind] = {"writes": len(keyed), "attempts": sum(len(a) for a in keyed.values()),
                         "client_ok": sum(1 for a in keyed.values() if any(x["outcome"] == "ok" for x in a)),
                         "verdicts": dict(verdicts)}

    # --- mail -----------------------------------------------------------------------------------------------------
    wanted = Notification.objects.filter(pk__gt=base["notification_id"], recipient__is_active=True,
                                         recipient__mail_preference=MailPreference.IMMEDIATE)
    sent_unmailed = 0
    unmailed_ids = list(wanted.filter(mailed_at__isnull=True).values_list("pk", flat=True))
    if unmailed_ids and send_unmailed:
        from wijkgericht.notifications.tasks import send_notification_mail

        sent_unmailed = send_notification_mail.run(unmailed_ids)  # what send_daily_digests does for stale ones
    expected: Counter = Counter()
    unmailed: Counter = Counter()
    with translation.override("nl"):
        for n in wanted.select_related("recipient"):
            entry = (n.recipient.email.lower(), str(events.render(n.event, n.params).subject))
            (expected if n.mailed_at else unmailed)[entry] += 1
    got = mails(Path(mail_dir), set(base["mail_files"]))
    missing = expected - got
    extra = got - expected
    return {
        "writes": results, "refusals": dict(refusals.most_common(12)), "problems": problems[:20],
        "problem_count": len(problems),
        "mail": {"notifications": sum(expected.values()) + sum(unmailed.values()), "mailed": sum(expected.values()),
                 "mail_files_messages": sum(got.values()), "missing": sum(missing.values()),
                 "double_or_unexpected": sum(extra.values()), "unmailed_before_daily_run": len(unmailed_ids),
                 "sent_by_daily_run_now": sent_unmailed, "still_unmailed": sum(unmailed.values()),
                 "examples_missing": [list(k) for k in list(missing)[:5]],
                 "examples_extra": [list(k) for k in list(extra)[:5]]},
    }


def main() -> None:
    django.setup()
    command = sys.argv[1]
    if command == "baseline":
        result = baseline(sys.argv[2])
    else:
        result = phase(sys.argv[2], sys.argv[3], Path(sys.argv[4]).read_text(), "--send-unmailed" in sys.argv)
    print(json.dumps(result, default=str, ensure_ascii=False))


if __name__ == "__main__":
    main()
