# jupyterlab-sane: the two commands are `make start` and `make test`. Both set up everything
# they need (.venv, node_modules, the build) and are safe to run again.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ROOT := $(CURDIR)
VENV := $(ROOT)/.venv
BIN := $(VENV)/bin
# Configs and caches live in the git-ignored .build/, never in HOME: runs are repeatable and
# never read a stale user config.
STATE := $(ROOT)/.build
export JUPYTER_CONFIG_DIR := $(STATE)/jupyter/config
export JUPYTER_DATA_DIR := $(STATE)/jupyter/data
export JUPYTER_RUNTIME_DIR := $(STATE)/jupyter/runtime
export IPYTHONDIR := $(STATE)/ipython
export YARN_GLOBAL_FOLDER := $(STATE)/yarn
export XDG_CONFIG_HOME := $(STATE)/xdg-config
export XDG_CACHE_HOME := $(STATE)/xdg-cache
export PATH := $(BIN):$(PATH)
export CHROMIUM_PATH ?= /usr/bin/chromium
PYTHON ?= python3
PORT ?= 8888

JS_SOURCES := $(shell find src style schema -type f 2>/dev/null) package.json tsconfig.json \
	jupyterlab_sane/testing/testrunner.py

.PHONY: help start test setup lint jest pytest galata smoke screenshots browser slurm system-packages \
	bench clean

help:
	@echo "make start   set up, build and open JupyterLab on examples/demo.ipynb (127.0.0.1:$(PORT))"
	@echo "make test    set up, then lint, jest, pytest and the Galata browser tests"
	@echo "make smoke   the built wheel in the oldest JupyterLab we support and in Notebook 7"
	@echo "make lint    eslint, prettier, stylelint and ruff"
	@echo "make bench   the performance figures, one 'BENCH name value unit' line each"
	@echo "make screenshots  refresh docs/screenshots/ from the browser tests that take them"
	@echo "make clean   remove build output, .venv, node_modules and .build"

# --- set-up -----------------------------------------------------------------------------------

$(VENV)/.deps-%: pyproject.toml scripts/requirements.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python scripts/requirements.py $* > $(VENV)/requirements-$*.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r $(VENV)/requirements-$*.txt
	touch $@

# One pip at a time in .venv: the test extras after the dev ones (jlpm, from the dev ones,
# installs node_modules meanwhile: see `make test`'s set-up).
$(VENV)/.deps-test: $(VENV)/.deps-dev

node_modules/.installed: package.json yarn.lock .yarnrc.yml $(VENV)/.deps-dev
	jlpm install
	touch $@

# tsc and the labextension build; jlpm build is incremental.
lib/.built: node_modules/.installed $(JS_SOURCES)
	jlpm build
	touch $@

# The package in development mode: server extension enabled (jupyter-config/ is shared data),
# labextension linked to the build so `jlpm watch` changes show after a page reload.
$(VENV)/.installed: lib/.built pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-build-isolation --no-deps -e .
	jupyter labextension develop --overwrite .
	jupyter server extension enable --sys-prefix jupyterlab_sane
	touch $@

setup: $(VENV)/.installed

# --- the two commands -----------------------------------------------------------------------

start: $(VENV)/.deps-dev setup
	jupyter labextension list 2>&1 | grep -E 'jupyterlab-sane' || true
	jupyter server extension list 2>&1 | grep -E 'jupyterlab_sane' || true
	@# Machines of this kind run as root: the server refuses root unless told.
	jupyter lab --ip=127.0.0.1 --port=$(PORT) --no-browser \
		$$([ "$$(id -u)" = 0 ] && echo --allow-root) \
		--ServerApp.root_dir=$(ROOT) --LabApp.default_url=/lab/tree/examples/demo.ipynb

# Each stage is timed: its wall time is printed as it ends, and all of them at the end (they are
# kept in .build/stages.txt too), so that the slow stage is named, not guessed.
STAGES := $(STATE)/stages.txt
define stage
	@start=$$(date +%s); $(MAKE) --no-print-directory $(2); \
	printf '%-8s %5d s\n' $(1) $$(( $$(date +%s) - start )) | tee -a $(STAGES)
endef

test:
	@mkdir -p $(STATE); rm -f $(STAGES); date +%s > $(STAGES).start
	$(call stage,setup,-j4 --output-sync=target $(VENV)/.deps-test setup system-packages)
	$(call stage,lint,lint)
	$(call stage,jest,jest)
	$(call stage,pytest,pytest)
	$(call stage,galata,galata)
	$(call stage,smoke,smoke)
	@echo "make test: stage times (wall clock)"; cat $(STAGES); \
	printf '%-8s %5d s\n' total $$(( $$(date +%s) - $$(cat $(STAGES).start) ))

# --- checks ---------------------------------------------------------------------------------

lint: $(VENV)/.deps-dev node_modules/.installed
	jlpm lint:check
	$(BIN)/ruff check jupyterlab_sane tests scripts bench ui-tests
	$(BIN)/ruff format --check jupyterlab_sane tests scripts bench ui-tests

jest: node_modules/.installed $(VENV)/.deps-test
	jlpm test

pytest: $(VENV)/.installed $(VENV)/.deps-test slurm
	$(BIN)/python -m pytest -q --durations=15

# The tests' screenshots go to .build/screenshots (git-ignored): a test run leaves the clone
# clean. `make screenshots` refreshes the README's on purpose.
galata: $(VENV)/.installed browser
	jlpm test:ui

# The wheel a user would install, pip-installed into venvs of its own under .build/smoke/ (kept
# between runs; remade when their requirements here change): the oldest JupyterLab the
# dependency ranges allow, and the latest Notebook 7 with jupyter-collaboration.
SMOKE := $(STATE)/smoke
SMOKE_LAB := jupyterlab==4.0.0 ipykernel
SMOKE_NOTEBOOK := 'notebook>=7,<8' ipykernel jupyter-collaboration
$(SMOKE)/dist/.built: node_modules/.installed $(JS_SOURCES) pyproject.toml $(VENV)/.deps-dev
	jlpm build:prod
	$(BIN)/python scripts/check_bundle.py jupyterlab_sane/labextension
	rm -rf $(SMOKE)/dist
	$(BIN)/python -m pip wheel --quiet --disable-pip-version-check --no-deps \
		--no-build-isolation -w $(SMOKE)/dist .
	touch $@

smoke: browser $(SMOKE)/dist/.built
	scripts/smoke-env.sh lab-oldest $(SMOKE)/dist/*.whl $(SMOKE_LAB)
	scripts/smoke-env.sh notebook7 $(SMOKE)/dist/*.whl $(SMOKE_NOTEBOOK)
	CI=1 jlpm playwright test -c ui-tests/playwright.smoke.config.ts

SCREENSHOT_SPECS := extract foundation health repeats testcells
screenshots: $(VENV)/.installed browser
	SANE_SCREENSHOTS=$(ROOT)/docs/screenshots jlpm test:ui \
		$(foreach spec,$(SCREENSHOT_SPECS),ui-tests/tests/$(spec).spec.ts)

# The Debian packages the tests use, in one apt-get run (two would wait on dpkg's lock) that
# goes on beside pip and jlpm in `make test`'s set-up: Chromium for the browser tests, Slurm and
# munge for the job probe's test. `browser` and `slurm` then find them, or say what is missing.
system-packages:
	@need=""; \
	[ -x "$(CHROMIUM_PATH)" ] || need=" chromium"; \
	{ [ -x /usr/sbin/slurmctld ] && [ -x /usr/sbin/munged ]; } || need="$$need slurm-wlm munge"; \
	if [ -n "$$need" ] && [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's packages for the tests:$$need"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$need >/dev/null; \
	fi
	@$(MAKE) --no-print-directory browser slurm

# Playwright cannot download its browsers here: Debian's Chromium is used instead.
browser:
	@if [ -x "$(CHROMIUM_PATH)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Chromium at $(CHROMIUM_PATH): run 'sudo apt-get install -y chromium' or set CHROMIUM_PATH." >&2; \
		exit 1; \
	fi

# tests/test_job_slurm.py starts a one-node Slurm (munged, slurmctld, slurmd) as root; as
# another user, or without the packages, it is skipped and says why.
slurm:
	@if [ -x /usr/sbin/slurmctld ] && [ -x /usr/sbin/munged ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's slurm-wlm and munge for the job probe's test"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null; \
	else \
		echo "No Slurm: tests/test_job_slurm.py is skipped (as root, make installs slurm-wlm and munge)." >&2; \
	fi

CORPUS ?= $(ROOT)/../shared/corpus

# jupyter-resource-usage, measured beside our health endpoint, lives only here: never in .venv.
BENCH_SITE := $(STATE)/bench-site
$(BENCH_SITE)/.installed:
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps \
		--target $(BENCH_SITE) jupyter-resource-usage psutil
	touch $@

bench: setup browser $(BENCH_SITE)/.installed
	jlpm build:prod
	node bench/bundle.mjs jupyterlab_sane/labextension/static
	@if [ -d "$(CORPUS)" ]; then node bench/analysis.mjs $(CORPUS); \
	else echo "bench: no corpus at $(CORPUS): analysis figures skipped" >&2; fi
	$(BIN)/python bench/health.py $(BENCH_SITE)
	SANE_BENCH_PORT=$$(( $${SANE_BENCH_PORT:-8951} + 1 )) $(BIN)/python bench/data.py
	@# The differential tester on a larger generated set than make test's (another seed).
	$(BIN)/python -m tests.differential --generated 10000 --seed 1 --blocks --literals | grep -E '^generated'
	@# In the browser: 200 executions with the extension over without, two servers in one run.
	CI=1 jlpm playwright test -c ui-tests/playwright.bench.config.ts | grep -E '^BENCH'

clean:
	rm -rf lib tsconfig.tsbuildinfo jupyterlab_sane/labextension jupyterlab_sane/_version.py \
		dist coverage .eslintcache .stylelintcache $(VENV) node_modules $(STATE) \
		ui-tests/test-results ui-tests/playwright-report
