# Two commands set everything up on a fresh machine:
#   make demo   the example site with Dutch demo content on http://127.0.0.1:8000 (SQLite)
#               (another address: make demo DEMO_ADDRESS=127.0.0.1:8010)
#   make test   the whole test suite (except the browser tests: make browser-test)

PYTHON ?= python3
VENV ?= .venv
# Extra requirement specifiers, e.g. DEPS="wagtail>=8,<9 django>=6.1,<6.2"
DEPS ?= wagtail>=7.4,<7.5 django>=5.2,<5.3
# Test processes (pytest-xdist): "auto" is one per CPU; 0 runs the tests in one process.
PYTEST_WORKERS ?= auto
# Where `make demo` serves the example site; its Site record gets the same address, so that
# absolute links (feeds, webcal://, e-mails) lead back to it.
DEMO_ADDRESS ?= 127.0.0.1:8000
PIP = $(VENV)/bin/pip
PY = $(VENV)/bin/python
MANAGE = cd example_site && ../$(PY) manage.py
STAMP = $(VENV)/.installed-$(shell echo '$(DEPS)' | md5sum | cut -c1-8)

.PHONY: help install demo test test-postgres browser-test messages docs lint format bench bench-postgres loadtest build clean

help:
	@echo "make demo          run the example site with demo content on http://127.0.0.1:8000"
	@echo "make test          run the test suite (SQLite)"
	@echo "make test-postgres the test suite on a throw-away PostgreSQL cluster"
	@echo "make browser-test  run the browser tests in headless Chromium"
	@echo "make messages      extract and compile the Dutch and English translations"
	@echo "make docs          build the documentation (warnings are errors)"
	@echo "make lint          ruff check and ruff format --check"
	@echo "make bench         print the benchmark table"
	@echo "make bench-postgres the library's search at 100 and 10,000 examples, and the month"
	@echo "                   calendar, registration page and partner agenda, on PostgreSQL"
	@echo "make build         build the wheel and sdist and check them"

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): $(VENV)/bin/python pyproject.toml
	$(PIP) install --quiet -e ".[test,docs]" $(foreach d,$(DEPS),"$(d)")
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

demo: install
	$(MANAGE) migrate --no-input
	$(MANAGE) set_site_address $(DEMO_ADDRESS)
	$(MANAGE) jeugdzorg_demo
	$(MANAGE) create_demo_admin
	$(MANAGE) runserver $(DEMO_ADDRESS)

test: install
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-postgres: install
	bash scripts/with-postgres.sh $(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

browser-test: install
	bash scripts/browser-test.sh

messages: install
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	cd jeugdzorg_wagtail && ../$(PY) -m django makemessages -l nl -l en --no-obsolete --no-location --settings=tests.settings --pythonpath=..
	$(PY) scripts/po_fill.py --clear-fuzzy
	msgen --no-wrap jeugdzorg_wagtail/locale/en/LC_MESSAGES/django.po -o jeugdzorg_wagtail/locale/en/LC_MESSAGES/django.po.tmp
	mv jeugdzorg_wagtail/locale/en/LC_MESSAGES/django.po.tmp jeugdzorg_wagtail/locale/en/LC_MESSAGES/django.po
	cd jeugdzorg_wagtail && ../$(PY) -m django compilemessages --settings=tests.settings --pythonpath=..
	cd example_site && ../$(PY) manage.py makemessages -l nl -l en --no-location --no-obsolete --ignore=media --ignore=static && ../$(PY) manage.py compilemessages
	$(PY) scripts/check_translations.py

docs: install
	$(VENV)/bin/sphinx-build -W --keep-going -b html docs docs/_build/html

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	$(PY) benchmarks/run.py

bench-postgres: install
	bash scripts/with-postgres.sh $(PY) benchmarks/practice_postgres.py --explain
	bash scripts/with-postgres.sh $(PY) benchmarks/run.py --only agenda_pages

loadtest: install
	bash scripts/loadtest.sh

build: install
	rm -rf dist build jeugdzorg_wagtail.egg-info
	$(PIP) install --quiet build twine
	$(PY) -m build
	$(VENV)/bin/twine check --strict dist/*

clean:
	rm -rf dist build docs/_build *.egg-info .pytest_cache
