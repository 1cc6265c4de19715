# One target per task. `make serve` and `make test` are the two commands a newcomer needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PIP := $(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt
MKDOCS := NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs
SITE := site
PAPER ?= a4
# Debian packages. The build needs Graphviz (the correspondence diagram); the PDF needs the
# DejaVu fonts (Typst comes from PyPI); the tests need headless Chromium and poppler.
# (Node.js and npm: installed only if missing; npm ci brings the map data, world-atlas.)
SITE_DEB_PACKAGES := graphviz
DEB_PACKAGES := $(SITE_DEB_PACKAGES) fonts-dejavu-core chromium poppler-utils

.PHONY: help serve build pdf offline bench test lint check-bib quotes linkcheck unit-tests system-deps site-deps clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# Stamp files: reinstall only when the requirements change.
$(VENV)/.site-installed: requirements.txt constraints.txt | $(BIN)/activate
	$(PIP) -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements-dev.txt requirements.txt constraints.txt | $(BIN)/activate
	$(PIP) -r requirements-dev.txt
	@touch $@ $(VENV)/.site-installed

serve: $(VENV)/.site-installed site-deps  ## Serve the guide with live reload at http://127.0.0.1:8000
	$(MKDOCS) serve --dev-addr 127.0.0.1:8000

build: $(VENV)/.site-installed site-deps  ## Build the site strictly into site/
	$(MKDOCS) build --clean --site-dir $(SITE)

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || bash scripts/install-system-deps.sh nodejs npm
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

pdf: build system-deps  ## Make the PDF of the whole guide: site/downloads/ (PAPER=a4 or letter)
	$(PY) scripts/build_pdf.py $(SITE) --paper $(PAPER)

offline: pdf node_modules/.installed  ## Zip the guide for reading from disk: site/downloads/
	$(PY) scripts/build_offline.py $(SITE)

bench: $(VENV)/.dev-installed system-deps node_modules/.installed  ## Measure build, scaling, page weight, PDF, Lighthouse: bench/report.md
	$(PY) scripts/bench.py

site-deps: node_modules/.installed  ## Install what the build needs besides Python (Graphviz, map data), if missing
	@bash scripts/install-system-deps.sh $(SITE_DEB_PACKAGES)

system-deps:  ## Install the Debian packages the tests need, if missing
	@bash scripts/install-system-deps.sh $(DEB_PACKAGES)

check-bib: $(VENV)/.site-installed  ## Check bibliography.bib (keys, required fields)
	$(PY) scripts/check_bib.py

quotes: $(VENV)/.site-installed  ## Check every quotation against the source texts ($$STUDYGUIDE_SOURCES)
	$(PY) scripts/check_quotes.py

lint: $(VENV)/.dev-installed  ## Markdown lint and spelling
	$(BIN)/pymarkdown --config .pymarkdown.json scan -r docs templates README.md CONTRIBUTING.md
	$(BIN)/codespell --config .codespellrc

linkcheck: offline $(VENV)/.dev-installed  ## Check every internal link and anchor of the built site
	$(PY) scripts/linkcheck.py $(SITE)

unit-tests: $(VENV)/.dev-installed system-deps node_modules/.installed  ## Unit, fixture-site, browser and PDF tests
	$(BIN)/pytest

test: system-deps $(VENV)/.dev-installed lint check-bib quotes build pdf offline linkcheck unit-tests  ## Run every check and test

clean:  ## Remove the built site, caches and the virtual environment
	rm -rf $(SITE) build .cache .pytest_cache $(VENV) node_modules
