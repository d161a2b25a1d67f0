"""Bursts of simultaneous writes against a real server process (issue #10): the `wijkgericht demo` server on a
database file (or a PostgreSQL database of its own), driven over HTTP by threads released together."""
