# localgov — two commands for a newcomer: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
VENV  ?= .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST  ?= 127.0.0.1
PORT  ?= 8000

.PHONY: demo test install lint serve clean bench screenshots

$(STAMP): pyproject.toml constraints.txt
	@PYBIN=$$(tools/find-python.sh) || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$PYBIN"; $$PYBIN -m venv $(VENV) || exit 1; fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/localgov demo --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

# The README's pictures (docs/screenshots) from the browser tests; every page of every role at
# 1280 and 360 px also lands in build/screenshots (git-ignored). `make test` writes none of them.
screenshots: $(STAMP)
	LOCALGOV_SCREENSHOTS=$(CURDIR)/docs/screenshots $(PY) -m pytest -q -p no:cacheprovider \
		tests/e2e/test_e2e_one_stop.py tests/e2e/test_pages_e2e.py

# mypy checks the pure cores listed in pyproject.toml ([tool.mypy] files); lint-imports the
# import contracts ([tool.importlinter], docs/architecture.md "Layers")
lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

serve: $(STAMP)
	$(VENV)/bin/localgov serve --host $(HOST) --port $(PORT)

bench: $(STAMP)
	$(PY) bench/calendar.py

clean:
	rm -rf $(VENV) var/*.sqlite3*
