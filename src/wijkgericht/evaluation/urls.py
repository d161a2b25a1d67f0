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
