# The two commands a newcomer needs: `make run` and `make test`. Everything else is optional.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
CONTENT := $(sort $(wildcard content/*/course.yaml))
COURSES := $(patsubst %/course.yaml,%,$(CONTENT))

.PHONY: help install run test bench lint clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

$(INSTALLED): setup.py requirements/*.in requirements/constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e '.[dev]'
	touch $@

install: $(INSTALLED)  ## create .venv and install plx with its test tools

run: install  ## validate the shipped courses and print a summary of each
	$(BIN)/plx validate --stats $(COURSES)

test: install  ## run the whole test suite
	$(BIN)/python -m pytest

bench: install  ## run the benchmarks and print their tables
	$(BIN)/python -m benchmarks

lint: install  ## static checks
	$(BIN)/ruff check plxblocks scorm tests benchmarks

clean:  ## remove the virtualenv and build outputs
	rm -rf $(VENV) build dist *.egg-info
