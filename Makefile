# The two set-up commands of README.md live here: `make demo` and `make test`. Each installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/wijkgericht

.PHONY: demo test test-sqlite test-postgres lint install install-dev npm chromium redis postgres messages openapi wheel

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# `wijkgericht init` makes the data folder and its secret key once (idempotent); the settings only read them.
install: $(BIN)/python npm
	$(BIN)/pip install --quiet -e .
	$(BIN)/wijkgericht init --quiet

install-dev: $(BIN)/python npm
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/wijkgericht init --quiet

npm:
	npm ci --no-audit --no-fund --loglevel=error

## A wheel in dist/ that carries the front-end libraries (setup.py copies them from node_modules): docs/deploy-config.md
wheel: $(BIN)/python npm
	$(BIN)/pip wheel --no-deps --quiet -w dist .

chromium:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

## The shared-state tests start a redis-server of their own on a free port (tests/backing_services.py)
redis:
	@test -x /usr/bin/redis-server || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }

postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done; echo "PostgreSQL did not start"; exit 1

## Run the product on embedded SQLite with the Barendrecht demo data at http://127.0.0.1:8000
demo: install
	$(BIN)/wijkgericht demo --port 8000

lint: install-dev
	$(BIN)/ruff check src tests bench conftest.py
	$(BIN)/lint-imports
	$(BIN)/wijkgericht makemigrations --check --dry-run

## The whole test suite: lint, then every test on SQLite and on PostgreSQL
test: install-dev chromium redis lint test-sqlite test-postgres

test-sqlite:
	DATABASE_URL= $(BIN)/pytest -p no:cacheprovider

test-postgres: postgres
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -p no:cacheprovider

messages:
	cd src/wijkgericht && ../../$(BIN)/django-admin makemessages -l en --settings=wijkgericht.conf.base \
	  --ignore '*/tests/*' --ignore 'voting/*' --ignore 'geo/*' && ../../$(BIN)/django-admin compilemessages --settings=wijkgericht.conf.base

openapi:
	$(BIN)/wijkgericht export_openapi
