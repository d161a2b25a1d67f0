"""The district budget's pages, one namespace (budgets). Sections per topic; each pages module holds its views."""

from django.urls import path  # noqa: F401 - the sections below add their patterns

app_name = "budgets"

urlpatterns: list = []

# --- rounds and proposals (pages/public.py, pages/staff.py) ---------------------------------------------------

from django.urls import include  # noqa: E402 - each section imports what it uses

from wijkgericht.budgets.pages import public as round_pages  # noqa: E402
from wijkgericht.budgets.pages import staff as desk_pages  # noqa: E402

_round_pages = [
    path("wijkbudget/", round_pages.rounds, name="rounds"),
    path("wijkbudget/<slug:round_slug>/", round_pages.round_page, name="round"),
    path("wijkbudget/<slug:round_slug>/voorstel-indienen/", round_pages.proposal_submit_page, name="proposal_submit"),
    path("wijkbudget/<slug:round_slug>/voorstellen/<int:proposal_id>/", round_pages.proposal_page, name="proposal"),
]
urlpatterns += [
    *_round_pages,
    path("gemeenten/<str:municipality>/", include(_round_pages)),
    path("wijkbudget-voorstellen/<int:proposal_id>/<slug:action>/", round_pages.proposal_action,
         name="proposal_action"),
    path("werkplek/wijkbudget/", desk_pages.desk, name="staff_desk"),
    path("werkplek/wijkbudget/voorstellen/<int:proposal_id>/", desk_pages.proposal, name="staff_proposal"),
    path("werkplek/wijkbudget/inbreng/<int:item_id>/voorstel/", desk_pages.promote, name="staff_promote"),
]

# --- the ballot (pages/ballot.py) -------------------------------------------------------------------------------

from wijkgericht.budgets.pages import ballot as ballot_pages  # noqa: E402

_ballot_pages = [
    path("wijkbudget/<slug:round_slug>/stemmen/", ballot_pages.ballot, name="ballot"),
    path("wijkbudget/<slug:round_slug>/stemmen/uitbrengen/", ballot_pages.ballot_cast, name="ballot_cast"),
    path("wijkbudget/<slug:round_slug>/stemmen/ontvangen/", ballot_pages.ballot_receipt, name="ballot_receipt"),
    path("wijkbudget/<slug:round_slug>/stemmen/al-gestemd/", ballot_pages.ballot_already, name="ballot_already"),
]
urlpatterns += [*_ballot_pages, path("gemeenten/<str:municipality>/", include(_ballot_pages))]

# --- voting codes, letters and verified residents (pages/codes.py) ---------------------------------------------

from django.urls import include  # noqa: E402 - each section imports what it uses

from wijkgericht.budgets.pages import codes as code_pages  # noqa: E402

_code_pages = [path("wijkbudget/<slug:round_slug>/stemcode/", code_pages.code_entry, name="code_entry")]
urlpatterns += [
    *_code_pages,
    path("gemeenten/<str:municipality>/", include(_code_pages)),
    path("werkplek/wijkbudget/<int:round_id>/stemcodes/", code_pages.codes_manage, name="codes_manage"),
    path("werkplek/wijkbudget/bewoner-controleren/", code_pages.resident_verify, name="resident_verify"),
]

# --- the result (pages/result.py) -------------------------------------------------------------------------------

from wijkgericht.budgets.pages import result as result_pages  # noqa: E402

urlpatterns += [
    path("wijkbudget/<slug:round_slug>/uitslag/", result_pages.result, name="result"),
    path("gemeenten/<str:municipality>/wijkbudget/<slug:round_slug>/uitslag/", result_pages.result, name="result"),
    path("werkplek/wijkbudget/<int:round_id>/vergelijking/", result_pages.compare, name="result_compare"),
]
