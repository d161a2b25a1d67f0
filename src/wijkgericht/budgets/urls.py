"""The district budget's pages, one namespace (budgets). Sections per topic; each pages module holds its views."""

from django.urls import path  # noqa: F401 - the sections below add their patterns

app_name = "budgets"

urlpatterns: list = []

# --- rounds and proposals (pages/public.py, pages/staff.py) ---------------------------------------------------

# --- the ballot (pages/ballot.py) -------------------------------------------------------------------------------

# --- voting codes, letters and verified residents (pages/codes.py) ---------------------------------------------

# --- the result (pages/result.py) -------------------------------------------------------------------------------
