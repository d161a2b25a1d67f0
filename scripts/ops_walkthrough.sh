#!/usr/bin/env bash
# docs/operations.md, followed step by step on a fresh PostgreSQL database without the demo, until a resident's idea
# is submitted, published and on its district's public page. Each "== N." below is the section of the document it
# follows; tests/test_operations_doc.py runs this script and checks that the commands the document names exist.
#
#   scripts/ops_walkthrough.sh            # PostgreSQL at OPS_PG_URL (default postgres://postgres@127.0.0.1:5432)
#
# What stands in for the server: the checkout's .venv for /opt/wijkgericht (install from a checkout, section 1), a
# temporary folder for /var/lib/wijkgericht and /etc/wijkgericht/env, gunicorn on a free port with the unit's
# arguments, and HTTP requests that carry the headers docs/ops/nginx.conf sets (Host, X-Forwarded-Proto: https,
# X-Forwarded-For, X-Request-ID). With redis-server on the PATH a Celery worker and beat run as their units do;
# without it the tasks run inside the web process (REDIS_URL empty), as on a single small server.
# The database, the folder and every process it started are removed at the end, also on failure (OPS_KEEP=1 keeps
# the folder for a look at the logs).
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
VENV="${OPS_VENV:-$REPO/.venv}"
PG_URL="${OPS_PG_URL:-postgres://postgres@127.0.0.1:5432}"
PG_URL="${PG_URL%/}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/wj-ops.XXXXXX")"
DB="wj_ops_$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
HOST=wijk.test
STARTED=$SECONDS
PIDS=()

step() { printf '\n== %s  (%ss)\n' "$*" "$((SECONDS - STARTED))"; }
free_port() { "$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

cleanup() {
    status=$?
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true
    psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS \"${DB}_restored\" WITH (FORCE)" >/dev/null 2>&1 || true
    if [ "$status" -ne 0 ]; then
        for log in "$WORK"/*.log; do [ -f "$log" ] && { echo "--- $log (last lines)"; tail -n 40 "$log"; }; done
    fi
    if [ "${OPS_KEEP:-}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
    echo "ops walkthrough: $([ "$status" -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - STARTED)) s"
}
trap cleanup EXIT

export PATH="$VENV/bin:$PATH"   # /opt/wijkgericht/bin: wijkgericht, gunicorn, celery
unset DJANGO_SETTINGS_MODULE    # the console script's own default (wijkgericht.conf.base), as on a server
unset DJANGO_ALLOW_ASYNC_UNSAFE  # a browser-test runner's setting that check --deploy refuses; never a server's
cd "$WORK"                      # WorkingDirectory=/var/lib/wijkgericht: nothing may land in the checkout

step "1. Install: the database and the package (a checkout's .venv stands for /opt/wijkgericht)"
psql -q -v ON_ERROR_STOP=1 "$PG_URL/postgres" -c "CREATE DATABASE \"$DB\""
test -x "$VENV/bin/wijkgericht" && test -x "$VENV/bin/gunicorn"

step "2. Environment: .env.example copied and filled in"
ENV_FILE="$WORK/env"               # /etc/wijkgericht/env
DATA="$WORK/data"                  # /var/lib/wijkgericht
install -m 600 "$REPO/.env.example" "$ENV_FILE"
set_var() {  # NAME VALUE: replace the NAME= line (.env.example has every variable once)
    grep -q "^$1=" "$ENV_FILE"
    sed -i "s|^$1=.*|$1=$2|" "$ENV_FILE"
}
REDIS_PORT=""
if command -v redis-server >/dev/null; then REDIS_PORT="$(free_port)"; fi
set_var DATABASE_URL "$PG_URL/$DB"
set_var WIJKGERICHT_DATA_DIR "$DATA"
set_var DJANGO_ALLOWED_HOSTS "$HOST"
set_var DJANGO_SECURE true
set_var DJANGO_CSRF_TRUSTED_ORIGINS "https://$HOST"
set_var WIJKGERICHT_SITE_URL "https://$HOST"
set_var WIJKGERICHT_TRUSTED_PROXIES 1
set_var REDIS_URL "${REDIS_PORT:+redis://127.0.0.1:$REDIS_PORT/0}"
set_var WIJKGERICHT_TILE_URL ""     # no map tiles from outside in a test
# DJANGO_EMAIL_HOST stays empty: mail is written to the log of the process that sends it (section 5).
set -a; . "$ENV_FILE"; set +a

step "1. Install, continued: init, check --deploy, migrate, collectstatic, createsuperuser"
wijkgericht init
wijkgericht check --deploy --fail-level WARNING
wijkgericht migrate --noinput >"$WORK/migrate.log"
wijkgericht collectstatic --noinput >"$WORK/collectstatic.log"
test -f "$DATA/staticfiles/wijkgericht/site.css" -o -n "$(ls "$DATA/staticfiles")"
DJANGO_SUPERUSER_EMAIL=beheer@wijk.test DJANGO_SUPERUSER_PASSWORD=beheer-wachtwoord-2026 \
    wijkgericht createsuperuser --noinput

step "3. Services: web (gunicorn as in wijkgericht-web.service)${REDIS_PORT:+, Redis, worker and beat}"
if [ -n "$REDIS_PORT" ]; then
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
    PIDS+=($!)
    celery -A wijkgericht.notifications.celery worker --loglevel INFO --concurrency 2 >"$WORK/worker.log" 2>&1 &
    PIDS+=($!)
    celery -A wijkgericht.notifications.celery beat --loglevel INFO >"$WORK/beat.log" 2>&1 &
    PIDS+=($!)
fi
PORT="$(free_port)"
gunicorn wijkgericht.wsgi:application \
    --bind "127.0.0.1:$PORT" --workers 2 --timeout 60 --graceful-timeout 30 \
    --access-logfile - \
    --access-logformat '%(h)s "%(r)s" %(s)s %(b)s %(M)sms [%({x-request-id}o)s]' >"$WORK/web.log" 2>&1 &
GUNICORN=$!
PIDS+=("$GUNICORN")
export OPS_BASE="http://127.0.0.1:$PORT" OPS_HOST="$HOST" OPS_WORK="$WORK"

# The HTTP side: a visitor's browser behind docs/ops/nginx.conf.
cat >"$WORK/browser.py" <<'PY'
import os, re, sys, time, uuid
import requests

BASE, HOST, WORK = os.environ["OPS_BASE"], os.environ["OPS_HOST"], os.environ["OPS_WORK"]


def browser():
    return requests.Session()


def call(session, method, path, expect, **kwargs):
    """A request as nginx passes it on; the answer must have the status `expect`."""
    request_id = uuid.uuid4().hex
    headers = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7",
               "X-Request-ID": request_id}
    if session.cookies:  # all Secure (__Host-): the browser sends them over HTTPS; requests would not over our hop
        headers["Cookie"] = "; ".join(f"{cookie.name}={cookie.value}" for cookie in session.cookies)
    if method == "POST":
        headers.update({"Origin": f"https://{HOST}", "Referer": f"https://{HOST}{path}"})
    response = session.request(method, BASE + path, headers=headers, allow_redirects=False, timeout=30, **kwargs)
    if response.status_code != expect:
        sys.exit(f"{method} {path}: {response.status_code}, expected {expect}; cookies {list(session.cookies.keys())}"
                 f"\n{response.text[:3000]}")
    assert response.headers.get("X-Request-ID") == request_id, "the proxy's request id is not echoed"
    return response


def field(html, name):
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    if not match:
        sys.exit(f"no field {name} in the form")
    return match.group(1)


def mail_link(pattern, logs, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for log in logs:
            path = os.path.join(WORK, log)
            if os.path.exists(path):
                found = re.findall(pattern, open(path, encoding="utf-8", errors="replace").read())
                if found:
                    return found[-1]
        time.sleep(0.3)
    sys.exit(f"no e-mail with {pattern} in {logs}")


def wait_until_up(timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return call(requests.Session(), "GET", "/healthz", 200)
        except requests.ConnectionError:
            time.sleep(0.2)
    sys.exit("the site did not start")


def register_and_submit(email, password, neighbourhood):
    session = browser()
    form = call(session, "GET", "/account/registreren/", 200).text
    call(session, "POST", "/account/registreren/", 302, data={
        "csrfmiddlewaretoken": field(form, "csrfmiddlewaretoken"), "email": email, "password1": password,
        "password2": password, "consent": "on"})
    # The confirmation mail (DJANGO_EMAIL_HOST empty: in the log of the process that sent it).
    path = mail_link(rf"https://{re.escape(HOST)}(/account/bevestigen/[^/\s]+/)", ["worker.log", "web.log"])
    page = call(session, "GET", path, 200).text
    call(session, "POST", path, 302, data={"csrfmiddlewaretoken": field(page, "csrfmiddlewaretoken"),
                                           "password": password})
    where = f"/inbreng/nieuw/?buurt={neighbourhood}"
    page = call(session, "GET", where, 200).text
    theme = re.search(r'<option value="(\d+)"', page).group(1)
    answer = call(session, "POST", where, 302, data={
        "csrfmiddlewaretoken": field(page, "csrfmiddlewaretoken"), "kind": "idea", "theme": theme,
        "title": "Bankjes langs de Gaatkensplas", "description": "Een paar bankjes in de schaduw, om uit te rusten.",
        "lat": field(page, "lat"), "lon": field(page, "lon"), "submission_key": field(page, "submission_key")})
    # After 'Indienen' the receipt page: /mijn-inbreng/<number>/ontvangen/ (issue #14).
    print(re.search(r"/mijn-inbreng/(\d+)/ontvangen/$", answer.headers["Location"]).group(1))


def logged_with_id(log):
    """A page that is not there: django.request logs a warning, with this request's id."""
    request_id = call(requests.Session(), "GET", "/bestaat-niet/", 404).headers["X-Request-ID"]
    pattern = rf"^\d{{4}}-\d\d-\d\d [\d:,]+ WARNING \[{request_id}\] django\.request: Not Found: /bestaat-niet/$"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if re.search(pattern, open(os.path.join(WORK, log), encoding="utf-8").read(), re.M):
            return
        time.sleep(0.2)
    sys.exit(f"no log line {pattern} in {log}")


def public_page_shows(path, text):
    page = call(requests.Session(), "GET", path, 200).text
    if text not in page:
        sys.exit(f"{path} does not show {text!r}")


if __name__ == "__main__":
    globals()[sys.argv[1]](*sys.argv[2:])
PY
web() { python "$WORK/browser.py" "$@"; }
web wait_until_up

step "5. First set-up: CBS import of Barendrecht (the packaged demo files, not the demo)"
CBS="$REPO/src/wijkgericht/demo/data/barendrecht"
{
    wijkgericht import_boundaries "$CBS/barendrecht_gemeente_2024.geojson" --municipality GM0489
    wijkgericht import_boundaries "$CBS/barendrecht_wijken_2024.geojson" --municipality GM0489
    wijkgericht import_boundaries "$CBS/barendrecht_buurten_2024.geojson" --municipality GM0489
    wijkgericht import_key_figures "$CBS/kerncijfers_2024_buurten_barendrecht.csv"
} >"$WORK/import.log"
grep -c . "$WORK/import.log" >/dev/null
if wijkgericht setup_status --municipality GM0489 >"$WORK/setup-before.log"; then
    echo "setup_status passed before the set-up"; exit 1
fi

step "5. First set-up: the back office's steps (docs/setup.md 3-9), here through \`wijkgericht shell\`"
wijkgericht shell -v 0 <<'PY'
import datetime as dt

from wijkgericht.accounts.models import StaffRole, User
from wijkgericht.districts.models import District, Municipality
from wijkgericht.governance.models import Alderman, Portfolio, PortfolioHolding, Term
from wijkgericht.governance.services import district_alderman_assign
from wijkgericht.participation.models import Theme

gm = Municipality.objects.get(code="GM0489")
start = dt.date.today() - dt.timedelta(days=30)
term = Term.objects.create(municipality=gm, name="2026–2030", start=start, end=start + dt.timedelta(days=4 * 365))
green = Portfolio.objects.create(municipality=gm, name="Groen en openbare ruimte")
alderman = Alderman.objects.create(municipality=gm, name="A. de Wethouder", slug="a-de-wethouder",
                                   user=User.objects.create_user("wethouder@wijk.test", "wethouder-wachtwoord-2026"))
alderman.terms.add(term)
PortfolioHolding.objects.create(alderman=alderman, portfolio=green, term=term)
for district in District.objects.filter(municipality=gm):
    district_alderman_assign(district=district, alderman=alderman, valid_from=start)
Theme.objects.create(municipality=gm, name="Groen en spelen", slug="groen", portfolio=green)
StaffRole.objects.create(user=User.objects.get(email="beheer@wijk.test"), role=StaffRole.Role.ADMINISTRATOR,
                         municipality=gm)
StaffRole.objects.create(user=User.objects.create_user("moderator@wijk.test", "moderator-wachtwoord-2026"),
                         role=StaffRole.Role.MODERATOR, municipality=gm)
PY
wijkgericht setup_status --municipality GM0489

step "5. A resident registers, confirms the address and submits an idea (HTTP, through the proxy's headers)"
read -r NEIGHBOURHOOD DISTRICT < <(wijkgericht shell -v 0 -c '
from wijkgericht.districts.models import Municipality, Neighbourhood
gm = Municipality.objects.get(code="GM0489")
n = Neighbourhood.objects.filter(municipality=gm, year=gm.division_year).order_by("code").first()
print(n.code, n.district.slug)')
ITEM="$(web register_and_submit bewoner@wijk.test bewoner-wachtwoord-2026 "$NEIGHBOURHOOD" | tail -n 1)"
echo "item $ITEM submitted in $NEIGHBOURHOOD ($DISTRICT)"

step "5. The moderator publishes it; the district's public page shows it"
wijkgericht shell -v 0 -c "
from wijkgericht.accounts.models import User
from wijkgericht.participation.models import Item
from wijkgericht.participation.services import item_transition
item_transition(item=Item.objects.get(pk=$ITEM), actor=User.objects.get(email='moderator@wijk.test'), target='published')"
web public_page_shows "/wijken/$DISTRICT/inbreng/" "Bankjes langs de Gaatkensplas"
web public_page_shows "/wijken/$DISTRICT/inbreng/$ITEM/" "Bankjes langs de Gaatkensplas"

step "6. Logging: the site's lines carry time, level and request id"
web logged_with_id web.log
grep -Eq '"GET /healthz HTTP/1.1" 200 .*\[[0-9a-f]{32}\]' "$WORK/web.log"

step "7. Backups: pg_dump, the data folder, restore into another database"
mkdir -p "$WORK/backup"
pg_dump --format=custom --file="$WORK/backup/wijkgericht.dump" "$DATABASE_URL"
tar -C "$(dirname "$DATA")" -czf "$WORK/backup/data.tar.gz" --exclude="$(basename "$DATA")/staticfiles" \
    "$(basename "$DATA")"
psql -q -v ON_ERROR_STOP=1 "$PG_URL/postgres" -c "CREATE DATABASE \"${DB}_restored\""
pg_restore --no-owner --dbname="$PG_URL/${DB}_restored" "$WORK/backup/wijkgericht.dump"
DATABASE_URL="$PG_URL/${DB}_restored" wijkgericht setup_status --municipality GM0489 >/dev/null
tar -tzf "$WORK/backup/data.tar.gz" >"$WORK/backup/data.list"
grep -q "/secret_key$" "$WORK/backup/data.list" && ! grep -q "/staticfiles/" "$WORK/backup/data.list"

step "8. Upgrades: migrate, reload without downtime (HUP)"
# No new wheel here, so collectstatic (which re-compresses every file, slow) would collect nothing new: left out.
wijkgericht migrate --noinput >>"$WORK/migrate.log"
kill -HUP "$GUNICORN"
sleep 1
web public_page_shows "/wijken/$DISTRICT/inbreng/$ITEM/" "Bankjes langs de Gaatkensplas"
kill -0 "$GUNICORN"

if [ -n "$REDIS_PORT" ]; then
    step "3. Beat keeps its schedule in the data folder"
    for _ in $(seq 1 50); do ls "$DATA"/celerybeat-schedule* >/dev/null 2>&1 && break; sleep 0.2; done
    ls "$DATA"/celerybeat-schedule* >/dev/null
fi
