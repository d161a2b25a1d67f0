"""The public JSON API, /api/v1/: one NinjaAPI that mounts each domain app's router.

Infrastructure only: error shape, schema metadata, and the mounting. Endpoints live with their domain.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

from wijkgericht.districts import api as districts_api
from wijkgericht.governance import api as governance_api

api = NinjaAPI(
    title="Wijkgericht API",
    version="1.0.0",
    description=(
        "Publieke gegevens van wijkgericht werken: wijken met hun wijkwethouder, buurten, grenzen en het zoeken van "
        "de wijk bij een punt of adres. Gegevens: Kadaster / Centraal Bureau voor de Statistiek, 2024 (CC BY)."
    ),
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api-v1",
)


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    problems = [
        f"{'.'.join(str(part) for part in error.get('loc', [])[1:]) or 'request'}: {error.get('msg')}"
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": "; ".join(problems), "errors": exc.errors}, status=400)


# Districts' answers name each district's alderman, which is governance's to say (governance builds on districts).
districts_api.district_aldermen_from(governance_api.district_aldermen)
api.add_router("/", districts_api.router)
api.add_router("/", governance_api.router)
api.add_router("/", "wijkgericht.agenda.api.router")  # iCalendar feeds
api.add_router("/", "wijkgericht.budgets.api.router")  # district budget rounds, results, pabulib ballots
api.add_router("/", "wijkgericht.evaluation.api.router")  # measures of district-oriented working per period
