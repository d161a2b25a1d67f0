"""Wijkgericht: district-oriented working for Dutch municipalities."""
