"""Every environment variable the project reads, in one place, each with a default and a help text.

`.env.example` is made from them (`python -m wijkgericht.conf.env > .env.example`) and
`tests/test_settings_documented.py` keeps the two in step: it must stay a file that a shell can source
(`set -a; . ./.env.example; set +a`) and systemd can read as an `EnvironmentFile`, with the same values in both.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class Var:
    name: str
    default: str
    help: str
    example: str | None = None  # the value .env.example shows where the default is this machine's own (a path)

    @property
    def example_value(self) -> str:
        return self.default if self.example is None else self.example


VARIABLES: dict[str, Var] = {}


def _declare(name: str, default: str, help: str, example: str | None = None) -> Var:
    VARIABLES[name] = Var(name, default, help, example)
    return VARIABLES[name]


_declare("DATABASE_URL", "", "Database URL (sqlite:////abs/path.sqlite3 or postgres://user@host/name); "
         "empty: an embedded SQLite file in WIJKGERICHT_DATA_DIR.")
_declare("WIJKGERICHT_DATA_DIR", str(REPO_ROOT / "data"), "Folder for the embedded database, secret key, uploads, "
         "collected static files and the beat schedule; required in production (`check --deploy`), e.g. "
         "/var/lib/wijkgericht. Empty: data/ of a source checkout (of an installed package: a folder inside the "
         "virtualenv, which `check --deploy` refuses).", example="")
_declare("DJANGO_DEBUG", "false", "Django debug mode; never true in production.")
_declare("DJANGO_SECRET_KEY", "", "Secret key; empty: the one `wijkgericht init` wrote to "
         "WIJKGERICHT_DATA_DIR/secret_key (`wijkgericht demo` and `make install` run it). Production needs one of "
         "the two with an explicit WIJKGERICHT_DATA_DIR (`check --deploy`).")
_declare("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost", "Comma-separated host names this site answers to.")
_declare("DJANGO_SECURE", "false", "true behind HTTPS: HSTS, secure cookies and the HTTPS redirect.")
_declare("DJANGO_CSRF_TRUSTED_ORIGINS", "", "Comma-separated origins whose form posts are trusted "
         "(https://wijk.example.nl); required with DJANGO_SECURE=true (`check --deploy`). See docs/deploy-config.md.")
_declare("WIJKGERICHT_DEFAULT_MUNICIPALITY", "GM0489", "CBS code of the municipality shown at the site root.")
_declare("WIJKGERICHT_TILE_URL", "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
         "Map tile URL template (Leaflet syntax); empty: shapes on a plain background.")
_declare("WIJKGERICHT_TILE_ATTRIBUTION", "Kaartgegevens &copy; Kadaster (PDOK BRT-Achtergrondkaart)",
         "Attribution shown with the map tiles.")
_declare("WIJKGERICHT_NODE_MODULES", str(REPO_ROOT / "node_modules"), "Where npm installed the front-end libraries "
         "(a source checkout); an installed wheel carries its own copy. Empty: node_modules beside src/.", example="")
_declare("REDIS_URL", "", "Redis URL (redis://host:6379/0) for the shared cache (rate limits, pages, sessions) and as "
         "the Celery broker; empty: a per-process cache, sessions in the database and background tasks run at once in "
         "the web process.")
_declare("WIJKGERICHT_S3_BUCKET", "", "S3-compatible bucket for uploaded photos, shared by every web node; keep it "
         "private (no public-read policy) with versioning on: the site serves each file under /media/ after its own "
         "check. Empty: uploads in WIJKGERICHT_DATA_DIR/media. docs/operations.md, \"Scaling out\".")
_declare("WIJKGERICHT_S3_ENDPOINT_URL", "", "Address of the S3 API (https://s3.example.nl); empty: Amazon S3.")
_declare("WIJKGERICHT_S3_REGION", "", "Region of the bucket (e.g. eu-west-1 or nl-ams); empty: the provider's default.")
_declare("WIJKGERICHT_S3_ACCESS_KEY_ID", "", "Access key for the bucket; empty: boto3's own credentials (AWS_* "
         "variables, an instance role).")
_declare("WIJKGERICHT_S3_SECRET_ACCESS_KEY", "", "Secret key that goes with WIJKGERICHT_S3_ACCESS_KEY_ID.")
_declare("WIJKGERICHT_SITE_URL", "http://127.0.0.1:8000", "Public address of the site, used for links in e-mail.")
_declare("DJANGO_EMAIL_HOST", "", "SMTP server for e-mail; empty: e-mail is written to the console (demo).")
_declare("DJANGO_EMAIL_PORT", "587", "SMTP port.")
_declare("DJANGO_EMAIL_HOST_USER", "", "SMTP user name.")
_declare("DJANGO_EMAIL_HOST_PASSWORD", "", "SMTP password.")
_declare("DJANGO_EMAIL_USE_TLS", "true", "STARTTLS to the SMTP server.")
_declare("DJANGO_DEFAULT_FROM_EMAIL", "Wijkgericht <noreply@localhost>",
         "Address the site's e-mail is sent from. The name residents see is the municipality's publisher name "
         "(back office: Gemeenten, Huisstijl), whatever name is written here.")
_declare("DJANGO_EMAIL_TIMEOUT", "10", "Seconds to wait for the SMTP server before a mail counts as not sent (and is "
         "logged so); a hanging server must not hold a page or a worker.")
_declare("WIJKGERICHT_OIDC_ISSUER", "", "OpenID Connect provider (e.g. a DigiD/eHerkenning broker) base URL; empty: "
         "sign-in with e-mail only. See docs/sign-in.md.")
_declare("WIJKGERICHT_OIDC_CLIENT_ID", "", "OIDC client id at the provider.")
_declare("WIJKGERICHT_OIDC_CLIENT_SECRET", "", "OIDC client secret.")
_declare("WIJKGERICHT_OIDC_SCOPES", "openid email", "OIDC scopes to ask for.")
_declare("WIJKGERICHT_VISIT_STALE_DAYS", "90", "A district not visited by its alderman for this many days is flagged "
         "in the planning view.")
_declare("WIJKGERICHT_ACTION_REMINDER_DAYS", "7", "Overdue follow-up actions are reminded at most once per this "
         "many days.")
_declare("WIJKGERICHT_DIGEST_TIME", "07:00", "Time of day (HH:MM, Europe/Amsterdam) at which Celery beat sends the "
         "daily digests.")
_declare("WIJKGERICHT_REMINDER_TIME", "08:00", "Time of day (HH:MM, Europe/Amsterdam) at which Celery beat reminds "
         "owners of overdue follow-up actions.")
_declare("WIJKGERICHT_TRUSTED_PROXIES", "0", "How many reverse proxies that append to X-Forwarded-For stand before the "
         "site; rate limits count the address the outermost one appended. 0: REMOTE_ADDR, the header is ignored.")
_declare("WIJKGERICHT_LOG_FORMAT", "line", "line: one readable line per log record (time, level, request id, "
         "logger, message); json: the same as one JSON object per line, for a log store. docs/operations.md.")
_declare("WIJKGERICHT_METRICS_ALLOWED", "127.0.0.1,::1", "Comma-separated addresses or networks (10.0.0.0/8) that "
         "may read the Prometheus metrics at /metrics, straight from the web node (never through the proxy); "
         "empty: nobody.")
_declare("WIJKGERICHT_OTP_DEMO_SKIP", "false", "Demo only: the demo's staff sign-ins (@demo.invalid) skip the second "
         "factor. `check --deploy` refuses it.")


def set_default(name: str, value: str) -> None:
    """Give a declared variable another default, before the base settings read it (the test settings' fixed
    secret key, so tests never depend on the data folder). The environment still wins; .env.example does not
    change."""
    var = VARIABLES[name]
    VARIABLES[name] = replace(var, default=value, example=var.example_value)


def get(name: str) -> str:
    return os.environ.get(name, VARIABLES[name].default)


def is_set(name: str) -> bool:
    """Whether the environment gives the variable a value (an empty one, as .env.example has, counts as not set)."""
    return bool(VARIABLES[name] and os.environ.get(name, "").strip())


def get_path(name: str) -> str:
    """A folder: the environment's value, or the default where it is unset or empty (never the working folder)."""
    return get(name).strip() or VARIABLES[name].default


def get_bool(name: str) -> bool:
    return get(name).strip().lower() in {"1", "true", "yes", "on"}


def get_list(name: str) -> list[str]:
    return [item.strip() for item in get(name).split(",") if item.strip()]


def example_file() -> str:
    """The text of .env.example: every variable with its help and default. A value with more than letters, digits
    and `_.,:/@+=%-` is in single quotes, which a shell and systemd's EnvironmentFile both take literally (no $, \\
    or ` expansion), so `{`, `&`, `<` and spaces are safe; a value cannot hold a single quote or a line break."""
    lines = ["# Every environment variable Wijkgericht reads, with its default. Made from src/wijkgericht/conf/env.py:",
             "#   python -m wijkgericht.conf.env > .env.example",
             "# A shell can source it (set -a; . ./.env.example; set +a) and systemd can read it (EnvironmentFile=).",
             "# Production: see docs/deploy-config.md."]
    for var in VARIABLES.values():
        value = var.example_value
        if "'" in value or "\n" in value or "\r" in value:
            raise ValueError(f"{var.name}: a value in .env.example cannot hold a single quote or a line break")
        quoted = value if re.fullmatch(r"[\w.,:/@+=%-]*", value, re.ASCII) else f"'{value}'"
        lines += ["", f"# {var.help}", f"{var.name}={quoted}"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(example_file())
