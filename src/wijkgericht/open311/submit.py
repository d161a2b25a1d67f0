"""POST requests: a report filed by an app with an API key, checked field by field and handed to
`participation.services.item_submit` as a report without an author.

Privacy by design: the spec's personal fields (email, first_name, last_name, phone, account_id) are read by nobody
and stored nowhere; device_id only feeds the one-way hash that recognises a repeated POST; media_url and
attribute[…] are not stored either (our services have no attributes and we do not fetch media from elsewhere).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkgericht.core.text import clean_text
from wijkgericht.districts.lookup import InvalidPoint, parse_point
from wijkgericht.open311 import queries
from wijkgericht.open311.models import ApiKey
from wijkgericht.open311.queries import ApiError
from wijkgericht.participation.models import Item
from wijkgericht.participation.services import item_submit

# The same POST (key, device, service, point, description) within one such window gives back the first report.
REPEAT_WINDOW_SECONDS = 600
_NAMESPACE = uuid.UUID("5f0c7a52-3c1e-4f51-9a57-2b8f0f4c6311")


def title_from(description: str) -> str:
    """The first line of the description, at most 120 characters."""
    first = next((line.strip() for line in description.splitlines() if line.strip()), "")
    return first if len(first) <= 120 else first[:119].rstrip() + "…"


def submission_key(api_key: ApiKey, params: Mapping[str, str], *, now: float | None = None) -> uuid.UUID:
    """A repeated POST maps to the same key within REPEAT_WINDOW_SECONDS (windows are fixed, not sliding)."""
    window = int(now if now is not None else timezone.now().timestamp()) // REPEAT_WINDOW_SECONDS
    description = hashlib.sha256(params.get("description", "").strip().encode("utf-8")).hexdigest()
    parts = [str(api_key.pk), params.get("device_id", "").strip(), params.get("service_code", "").strip(),
             params.get("lat", "").strip(), params.get("long", "").strip(), description, str(window)]
    return uuid.uuid5(_NAMESPACE, "\x1f".join(parts))


def request_create(*, api_key: ApiKey, params: Mapping[str, str]) -> Item:
    """File the report; ApiError (400, or 404 for an unknown service_code) lists every problem found."""
    municipality = api_key.municipality
    problems: list[str] = []
    code = params.get("service_code", "").strip()
    theme = queries.theme_by_code(municipality, code) if code else None
    if not code:
        problems.append(_("service_code ontbreekt. Kies een dienst uit services.xml."))
    lat_raw, long_raw = params.get("lat", "").strip(), params.get("long", "").strip()
    lat = lon = None
    if not lat_raw and not long_raw:
        problems.append(_("lat/long verplicht: geef de plek als lat en long (WGS84). Een adres alleen "
                          "(address_string of address_id) is niet genoeg: wij plaatsen een melding met een punt "
                          "in de wijk."))
    else:
        try:
            lat, lon = parse_point(lat_raw, long_raw)
        except InvalidPoint:
            problems.append(_("lat en long moeten allebei getallen zijn in WGS84 (lat tussen -90 en 90, long "
                              "tussen -180 en 180), bijvoorbeeld lat=51.85&long=4.54."))
    description = params.get("description", "")
    if not description.strip():
        problems.append(_("description ontbreekt. Beschrijf wat er aan de hand is."))
    if code and theme is None:
        unknown = _("service_code ‘%s’ is niet gevonden. Kies een dienst uit services.xml.") % code[:40]
        if not problems:
            raise ApiError(404, unknown)
        problems.append(unknown)
    if problems:
        raise ApiError(400, problems[0], *[(400, problem) for problem in problems[1:]])
    assert theme is not None and lat is not None and lon is not None
    try:
        description = clean_text(description, max_length=5000, field="description")
        return item_submit(author=None, municipality=municipality, kind=Item.Kind.REPORT,
                           title=title_from(description), description=description, theme=theme, lat=lat, lon=lon,
                           submission_key=submission_key(api_key, params))
    except ValidationError as invalid:
        messages = ([m for field_messages in invalid.message_dict.values() for m in field_messages]
                    if hasattr(invalid, "error_dict") else invalid.messages)
        raise ApiError(400, messages[0], *[(400, message) for message in messages[1:]]) from invalid


def service_notice(item: Item) -> str:
    return _("Uw melding is ontvangen voor wijk %(district)s. Na moderatie is zij openbaar te volgen; het wijkteam "
             "pakt haar op.") % {"district": item.district.name}
