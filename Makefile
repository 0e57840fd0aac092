# Thin wrappers: every target installs what it needs first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_WORKERS ?= 2

.PHONY: dev test lint format typecheck protos supergraph ui-schema ui-check bench install clean lock chart-schema

# Every install is the same: exact versions and hashes from requirements-dev.lock (`make lock`
# writes it and requirements.lock, the images' runtime set, from pyproject.toml).
$(VENV)/.installed: pyproject.toml requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@# grpc-stubs (replaced by types-grpcio) owns the same stub folder: an old venv drops it first
	$(PY) -m pip uninstall --quiet --yes grpc-stubs 2>/dev/null || true
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

# checkov pins its own libraries (older than ours): it lives in its own venv, from its own lock.
CHECKOV_VENV := .venv-checkov
$(CHECKOV_VENV)/.installed: requirements-checkov.lock
	$(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/pip install --quiet --require-hashes -r requirements-checkov.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The web UI's own packages (Next.js, Playwright without a browser: tests use Debian's chromium).
ui/node_modules/.installed: ui/package.json ui/package-lock.json
	cd ui && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed $(CHECKOV_VENV)/.installed node_modules/.installed ui/node_modules/.installed

## Run the whole platform (embedded stores, every service, router, GraphiQL)
dev: install
	$(PY) -m indefinite.dev

## Run every check and the full test suite (what CI runs)
test: install
	$(PY) -m indefinite.protos --check
	$(PY) -m indefinite.chart_schema --check
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(MAKE) --no-print-directory ui-check
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile --durations=15; status=$$?; \
	  if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; \
	  exit $$status

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

typecheck: install
	$(PY) -m mypy

## Regenerate the hashed locks from pyproject.toml (after changing a dependency; needs PyPI)
LOCK_FLAGS := --generate-hashes --universal --python-version 3.11 --no-header --quiet
lock: install
	$(PY) -m uv pip compile pyproject.toml $(LOCK_FLAGS) -o requirements.lock
	$(PY) -m uv pip compile pyproject.toml --extra dev $(LOCK_FLAGS) -o requirements-dev.lock

## Write charts/indefinite/values.schema.json from values.yaml (after adding a setting there)
chart-schema: install
	$(PY) -m indefinite.chart_schema

## Regenerate gRPC code from protos/
protos: install
	$(PY) -m indefinite.protos

## Compose supergraph.graphql from the subgraphs' SDL
supergraph: install
	$(PY) -m indefinite.supergraph

## Write ui/schema.graphql (the router's API schema) and regenerate the UI's typed operations
ui-schema: install
	$(PY) -m indefinite.ui_schema
	cd ui && npm run --silent codegen

## The web UI's static checks and unit tests (its end-to-end test runs in pytest: tests/ui)
ui-check: install
	$(PY) -m indefinite.ui_schema --check
	cd ui && npx graphql-codegen --config codegen.ts --check
	cd ui && npx eslint --max-warnings 0 .
	cd ui && npx tsc --noEmit
	cd ui && npx vitest run

## Benchmarks (print figures; need wrk: apt-get install -y wrk)
bench: install
	$(PY) -m bench.gateways --scenario products
	$(PY) -m bench.gateways --scenario blog
	$(PY) -m bench.feed
	$(PY) -m bench.feed_service
	$(PY) -m bench.search
	$(PY) -m bench.outbox_relay
	$(PY) -m bench.media
	$(PY) -m bench.subscriptions
	$(PY) -m bench.notifications
	$(PY) -m bench.fanout
	$(PY) -m bench.channels
	$(PY) -m bench.revocation
	$(PY) -m bench.live

clean:
	rm -rf $(VENV) $(CHECKOV_VENV) node_modules .mypy_cache .ruff_cache .pytest_cache ui/node_modules ui/.next ui/.next-e2e
