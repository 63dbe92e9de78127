.DEFAULT_GOAL := help
# Debian's own python3 creates the project's virtual environment (PEP 668: Debian refuses
# `pip install` into its system Python); everything after that uses the venv's python.
SYSTEM_PYTHON ?= /usr/bin/python3
VENV ?= .venv
PYTHON := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# Debian packages, one list for everything: the venv module, WeasyPrint's font subsetting and the
# statement's fonts (Latin, the rest of the world, CJK, emoji), Chromium and its WebDriver.
APT_PACKAGES := python3-venv libharfbuzz-subset0 fonts-dejavu-core fonts-noto-core fonts-noto-cjk \
	fonts-noto-color-emoji chromium chromium-driver
# OPA in-process (--engine opa-go): its wheel declares Python >= 3.14 but works on 3.11.
OPA_GO := opa-golib-python-bindings==0.4.4

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

setup: apt venv ## Install the Debian packages (root: apt-get), then create .venv and install into it

apt: ## Install the Debian packages in APT_PACKAGES (root; nothing to do when all are installed)
	@missing=$$(for p in $(APT_PACKAGES); do \
	    dpkg-query -W -f='$${db:Status-Status}' $$p 2>/dev/null | grep -qx installed || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "apt-get install:" $$missing; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES); \
	else echo "Debian packages: all installed"; fi

venv: ## Create .venv with Debian's python3 and install aacompliance (editable, every extra) into it
	test -x $(PYTHON) || $(SYSTEM_PYTHON) -m venv $(VENV)
	$(PIP) install -q -e '.[all,test]'
	$(MAKE) --no-print-directory opa-go

opa-go: ## Install OPA in-process (--engine opa-go); the only place with --ignore-requires-python
	$(PIP) install -q --ignore-requires-python $(OPA_GO)

demo: ## Check the bundled examples (exit 1: one example breaks OF-COVERAGE on purpose)
	$(VENV)/bin/aacompliance check examples/

test: ## Run the whole test suite (Python tests, the wheel, the Rego unit tests on every engine; PYTEST_ARGS=…)
	@test -x $(PYTHON) || { echo "make test: $(PYTHON) is missing; run make setup first" >&2; exit 2; }
	@$(PYTHON) -m pytest $(PYTEST_ARGS) || { status=$$?; \
	  if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests (exit 5); a wrong path or -k filter?" >&2; fi; \
	  exit $$status; }

lint-contracts: ## Validate contract revisions and check every quote against the source text
	$(VENV)/bin/aacompliance contracts lint --source ../shared/seeds/000_931afb1389baa8d2.txt

fuzz: ## Property-based hostile-input run: 10,000 generated documents per kind (AAC_FUZZ_EXAMPLES)
	AAC_FUZZ_EXAMPLES=$${AAC_FUZZ_EXAMPLES:-10000} $(PYTHON) -m pytest -q tests/test_hostile.py -k generated

bench: ## Run the benchmarks and write docs/performance.md (AAC_BENCH_QUICK=1: a reduced set, a few minutes)
	$(PYTHON) benchmarks/run.py

bench-memory: ## Peak memory of check over 10,000 generated documents, in every format (streamed report)
	$(PYTHON) benchmarks/memory.py

wheel: ## Build the sdist and the wheel into dist/ (they carry contracts/ and policies/)
	$(PYTHON) -m build --no-isolation --skip-dependency-check --outdir dist .

load: ## Load-test `aacompliance serve` (32 clients, 60 s, 2 workers); QUICK=1 for 10 s
	$(PYTHON) benchmarks/load.py $(if $(QUICK),--quick,)

screenshots: ## Browser tests in headless Chromium, writing the pages' screenshots to docs/
	AACOMPLIANCE_SCREENSHOTS=$(CURDIR)/docs $(PYTHON) -m pytest -q tests/service/test_service_browser.py

.PHONY: help setup apt venv opa-go demo test lint-contracts fuzz bench bench-memory wheel load screenshots
