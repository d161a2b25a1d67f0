"""Getting to know the district (agenda): activities held by kind, residents and partners reached, districts not
visited for 90 days, residents' requests honoured and how fast, follow-up actions done on time."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, DateTimeField, F, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkgericht.agenda.models import Activity, FollowUpAction, MeetingRequest, VisitReport
from wijkgericht.districts.models import District, Municipality
from wijkgericht.evaluation.measures import Period
from wijkgericht.evaluation.selectors.base import (
    bounds,
    districts_of,
    measure,
    median_days,
    median_days_by,
    ratio,
)

GROUP = "acquaintance"
NOT_VISITED_DAYS = 90


def held(municipality: Municipality, period: Period) -> QuerySet[Activity]:
    """Activities held in the period: not cancelled, started within it and not in the future."""
    start, end = bounds(period)
    return Activity.objects.filter(municipality=municipality, status=Activity.Status.PLANNED,
                                   starts_at__gte=start, starts_at__lt=min(end, timezone.now()))


def _in(queryset: QuerySet, district: District | None, path: str = "districts") -> QuerySet:
    return queryset if district is None else queryset.filter(**{path: district})


# --- activities held, by kind -----------------------------------------------------------------------------------

def _activities_per_district(municipality: Municipality, period: Period) -> dict[int, float | None]:
    rows = held(municipality, period).order_by().values("districts").annotate(n=Count("id", distinct=True))
    counts = {row["districts"]: float(row["n"]) for row in rows}
    return {d.id: counts.get(d.id, 0.0) for d in districts_of(municipality)}


@measure(key="acquaintance.activities", group=GROUP, label=_("Activiteiten gehouden"), unit="count",
         definition=_("Het aantal activiteiten in de wijk dat in deze periode is gehouden (niet afgelast), zoals "
                      "wijkavonden, fietstochten en spreekuren. Een activiteit in twee wijken telt in elke wijk "
                      "één keer mee, en voor de hele gemeente één keer."),
         per_district=_activities_per_district)
def activities(municipality: Municipality, period: Period, district: District | None):
    queryset = _in(held(municipality, period), district)
    rows = queryset.order_by().values("kind__name").annotate(n=Count("id", distinct=True)).order_by("kind__name")
    breakdown = {row["kind__name"]: float(row["n"]) for row in rows}
    return float(queryset.values("id").distinct().count()), breakdown


# --- residents reached -------------------------------------------------------------------------------------------

def _reports(municipality: Municipality, period: Period) -> QuerySet[VisitReport]:
    return VisitReport.objects.filter(activity__in=held(municipality, period).values("id"))


def _residents_per_district(municipality: Municipality, period: Period) -> dict[int, float | None]:
    rows = (_reports(municipality, period).order_by().values("activity__districts")
            .annotate(n=Sum("attendance")))
    counts = {row["activity__districts"]: float(row["n"] or 0) for row in rows}
    return {d.id: counts.get(d.id, 0.0) for d in districts_of(municipality)}


@measure(key="acquaintance.residents_reached", group=GROUP, label=_("Inwoners bereikt"), unit="count",
         definition=_("Het aantal aanwezigen bij de activiteiten die in deze periode zijn gehouden, zoals het "
                      "verslag van elke activiteit het noteert. Wie twee keer komt, telt twee keer."),
         per_district=_residents_per_district)
def residents_reached(municipality: Municipality, period: Period, district: District | None):
    queryset = _reports(municipality, period)
    if district is not None:
        queryset = queryset.filter(activity__districts=district)
    return float(queryset.aggregate(n=Sum("attendance"))["n"] or 0), {}


# --- partners reached --------------------------------------------------------------------------------------------

def _partners_per_district(municipality: Municipality, period: Period) -> dict[int, float | None]:
    rows = (_reports(municipality, period).order_by().values("activity__districts")
            .annotate(n=Count("partners_present", distinct=True)))
    counts = {row["activity__districts"]: float(row["n"]) for row in rows}
    return {d.id: counts.get(d.id, 0.0) for d in districts_of(municipality)}


@measure(key="acquaintance.partners_reached", group=GROUP, label=_("Wijkpartners bereikt"), unit="count",
         definition=_("Het aantal verschillende wijkpartners (zoals politie, woningcorporatie, school) dat "
                      "aanwezig was bij een activiteit in deze periode, volgens de verslagen."),
         per_district=_partners_per_district)
def partners_reached(municipality: Municipality, period: Period, district: District | None):
    queryset = _reports(municipality, period)
    if district is not None:
        queryset = queryset.filter(activity__districts=district)
    return float(queryset.aggregate(n=Count("partners_present", distinct=True))["n"] or 0), {}


# --- districts not visited for 90 days ---------------------------------------------------------------------------

def last_visits(municipality: Municipality, on: dt.date) -> dict[int, dt.datetime | None]:
    """Per district: when its last activity was held, up to and including day `on`."""
    _start, end = bounds(Period(on, on))
    rows = (Activity.objects.filter(municipality=municipality, status=Activity.Status.PLANNED,
                                    starts_at__lt=min(end, timezone.now()))
            .order_by().values("districts").annotate(last=Max("starts_at")))
    last = {row["districts"]: row["last"] for row in rows}
    return {d.id: last.get(d.id) for d in districts_of(municipality)}


def _not_visited(municipality: Municipality, period: Period) -> dict[int, bool]:
    since, _end = bounds(Period(period.end - dt.timedelta(days=NOT_VISITED_DAYS - 1), period.end))
    return {district_id: last is None or last < since for district_id, last in last_visits(municipality,
                                                                                           period.end).items()}


def _not_visited_per_district(municipality: Municipality, period: Period) -> dict[int, float | None]:
    return {district_id: float(flag) for district_id, flag in _not_visited(municipality, period).items()}


@measure(key="acquaintance.not_visited", group=GROUP, label=_("Wijken 90 dagen niet bezocht"), unit="count",
         definition=_("Het aantal wijken waar in de 90 dagen tot en met de laatste dag van de periode geen "
                      "activiteit is gehouden. Per wijk: 1 als de wijk zo lang niet is bezocht, anders 0."),
         per_district=_not_visited_per_district)
def not_visited(municipality: Municipality, period: Period, district: District | None):
    flags = _not_visited(municipality, period)
    if district is not None:
        return float(flags.get(district.id, True)), {}
    names = {d.id: d.name for d in districts_of(municipality)}
    return float(sum(flags.values())), {names[i]: 1.0 for i, flag in flags.items() if flag}


# --- residents' requests honoured and how fast ------------------------------------------------------------------

#: Invitations the moderator placed: one still waiting for moderation, or not placed (abuse, not about the district),
#: never reached the alderman, so it counts neither for nor against honouring them (issue #14's moderation).
PLACED = (MeetingRequest.Status.OPEN, MeetingRequest.Status.PLANNED, MeetingRequest.Status.DECLINED)


def _requests(municipality: Municipality, period: Period, district: District | None) -> QuerySet[MeetingRequest]:
    start, end = bounds(period)
    queryset = MeetingRequest.objects.filter(municipality=municipality, created_at__gte=start, created_at__lt=end,
                                             status__in=PLACED)
    return queryset if district is None else queryset.filter(district=district)


def _honoured_per_district(municipality: Municipality, period: Period) -> dict[int, float | None]:
    rows = (_requests(municipality, period, None).order_by().values("district")
            .annotate(n=Count("id"), ok=Count("id", filter=Q(status=MeetingRequest.Status.PLANNED))))
    return {row["district"]: ratio(row["ok"], row["n"]) for row in rows}


@measure(key="acquaintance.requests_honoured", group=GROUP, label=_("Verzoeken van inwoners ingepland"),
         unit="percent",
         definition=_("Van de verzoeken van inwoners om kennis te maken ('nodig uw wijkwethouder uit') die in deze "
                      "periode binnenkwamen en geplaatst zijn: het deel dat is ingepland. Verzoeken die nog open "
                      "staan, tellen mee als niet ingepland; verzoeken die nog op controle wachten of niet zijn "
                      "geplaatst, tellen niet mee."),
         per_district=_honoured_per_district)
def requests_honoured(municipality: Municipality, period: Period, district: District | None):
    queryset = _requests(municipality, period, district)
    rows = queryset.order_by().values("status").annotate(n=Count("id"))
    counts = {row["status"]: row["n"] for row in rows}
    breakdown = {str(label): float(counts.get(value, 0)) for value, label in MeetingRequest.Status.choices
                 if value in PLACED}
    return ratio(counts.get(MeetingRequest.Status.PLANNED, 0), sum(counts.values())), breakdown


def _request_days_queryset(municipality: Municipality, period: Period, district: District | None) -> QuerySet:
    first = (Activity.objects.filter(request=OuterRef("pk")).order_by().values("request")
             .annotate(first=Min("starts_at")).values("first"))
    return (_requests(municipality, period, district).filter(status=MeetingRequest.Status.PLANNED)
            .annotate(first_activity=Subquery(first, output_field=DateTimeField())))


def _request_days_per_district(municipality: Municipality, period: Period) -> dict[int, float | None]:
    return median_days_by(_request_days_queryset(municipality, period, None), "district", "created_at",
                          "first_activity")


@measure(key="acquaintance.request_days", group=GROUP, label=_("Dagen tot de kennismaking"), unit="days",
         definition=_("Voor de ingeplande verzoeken van inwoners die in deze periode binnenkwamen: de mediaan van "
                      "het aantal dagen van het verzoek tot de activiteit zelf. De helft was sneller, de helft "
                      "langzamer."),
         per_district=_request_days_per_district)
def request_days(municipality: Municipality, period: Period, district: District | None):
    return median_days(_request_days_queryset(municipality, period, district), "created_at", "first_activity"), {}


# --- follow-up actions done on time ------------------------------------------------------------------------------

def _actions(municipality: Municipality, period: Period) -> QuerySet[FollowUpAction]:
    return FollowUpAction.objects.filter(report__activity__municipality=municipality,
                                         due_date__gte=period.start, due_date__lte=period.end)


def _on_time() -> Q:
    # done_at is a moment; "on time" is done on or before the due date's last second, in the site's time zone.
    return Q(status=FollowUpAction.Status.DONE, done_at__date__lte=F("due_date"))


def _on_time_per_district(municipality: Municipality, period: Period) -> dict[int, float | None]:
    rows = (_actions(municipality, period).order_by().values("report__activity__districts")
            .annotate(n=Count("id", distinct=True), ok=Count("id", filter=_on_time(), distinct=True)))
    return {row["report__activity__districts"]: ratio(row["ok"], row["n"]) for row in rows}


@measure(key="acquaintance.actions_on_time", group=GROUP, label=_("Vervolgacties op tijd klaar"), unit="percent",
         definition=_("Van de afspraken uit verslagen (vervolgacties) die in deze periode klaar moesten zijn: het "
                      "deel dat uiterlijk op de afgesproken datum als gedaan is gemeld."),
         per_district=_on_time_per_district, public=True)
def actions_on_time(municipality: Municipality, period: Period, district: District | None):
    queryset = _actions(municipality, period)
    if district is not None:
        queryset = queryset.filter(report__activity__districts=district)
    counts = queryset.aggregate(n=Count("id", distinct=True), ok=Count("id", filter=_on_time(), distinct=True))
    return ratio(counts["ok"], counts["n"]), {str(_("afgesproken")): float(counts["n"]),
                                              str(_("op tijd klaar")): float(counts["ok"])}


MEASURES = (activities, residents_reached, partners_reached, not_visited, requests_honoured, request_days,
            actions_on_time)
