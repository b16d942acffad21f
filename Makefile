# Two entry points on a fresh machine with Python 3.11+:
#   make demo   creates .venv, installs Copydesk, runs a sample request offline
#   make test   installs the test extras, starts what the tests need, runs the suite

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_REQUEST ?= /article 人工智能在教育中的应用 --tone casual --length short --keywords 人工智能,教育

.PHONY: demo test install install-test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

demo: install
	$(BIN)/copydesk ask "$(DEMO_REQUEST)"

test: install-test
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check bot handlers core workers storage tests bench

bench: install-test
	$(BIN)/python bench/queue.py
	$(BIN)/python bench/analysis.py

clean:
	rm -rf $(VENV) .copydesk copydesk-out .pytest_cache
