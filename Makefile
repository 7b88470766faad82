# The two commands a newcomer needs: `make run` and `make test`. Everything else is optional.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
CONTENT := $(sort $(wildcard content/*/course.yaml))
COURSES := $(patsubst %/course.yaml,%,$(CONTENT))

CHROMIUM := /usr/bin/chromium
NODE_TOOLS := node_modules/.package-lock.json

.PHONY: help system-packages chromium pango poppler install test-tools run test bench bench-peer screenshots lint clean translations

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

$(INSTALLED): setup.py requirements/*.in requirements/constraints.txt | system-packages
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e '.[dev]'
	touch $@

# mysqlclient (the MariaDB/MySQL driver of the server-database tests) compiles against Debian's
# client library. Nothing is installed when pkg-config already finds it, unless PLX_FORCE_INSTALL is
# set: CI sets it, so the install lines run in every CI run and not only on a newcomer's machine.
system-packages:
	@if [ -n "$${PLX_FORCE_INSTALL:-}" ] || ! { pkg-config --exists mysqlclient && command -v gcc; } >/dev/null 2>&1; then \
	  bash scripts/apt-install.sh default-libmysqlclient-dev pkg-config build-essential; fi

install: $(INSTALLED)  ## create .venv and install plx with its test tools

# Browser tests drive Debian's Chromium; Playwright's own browser download does not work here.
chromium:
	@if [ -n "$${PLX_FORCE_INSTALL:-}" ] || [ ! -x $(CHROMIUM) ]; then bash scripts/apt-install.sh chromium; fi

# The journal's PDF export (plx[pdf], in .[dev]) runs WeasyPrint, which loads Debian's Pango.
pango:
	@if [ -n "$${PLX_FORCE_INSTALL:-}" ] || ! /sbin/ldconfig -p | grep -q libpangoft2-1.0; then \
	  bash scripts/apt-install.sh libpango-1.0-0 libpangoft2-1.0-0; fi

# pdftoppm draws the journal PDF's first page as a picture for the guides (make screenshots only).
poppler:
	@if [ -n "$${PLX_FORCE_INSTALL:-}" ] || ! command -v pdftoppm >/dev/null 2>&1; then \
	  bash scripts/apt-install.sh poppler-utils; fi

# Test-only npm tools (axe-core, scorm-again), pinned by package-lock.json.
$(NODE_TOOLS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

test-tools: chromium pango $(NODE_TOOLS)  ## install Chromium, Pango (PDF export) and the npm test tools

# Until courses arrive in content/, `make run` serves the small test course so there is something to see.
SERVED := $(or $(COURSES),tests/course/data/minimal)

run: install  ## validate and build the shipped courses into dist/, then serve every unit on 127.0.0.1:8000
	$(if $(COURSES),,@echo "No courses in content/ yet: serving the test course $(SERVED).")
	$(BIN)/plx validate --stats $(SERVED)
	$(BIN)/plx build $(SERVED) -o dist
	$(BIN)/plx serve $(SERVED) --data var/workbench

test: install test-tools  ## lint, then run the whole test suite
	$(BIN)/ruff check plxblocks scorm tests benchmarks tutor-contrib-plx
	$(BIN)/python -m pytest

bench: install  ## run the benchmarks and print their tables
	$(BIN)/python -m benchmarks

# Not part of `make test`: the pictures are committed, and made again after a change to what they show.
screenshots: install chromium pango poppler  ## photograph a unit, a check, the journal PDF and the peer grade view into docs/images/
	PYTHONPATH=$(CURDIR) $(BIN)/python scripts/docs-screenshots.py

bench-peer: install  ## plx's peer hand-out beside ORA2's (installs ORA2 in var/bench/ora2-venv on first run)
	$(BIN)/python -m benchmarks peer_ora2

translations: install  ## extract UI strings and merge them into the en/cy catalogues
	$(BIN)/python -m plxblocks.i18n_catalogues update

lint: install  ## static checks
	$(BIN)/ruff check plxblocks scorm tests benchmarks tutor-contrib-plx

clean:  ## remove the virtualenv and build outputs
	rm -rf $(VENV) build dist *.egg-info
