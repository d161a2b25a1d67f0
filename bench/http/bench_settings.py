"""Settings for the HTTP benchmark only: the production base settings plus a bench URLconf with a bare view."""

from wijkgericht.conf.base import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
