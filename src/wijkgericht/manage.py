"""The `wijkgericht` console script: Django's management command line for this project.

`wijkgericht init` (conf/datadir.py) makes the data folder and its secret key before the settings load, since
the settings only read the key; `wijkgericht demo` does the same first, so the demo starts on a fresh folder.
"""

import os
import sys


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command in ("init", "demo"):
        from wijkgericht.conf import datadir

        status = datadir.main(sys.argv[2:] if command == "init" else ["--quiet"])
        if command == "init":
            sys.exit(status)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkgericht.conf.base")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:  # Django's command line swallows a settings error and fails later with an unrelated one: say it here
        settings.INSTALLED_APPS  # noqa: B018 - loads the settings
    except ImproperlyConfigured as exc:
        sys.exit(f"wijkgericht: {exc}")

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
