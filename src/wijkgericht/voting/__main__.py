"""``python -m wijkgericht.voting`` — see :mod:`wijkgericht.voting.cli`."""

import sys

from .cli import main

sys.exit(main())
