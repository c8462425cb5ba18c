# One command each for install, lint, test, the demo and the benchmarks.
# Works on a fresh machine with only python3 and make: uv is bootstrapped into .tools/.
PY ?= python3
UV_VERSION := 0.13.8
UV := .tools/bin/uv
RUN := $(UV) run --frozen --no-sync

.PHONY: install system-deps lint format test demo wheel-demo simulate bench clean

$(UV):
	$(PY) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --quiet
	@touch $@

install: .venv/.synced

# redis-server (Debian package) and the PostgreSQL 15 server binaries the tests start; chromium;
# systemd-analyze and caddy, which check deploy/.
system-deps:
	@scripts/install-system-deps

lint: install
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) mypy bot fakeplatforms tests benchmarks

format: install
	$(RUN) ruff format .
	$(RUN) ruff check --fix .

test: install system-deps
	$(RUN) pytest

demo: install
	$(RUN) fairdrop demo

# The demo from the built wheel in a fresh virtual environment, outside the checkout (CI runs it).
wheel-demo: $(UV)
	scripts/wheel-demo

simulate: install
	$(RUN) fairdrop simulate

bench: install
	$(RUN) python -m benchmarks

clean:
	rm -rf .venv .tools .pytest_cache .mypy_cache .ruff_cache dist
