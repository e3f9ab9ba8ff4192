# Sila: the two commands of the README, and the steps they are made of.
#   make run    creates .venv if missing, installs, opens the window on a demo database
#   make test   lint, types, layer contracts, catalog check, the whole test suite, headless

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

# PostgreSQL serves the tests of the shared-database mode (a throw-away server per run).
# Shared libraries the Qt wheels load (even offscreen) that a minimal Debian/Ubuntu may lack.
QT_LIBS := libGL.so.1:libgl1 libEGL.so.1:libegl1 libxkbcommon.so.0:libxkbcommon0 \
           libfontconfig.so.1:libfontconfig1 libdbus-1.so.3:libdbus-1-3 libglib-2.0.so.0:libglib2.0-0

.PHONY: run test lint system-deps install catalogs catalogs-update clean bench

system-deps:
	@missing=""; for pair in $(QT_LIBS); do lib=$${pair%%:*}; pkg=$${pair##*:}; \
	  ldconfig -p 2>/dev/null | grep -q "$$lib" || missing="$$missing $$pkg"; done; \
	if ! $(PYTHON) -c 'import venv, ensurepip' 2>/dev/null; then missing="$$missing python3-venv"; fi; \
	if ! command -v initdb >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  missing="$$missing postgresql"; fi; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

$(STAMP): pyproject.toml setup.py | system-deps
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,postgres]'
	@touch $(STAMP)

install: $(STAMP) catalogs

catalogs: $(STAMP)
	$(PY) -m app.i18n_tools compile

# A fresh data folder each time (or DEMO_DIR=… to keep one).
run: install
	@dir="$${DEMO_DIR:-$$(mktemp -d -t sila-demo-XXXXXX)}"; \
	echo "Demo data folder: $$dir"; \
	$(VENV)/bin/sila --data-dir "$$dir" demo --open

lint: install
	$(VENV)/bin/ruff check app ui tests
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q

bench: install
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q -s tests/bench -p no:randomly

clean:
	rm -rf $(VENV) build dist *.egg-info app/locale

catalogs-update: $(STAMP)
	$(PY) -m app.i18n_tools extract
	$(PY) -m app.i18n_tools check || true
