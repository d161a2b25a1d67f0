"""Settings for the load run (bench/load/run_load.py): the production settings, with two changes.

- Rate limits off: twenty simulated residents share one address (127.0.0.1) and file more items per hour than the
  site allows one person (SUBMIT_RATE). Sign-in's fail-closed rule (no counter, no sign-in) is therefore not
  exercised here; tests/test_cluster.py and the accounts tests cover it.
- Mail into files (Django's file-based backend, one file per message, in WIJKGERICHT_LOAD_MAIL_DIR), so the run
  can count what the worker sent against the notifications that asked for mail: none lost, none twice.
"""

import os

from wijkgericht.conf.base import *  # noqa: F403

RATELIMIT_ENABLE = False
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["WIJKGERICHT_LOAD_MAIL_DIR"]
