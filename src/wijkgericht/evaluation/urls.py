"""The evaluation's pages, one namespace (evaluation). Sections per topic, each owned by one pages module; the
municipality's pages exist at the root (default municipality) and under gemeenten/<code>/, as elsewhere."""

from django.urls import include, path

app_name = "evaluation"

urlpatterns: list = []

# --- the involvement survey, residents' side (pages/survey.py) -------------------------------------------------

from wijkgericht.evaluation.pages import survey as survey_pages  # noqa: E402 - each section imports what it uses

_survey_pages = [
    path("betrokkenheid/", survey_pages.surveys, name="surveys"),
    path("betrokkenheid/<int:wave_id>/", survey_pages.survey_answer, name="survey_answer"),
    path("betrokkenheid/<int:wave_id>/bedankt/", survey_pages.survey_thanks, name="survey_thanks"),
]
urlpatterns += [*_survey_pages, path("gemeenten/<str:municipality>/", include(_survey_pages))]

# --- dashboards and the report for the college (pages/dashboard.py, pages/staff.py) ----------------------------

from wijkgericht.evaluation.pages import dashboard as dashboard_pages  # noqa: E402
from wijkgericht.evaluation.pages import staff as evaluation_staff  # noqa: E402

_dashboard_pages = [
    path("evaluatie/", dashboard_pages.dashboard_page, name="dashboard"),
    path("evaluatie/<slug:table>.csv", dashboard_pages.dashboard_csv, name="dashboard_csv"),
]
urlpatterns += [
    *_dashboard_pages,
    path("gemeenten/<str:municipality>/", include(_dashboard_pages)),
    path("werkplek/evaluatie/", evaluation_staff.staff_dashboard, name="staff_dashboard"),
    path("werkplek/evaluatie/<slug:table>.csv", evaluation_staff.staff_dashboard_csv, name="staff_dashboard_csv"),
    path("werkplek/evaluatie/rapport/", evaluation_staff.reports, name="staff_reports"),
    path("werkplek/evaluatie/rapport/<int:report_id>/", evaluation_staff.report_page, name="staff_report"),
    path("werkplek/evaluatie/rapport/<int:report_id>/rapport.pdf", evaluation_staff.report_pdf,
         name="staff_report_pdf"),
    path("werkplek/evaluatie/rapport/<int:report_id>/tabellen.xlsx", evaluation_staff.report_xlsx,
         name="staff_report_xlsx"),
    path("werkplek/evaluatie/rapport/<int:report_id>/<slug:table>.csv", evaluation_staff.report_csv,
         name="staff_report_csv"),
]
