.DEFAULT_GOAL := help
PYTHON ?= python3

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

setup: ## Install Debian and Python dependencies (needs root for apt-get)
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libharfbuzz-subset0 fonts-dejavu-core fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
	$(PYTHON) -m pip install -q -e '.[test,service]'
	$(PYTHON) -m pip install -q --ignore-requires-python opa-golib-python-bindings==0.4.4

demo: ## Check the bundled examples (exit 1: one example breaks OF-COVERAGE on purpose)
	aacompliance check examples/

test: ## Run the whole test suite (Python tests and the Rego unit tests, on every engine)
	$(PYTHON) -m pytest

lint-contracts: ## Validate contract revisions and check every quote against the source text
	aacompliance contracts lint --source ../shared/seeds/000_931afb1389baa8d2.txt

fuzz: ## Property-based hostile-input run: 10,000 generated documents per kind (AAC_FUZZ_EXAMPLES)
	AAC_FUZZ_EXAMPLES=$${AAC_FUZZ_EXAMPLES:-10000} $(PYTHON) -m pytest -q tests/test_hostile.py -k generated

bench: ## Run the benchmarks and write docs/performance.md (AAC_BENCH_QUICK=1: a reduced set, a few minutes)
	$(PYTHON) benchmarks/run.py

load: ## Load-test `aacompliance serve` (32 clients, 60 s, 2 workers); QUICK=1 for 10 s
	$(PYTHON) benchmarks/load.py $(if $(QUICK),--quick,)

screenshots: ## Browser tests in headless Chromium, writing the pages' screenshots to docs/
	AACOMPLIANCE_SCREENSHOTS=$(CURDIR)/docs $(PYTHON) -m pytest -q tests/service/test_service_browser.py

.PHONY: help setup demo test lint-contracts fuzz bench load screenshots
