# The two commands of the README: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SERVE ?= 1
STAMP := $(VENV)/.installed

.PHONY: setup demo test test-browser cluster-check lint messages makemessages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

# Compiled translations are built, not committed.
messages: $(STAMP)
	$(BIN)/pybabel compile -d migguide/locale -D django

setup: $(STAMP) messages

demo: setup
	$(BIN)/migguide demo $(if $(filter 0,$(SERVE)),--no-serve)

# The whole suite but the browser tests; with DATABASE_URL set it runs on PostgreSQL.
test: setup
	$(BIN)/pytest -m "not browser" -q

# axe-core (the accessibility engine the browser tests inject) comes from the npm
# registry into var/npm; nothing else is fetched.
AXE := var/npm/node_modules/axe-core/axe.min.js
$(AXE):
	npm install --silent --no-audit --no-fund --prefix var/npm axe-core@4.10.3

# One process a module: each module's live-server tests rebuild the database their own
# way (serialized rollback or a plain transactional one), which must not meet another's.
BROWSER_MODULES = $(shell grep -rl "mark.browser" migguide --include='test_*.py' | sort)
test-browser: setup $(AXE)
	set -e; for module in $(BROWSER_MODULES); do \
	  DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -m browser -q $$module; done

# Issue 19: a throwaway PostgreSQL, an S3-compatible store (rclone), two gunicorn servers
# and a task worker on free ports; publishes through one server, reads through the other,
# kills the worker mid-task, runs the load test; stops all it started (tools/cluster_check.py).
cluster-check: setup
	$(BIN)/python tools/cluster_check.py

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Refresh the French catalogue after changing texts (needs GNU gettext).
makemessages: setup
	cd migguide && ../$(BIN)/django-admin makemessages -l fr --no-obsolete -i "testing/*" -i "*/tests/*" --settings=migguide.settings --pythonpath=..

clean:
	rm -rf $(VENV) var out
