"""Data for a burst, made in the burst server's own database (run as `python -m tests.burst.seed COMMAND JSON`;
prints one JSON line). The test process cannot write there itself: pytest-django points it at a test database.

Commands: `people` (verified residents with a signed-in session each), `scenario` (what one burst acts on) and
`state` (what the burst left behind, read back for the assertions).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

import django


def people(n: int, prefix: str) -> list[dict[str, Any]]:
    from django.test import Client

    from wijkgericht.accounts.models import User
    from wijkgericht.participation.testing import make_user

    out = []
    for k in range(n):
        email = f"{prefix}{k:03d}@burst.invalid"
        user = User.objects.filter(email=email).first() or make_user(email)
        client = Client()
        client.force_login(user)
        out.append({"id": user.pk, "session": client.cookies["sessionid"].value})
    return out


def _municipality():
    from wijkgericht.districts.models import Municipality

    return Municipality.objects.get(code="GM0489")


def _point() -> tuple[float, float]:
    from shapely.geometry import shape

    from wijkgericht.districts.models import Neighbourhood

    place = _municipality()
    neighbourhood = Neighbourhood.objects.filter(district__municipality=place, year=place.division_year,
                                                 district__code="WK048909").order_by("code").first()
    point = shape(neighbourhood.geometry).representative_point()
    return point.y, point.x


def scenario(kind: str, **args: Any) -> dict[str, Any]:
    from django.utils import timezone

    from wijkgericht.agenda.models import ActivityKind
    from wijkgericht.agenda.services.activities import activity_create
    from wijkgericht.agenda.services.meeting_requests import request_moderate, request_submit
    from wijkgericht.districts.models import District
    from wijkgericht.participation import workflow
    from wijkgericht.participation.models import Theme
    from wijkgericht.participation.services import item_submit, item_transition

    place = _municipality()
    district = District.objects.get(municipality=place, code="WK048909")
    if kind == "activity":
        start = timezone.now() + dt.timedelta(days=14)
        activity = activity_create(
            actor=None, municipality=place, kind=ActivityKind.objects.filter(municipality=place).first(),
            title="Burst: buurtavond", districts=[district], starts_at=start, ends_at=start + dt.timedelta(hours=2),
            place="Dorpshuis", capacity=args["capacity"])
        return {"id": activity.pk}
    if kind == "meeting_request":
        author = people(1, "request-author")[0]["id"]
        from wijkgericht.accounts.models import User

        request = request_submit(author=User.objects.get(pk=author), district=district,
                                 kind=ActivityKind.objects.filter(municipality=place, active=True).first(),
                                 topic="Burst: een wandeling door de wijk")
        request = request_moderate(request=request, actor=None, approve=True)  # placed: supportable (issue #14)
        return {"id": request.pk}
    if kind == "invite_form":
        chosen = ActivityKind.objects.filter(municipality=place, active=True).order_by("pk").first()
        return {"path": f"/wijken/{district.slug}/uitnodigen/", "kind": chosen.pk}
    theme = Theme.objects.filter(municipality=place).order_by("pk").first()
    lat, lon = _point()
    if kind == "submit_form":
        return {"theme": theme.pk, "lat": lat, "lon": lon}
    if kind == "item":  # a published item by someone else; `status="done"` takes it to the end, with followers
        item = item_submit(author=None, municipality=place, kind="idea", title="Burst: meer bankjes",
                           description="Bij de speeltuin.", theme=theme, lat=lat, lon=lon)
        from wijkgericht.accounts.models import User
        from wijkgericht.participation.models import Follow

        # Followers from before it was done: they are asked "is het opgelost?" (those who come later are not).
        for user_id in args.get("followers", []):
            Follow.objects.get_or_create(item=item, user=User.objects.get(pk=user_id))
        path = [workflow.PUBLISHED]
        if args.get("status") == "done":
            path += [workflow.UNDER_CONSIDERATION, workflow.ACCEPTED, workflow.IN_PROGRESS, workflow.DONE]
        for target in path:
            if target == workflow.ACCEPTED and item.needs_decision:
                raise RuntimeError("the burst item must not need a decision")
            item = item_transition(item=item, actor=None, target=target, reason="Burst.")
        return {"id": item.pk}
    if kind == "silent_retitle":  # a write that raises no version counter: only a per-process cache would hide it
        from wijkgericht.participation.models import Item

        Item.objects.filter(pk=args["id"]).update(title=args["title"])
        return {"id": args["id"]}
    if kind == "open311_key":
        from wijkgericht.open311.keys import key_create

        _key, plain = key_create(name=f"Burst {timezone.now().isoformat()}", municipality=place)
        return {"key": plain, "service_code": theme.slug, "lat": lat, "lon": lon}
    raise SystemExit(f"unknown scenario {kind}")


def state(kind: str, **args: Any) -> dict[str, Any]:
    from wijkgericht.agenda.models import Registration, RequestSupport
    from wijkgericht.participation.models import Comment, Follow, Item, SolvedFeedback, Support

    if kind == "activity":
        rows = list(Registration.objects.filter(activity_id=args["id"]).order_by("created_at", "pk")
                    .values("user_id", "status", "pk"))
        return {"rows": rows}
    if kind == "item":
        item_id = args["id"]
        return {
            "supports": list(Support.objects.filter(item_id=item_id).values_list("user_id", flat=True)),
            "follows": list(Follow.objects.filter(item_id=item_id).values_list("user_id", flat=True)),
            "comments": list(Comment.objects.filter(item_id=item_id).values_list("author_id", "body")),
            "solved": list(SolvedFeedback.objects.filter(item_id=item_id).values_list("user_id", "solved")),
            "status": Item.objects.get(pk=item_id).status,
        }
    if kind == "meeting_request":
        return {"supports": list(RequestSupport.objects.filter(request_id=args["id"])
                                 .values_list("user_id", flat=True))}
    if kind == "requests_about":
        from wijkgericht.agenda.models import MeetingRequest

        return {"authors": list(MeetingRequest.objects.filter(topic=args["topic"]).values_list("author_id",
                                                                                                 flat=True))}
    if kind == "accounts":
        from wijkgericht.accounts.models import User

        return {"count": User.objects.filter(email__iexact=args["email"]).count()}
    if kind == "items_titled":
        return {"items": list(Item.objects.filter(title__startswith=args["prefix"])
                              .values_list("author_id", "title"))}
    raise SystemExit(f"unknown state {kind}")


def main() -> None:
    django.setup()
    command, args = sys.argv[1], json.loads(sys.argv[2] if len(sys.argv) > 2 else "{}")
    result = {"people": people, "scenario": scenario, "state": state}[command](**args)
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
