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

# The PostgreSQL run (no browsers, no servers) goes alongside the main run: most of the
# main run waits on Chromium, LibreOffice and live servers, so the two share the CPUs well.
test: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@pg=0; if [ -n "$$TEST_POSTGRES_URL" ]; then \
	  TEST_DATABASE_URL="$${TEST_POSTGRES_URL%/*}/policycycle_tests" $(BIN)/python -m pytest -q \
	    -p no:cacheprovider -m "not browser and not server and not slow" $(PG_TESTS) \
	    > $(VENV)/postgres-tests.log 2>&1 & pg=$$!; \
	fi; \
	$(BIN)/python -m pytest $(PYTEST_ARGS); main=$$?; pg_status=0; \
	if [ "$$pg" != 0 ]; then \
	  wait $$pg; pg_status=$$?; \
	  echo "== the same services and pages on PostgreSQL"; \
	  if [ $$pg_status = 0 ]; then tail -n 3 $(VENV)/postgres-tests.log; \
	  else cat $(VENV)/postgres-tests.log; fi; \
	fi; \
	[ $$main = 0 ] && [ $$pg_status = 0 ]

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TEST_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

translations: $(STAMP)
	$(BIN)/pybabel extract -F facilitation/babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
	  -o facilitation/translations/messages.pot facilitation policycycle stakeholders drafting templates
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
