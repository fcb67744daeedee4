# Two commands on a fresh machine: `make site` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# What the site's build needs (requirements.txt) and, on top, what the tests need
# (requirements-test.txt); each stamp is older than its lock files after any change to them.
SITE_STAMP := $(VENV)/.installed-site
TEST_STAMP := $(VENV)/.installed-test
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site test test-fast check serve status reviewed clean browser bench linkcheck verify lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(SITE_STAMP): requirements.txt | $(BIN)/python
	$(PIP_INSTALL) -r requirements.txt
	touch $@

$(TEST_STAMP): requirements.txt requirements-test.txt | $(BIN)/python
	$(PIP_INSTALL) -r requirements.txt -r requirements-test.txt
	touch $@

site: $(SITE_STAMP)
	$(BIN)/python -m tools.publish

check: $(SITE_STAMP)
	PYTHONPATH=hooks $(BIN)/python -m citekit check mkdocs.yml

status: $(SITE_STAMP)
	PYTHONPATH=hooks $(BIN)/python -m citekit status mkdocs.yml

reviewed: $(SITE_STAMP)
	@test -n "$(PAGE)" || { echo "usage: make reviewed PAGE=docs/x.tr.md [PAGE='a.tr.md b.ru.md']"; exit 2; }
	PYTHONPATH=hooks $(BIN)/python -m citekit reviewed $(PAGE)

# --dirty: a save writes again only the pages it changes (hooks/citekit/state.py).
# ADDR=127.0.0.1:PORT picks the address; CONFIG=path/mkdocs.yml serves another site (the benchmark's).
ADDR ?= 127.0.0.1:8000
serve: $(SITE_STAMP)
	$(BIN)/mkdocs serve --dirty --no-strict -a $(ADDR) $(if $(CONFIG),-f $(CONFIG))

# The browser tests drive Debian's Chromium (never a downloaded browser); install it when missing.
CHROMIUM ?= /usr/bin/chromium
browser:
	@test -x $(CHROMIUM) || { echo "installing Debian's chromium for the browser tests"; \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The whole suite (.ci/run runs this).
test: $(TEST_STAMP) browser
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest $(PYTEST_ARGS)

# Every test that needs no browser and no network, less the slow ones (markers in pytest.ini).
test-fast: $(TEST_STAMP)
	$(BIN)/python -m pytest -m "not browser and not network and not slow" -n 2 --dist loadfile $(PYTEST_ARGS)

# Benchmark (issue 7): a synthetic site, full build against a baseline in the same run.
bench: $(SITE_STAMP)
	$(BIN)/python -m tools.bench $(BENCH_ARGS)

# External links (opt-in, needs the network): every URL in references.bib and docs/.
linkcheck: $(SITE_STAMP)
	$(BIN)/python -m tools.linkcheck $(LINKCHECK_ARGS)

# Passages against their sources (opt-in, needs the network; SOURCES=dir reads saved copies instead).
verify: $(SITE_STAMP)
	$(BIN)/python -m tools.verify $(if $(SOURCES),--sources $(SOURCES)) $(VERIFY_ARGS)

# The lock files again from requirements.in and requirements-test.in, with pip-tools in a venv
# of its own; pins already in the lock files are kept while they still satisfy the .in files.
PIP_TOOLS := .cache/pip-tools
PIP_COMPILE := $(PIP_TOOLS)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links
lock:
	test -x $(PIP_TOOLS)/bin/pip-compile || { $(PYTHON) -m venv $(PIP_TOOLS) && \
	  $(PIP_TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check pip-tools==7.6.2; }
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file requirements-test.txt requirements-test.in

clean:
	rm -rf site .site-build .pytest_cache
