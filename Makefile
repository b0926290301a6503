# Set-up is part of each target: a fresh machine needs nothing but Python 3.11 and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
ARGS ?= --pods 1-3

.PHONY: serve test deps bench openapi clean

# Serving needs the package and its runtime dependencies only; tests add pytest, schemathesis, the
# SDKs they drive. Each stamp says what it installs, so a first run does not look hung.
$(BIN)/.served: pyproject.toml
	@echo "make serve: first run: creating $(VENV) and installing the sandbox and what serving needs (about a minute)..."
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e '.[postgres]'
	@touch $@

$(BIN)/.installed: pyproject.toml $(BIN)/.served
	@echo "make: installing the test dependencies into $(VENV) (pytest, schemathesis, webexpythonsdk, respx, responses, playwright)..."
	$(BIN)/pip install -q --disable-pip-version-check -e '.[test,postgres]'
	@touch $@

serve: $(BIN)/.served
	$(BIN)/mockserver serve $(ARGS)

# Cisco's agent SDK test needs its npm packages (cached in .cache/agent-sdk, ignored by git) and
# Debian's chromium; the script says what it installs and never fails the run (the test then
# skips, saying why).
.cache/agent-sdk/.installed: tests/agent_sdk/package-lock.json scripts/agent-sdk-deps.sh
	@echo "make: installing what the agent SDK test needs (Debian's chromium, npm packages; once)..."
	scripts/agent-sdk-deps.sh
	@mkdir -p .cache/agent-sdk && touch $@

deps: $(BIN)/.installed .cache/agent-sdk/.installed

test: $(BIN)/.installed .cache/agent-sdk/.installed
	$(BIN)/mockserver openapi --check
	$(BIN)/pytest

bench: $(BIN)/.installed
	$(BIN)/pip install -q --disable-pip-version-check -e '.[bench]'  # moto_server, the anchor
	$(BIN)/python bench/bench.py

openapi: $(BIN)/.served
	$(BIN)/mockserver openapi

clean:
	rm -rf $(VENV) *.egg-info
