# Set-up is part of each target: a fresh machine needs nothing but Python 3.11 and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
ARGS ?= --pods 1-3

.PHONY: serve test bench openapi clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e '.[test,postgres]'
	touch $@

serve: $(BIN)/.installed
	$(BIN)/mockserver serve $(ARGS)

test: $(BIN)/.installed
	$(BIN)/mockserver openapi --check
	$(BIN)/pytest

bench: $(BIN)/.installed
	$(BIN)/pip install -q --disable-pip-version-check -e '.[bench]'  # moto_server, the anchor
	$(BIN)/python bench/bench.py

openapi: $(BIN)/.installed
	$(BIN)/mockserver openapi

clean:
	rm -rf $(VENV) *.egg-info
