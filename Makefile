# nba-data-lake: every target creates .venv and installs what it runs on first use.
#   make demo            provision the local lake, load the sample league, run a query
#   make test            the test suite (moto server + real terraform for the aws target)
# Variables: TARGET=local|aws  LAKE_HOME=.lake  SOURCE=sample|sportsdata|file  YES=1  DELETE_DATA=1

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON    ?= python3
VENV      := .venv
BIN       := $(VENV)/bin
STAMP     := $(VENV)/.installed-stamp
TOOLS     := .tools
CHECKOV   := $(TOOLS)/checkov/bin/checkov

TARGET    ?= local
LAKE_HOME ?= $(CURDIR)/.lake
SOURCE    ?= sample
DATASET   ?= all
SEASON    ?=
SINCE     ?=
UNTIL     ?=
AS_OF     ?=
FULL_REFRESH ?=
FILE      ?=
TABLE     ?=
YES       ?=
DELETE_DATA ?=
PYTEST_ARGS ?=
# Most of the suite's time is Terraform waiting on the emulator, so more workers than cores pay.
TEST_WORKERS ?= 4

export LAKE_HOME
# Offline machines: use a local provider mirror when one exists (see scripts/terraform-mirror).
TF_PLUGIN_DIR ?= $(shell scripts/terraform-mirror)
ifneq ($(TF_PLUGIN_DIR),)
export TF_PLUGIN_DIR
endif
export CHECKOV := $(abspath $(CHECKOV))

NBA_LAKE  := $(BIN)/nba-lake
YES_FLAG  := $(if $(YES),--yes,)

.PHONY: help apply plan destroy ingest check tui test lint bench demo clean lock package

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'
	@echo "  variables: TARGET=$(TARGET) LAKE_HOME=$(LAKE_HOME) SOURCE=$(SOURCE) YES=1 (no prompts)"

# Four installs, each only what its targets run; each is redone when pyproject.toml changes.
#   $(CORE)  the nba-lake command: apply, ingest, query, demo
#   $(PACKAGER) + packaging: make package, and make apply/plan (the function's artifact)
#   $(TUI)   + the workbench (textual): make tui, make bench
#   $(STAMP) + the test and lint tools (dependency groups): make test, make lint
# uv installs them (seconds, not minutes); pip is the fallback where uv cannot be had.
# constraints.txt pins every version (tests and TUI snapshots see the same libraries on
# every machine); `make lock` refreshes it after a change to pyproject.toml.
CORE      := $(VENV)/.core-stamp
TUI       := $(VENV)/.tui-stamp
PACKAGER  := $(VENV)/.package-stamp
# $(call install,REQUIREMENT,DEPENDENCY GROUPS)
define install
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(BIN)/python -m pip install -qq --disable-pip-version-check uv \
		|| echo "uv is not available: installing with pip (slower)"
	@if [ -x $(BIN)/uv ]; then \
		$(BIN)/uv pip install --quiet --python $(BIN)/python -c constraints.txt -e '$(1)' $(foreach g,$(2),--group $(g)); \
	else \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade 'pip>=25.1' && \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '$(1)' $(foreach g,$(2),--group $(g)); \
	fi
endef

$(CORE): pyproject.toml constraints.txt
	@echo "Installing nba-data-lake into $(VENV) ..."
	$(call install,.,)
	@touch $@

# + `packaging`, for scripts/package_lambda.py (make package; make apply/plan on aws)
$(PACKAGER): pyproject.toml constraints.txt
	@echo "Installing nba-data-lake and the function packager into $(VENV) ..."
	$(call install,.,package)
	@touch $@ $(CORE)

$(TUI): pyproject.toml constraints.txt
	@echo "Installing nba-data-lake and the workbench into $(VENV) ..."
	$(call install,.[tui],)
	@touch $@ $(CORE)

$(STAMP): pyproject.toml constraints.txt
	@echo "Installing nba-data-lake, the workbench, test and lint tools into $(VENV) ..."
	$(call install,.[tui],dev)
	@touch $@ $(TUI) $(CORE) $(PACKAGER)

lock: ## re-pin every dependency in constraints.txt (after editing pyproject.toml)
	@test -x $(BIN)/uv || $(BIN)/python -m pip install -qq --disable-pip-version-check uv
	$(BIN)/uv pip compile --quiet --universal --python-version 3.11 pyproject.toml --extra tui --group dev -o constraints.txt

# checkov pins bc-python-hcl2, whose `hcl2` module would shadow python-hcl2: own venv,
# its version pinned here (a new release brings new checks), installed with uv when it is there.
CHECKOV_VERSION := 3.3.30
$(CHECKOV): | $(STAMP)
	@$(PYTHON) -m venv $(TOOLS)/checkov
	@echo "Installing checkov $(CHECKOV_VERSION) into $(TOOLS)/checkov ..."
	@if [ -x $(BIN)/uv ]; then \
		$(BIN)/uv pip install --quiet --python $(TOOLS)/checkov/bin/python 'checkov==$(CHECKOV_VERSION)'; \
	else \
		$(TOOLS)/checkov/bin/python -m pip install --quiet 'checkov==$(CHECKOV_VERSION)'; \
	fi

apply: $(PACKAGER) ## provision the lake (TARGET=local|aws) and write LAKE_HOME/outputs.json
	@$(if $(filter aws,$(TARGET)),$(BIN)/python scripts/package_lambda.py --if-scheduled,true)
	@$(NBA_LAKE) apply --target $(TARGET) $(YES_FLAG)

package: $(PACKAGER) ## build the scheduled ingest function's zip (dist/nba-lake-ingest.zip) and print its size
	@$(BIN)/python scripts/package_lambda.py

plan: $(PACKAGER) ## show what apply would change
	@$(if $(filter aws,$(TARGET)),$(BIN)/python scripts/package_lambda.py --if-scheduled,true)
	@$(NBA_LAKE) plan --target $(TARGET)

destroy: $(CORE) ## remove what apply created (asks first; YES=1 to skip; DELETE_DATA=1 for a bucket with data)
	@$(NBA_LAKE) destroy --target $(TARGET) $(YES_FLAG) $(if $(DELETE_DATA),--delete-data,)

ingest: $(CORE) ## load data, or bring it up to date (SOURCE=sample|nbastats|sportsdata|file DATASET= SEASON= SINCE= UNTIL= AS_OF= FULL_REFRESH=1 FILE= TABLE=)
	@$(NBA_LAKE) ingest --source $(SOURCE) --dataset $(DATASET) \
		$(if $(SEASON),--season $(SEASON),) $(if $(FILE),--file $(FILE),) $(if $(TABLE),--table $(TABLE),) \
		$(if $(SINCE),--since $(SINCE),) $(if $(UNTIL),--until $(UNTIL),) $(if $(AS_OF),--as-of $(AS_OF),) \
		$(if $(FULL_REFRESH),--full-refresh,)

check: $(CORE) ## verify every object the tables read against its manifest (size, checksum)
	@$(NBA_LAKE) check

tui: $(TUI) ## open the terminal SQL workbench
	@$(BIN)/nba-lake-tui

test: $(STAMP) $(CHECKOV) ## run the test suite (TEST_WORKERS processes; 0 runs them in this one)
	@status=0; $(BIN)/python -m pytest $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadgroup) \
		$(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: check tests/ and PYTEST_ARGS" >&2; fi; \
	exit $$status

# checkov runs in make test (tests/aws/test_terraform.py: no failure, no parsing error, a
# reason for every skip), so lint does not run it a second time.
lint: $(STAMP) ## ruff, mypy, import contracts, terraform fmt (checkov: in make test)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	terraform fmt -check -recursive terraform

bench: $(TUI) ## run the benchmarks; figures go to LAKE_HOME/bench.json
	@$(BIN)/python -m benchmarks

demo: $(CORE) ## local lake end to end: apply, ingest the sample league, query it
	@$(NBA_LAKE) apply --target local
	@$(NBA_LAKE) ingest --source sample
	@echo; echo "Top teams by average points per game (Athena SQL, run locally by DuckDB):"
	@$(NBA_LAKE) query "SELECT team, round(avg(points_per_game), 1) AS ppg, count(*) AS players \
		FROM player_season_stats WHERE season = 2025 GROUP BY team ORDER BY ppg DESC LIMIT 5"
	@echo; echo "Next: make tui (the SQL workbench), .venv/bin/nba-lake query \"SQL\", make help"

clean: ## remove the venvs and tool caches (keeps LAKE_HOME)
	rm -rf $(VENV) $(TOOLS) .mypy_cache .ruff_cache .pytest_cache
