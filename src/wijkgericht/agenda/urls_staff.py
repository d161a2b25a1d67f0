"""Filled in by the pages built on the agenda services."""

urlpatterns: list = []
