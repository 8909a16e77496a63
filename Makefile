# Two commands: `make run` and `make test`. Everything else is set up by them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint format migrate demo translations clean frontend

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# setuptools prints a boxed "Editable installation" warning on every editable install;
# it is advice for package authors, not something a user of `make run` can act on.
PIP_QUIET := PYTHONWARNINGS="ignore:Editable installation" $(BIN)/pip install --quiet

$(STAMP): pyproject.toml | $(BIN)/python
	$(PIP_QUIET) -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(PIP_QUIET) -e '.[test]'
	touch $@

migrate: $(STAMP)
	$(BIN)/policycycle db upgrade

# The web server and the job worker together; Ctrl-C stops both.
run: migrate
	$(BIN)/policycycle demo --if-empty
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python -m facilitation.jobs.launch

# PG_TESTS run again on PostgreSQL when TEST_POSTGRES_URL is set (.ci/run starts it).
PG_TESTS ?= tests/facilitation tests/policycycle tests/stakeholders tests/workshops tests/test_escaping.py

# `make test` runs three pytest processes side by side: most of the suite waits on Chromium,
# LibreOffice, live servers and timers (the CPUs sit half idle), so the browser, export and
# workshop tests run beside the rest, and the PostgreSQL run (no browsers, no servers)
# beside both. Each writes its own log; a failing one's log is shown whole.
# `make test PYTEST_ARGS=tests/some/file.py` runs just that, in one process.
SIDE_TESTS ?= tests/e2e tests/export tests/workshops

test: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@pg=0; side=0; \
	if [ -n "$$TEST_POSTGRES_URL" ]; then \
	  TEST_DATABASE_URL="$${TEST_POSTGRES_URL%/*}/policycycle_tests" $(BIN)/python -m pytest -q \
	    -p no:cacheprovider -m "not browser and not server and not slow" $(PG_TESTS) \
	    > $(VENV)/postgres-tests.log 2>&1 & pg=$$!; \
	fi; \
	if [ -z "$(PYTEST_ARGS)" ]; then \
	  $(BIN)/python -m pytest -q -p no:cacheprovider $(SIDE_TESTS) > $(VENV)/side-tests.log 2>&1 & side=$$!; \
	  $(BIN)/python -m pytest $(MAIN_TESTS) $(foreach d,$(SIDE_TESTS),--ignore=$(d)); main=$$?; \
	else \
	  $(BIN)/python -m pytest $(PYTEST_ARGS); main=$$?; \
	fi; \
	status=$$main; \
	for job in side:$$side:$(VENV)/side-tests.log pg:$$pg:$(VENV)/postgres-tests.log; do \
	  name=$${job%%:*}; rest=$${job#*:}; pid=$${rest%%:*}; log=$${rest#*:}; \
	  [ "$$pid" = 0 ] && continue; \
	  wait $$pid; code=$$?; \
	  echo "== $$name: $$log"; \
	  if [ $$code = 0 ]; then tail -n 3 $$log; else cat $$log; status=1; fi; \
	done; \
	exit $$status

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TEST_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

translations: $(STAMP)
	$(BIN)/pybabel extract -F facilitation/babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 --no-location --sort-output \
	  -o facilitation/translations/messages.pot facilitation policycycle stakeholders drafting workshops archive demo templates
	for lang in fr es pt; do \
	  if [ -f facilitation/translations/$$lang/LC_MESSAGES/messages.po ]; then \
	    $(BIN)/pybabel update --no-fuzzy-matching -i facilitation/translations/messages.pot -d facilitation/translations -l $$lang; \
	  else \
	    $(BIN)/pybabel init -i facilitation/translations/messages.pot -d facilitation/translations -l $$lang; \
	  fi; \
	done
	$(BIN)/pybabel compile -d facilitation/translations

frontend:
	cd drafting/frontend && npm ci && npm run build

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
