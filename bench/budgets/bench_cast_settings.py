"""Settings for the casting benchmark only: the production base settings plus a URLconf with a bare POST view."""

from wijkgericht.conf.base import *  # noqa: F403

ROOT_URLCONF = "bench_cast_urls"
