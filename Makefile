# Two commands on a fresh machine: `make site` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site test check serve status reviewed clean browser bench linkcheck verify

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/python -m tools.publish

check: $(STAMP)
	PYTHONPATH=hooks $(BIN)/python -m citekit check mkdocs.yml

status: $(STAMP)
	PYTHONPATH=hooks $(BIN)/python -m citekit status mkdocs.yml

reviewed: $(STAMP)
	@test -n "$(PAGE)" || { echo "usage: make reviewed PAGE=docs/x.tr.md [PAGE='a.tr.md b.ru.md']"; exit 2; }
	PYTHONPATH=hooks $(BIN)/python -m citekit reviewed $(PAGE)

# --dirty: a save writes again only the pages it changes (hooks/citekit/state.py).
# ADDR=127.0.0.1:PORT picks the address; CONFIG=path/mkdocs.yml serves another site (the benchmark's).
ADDR ?= 127.0.0.1:8000
serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty --no-strict -a $(ADDR) $(if $(CONFIG),-f $(CONFIG))

# The browser tests drive Debian's Chromium (never a downloaded browser); install it when missing.
CHROMIUM ?= /usr/bin/chromium
browser:
	@test -x $(CHROMIUM) || { echo "installing Debian's chromium for the browser tests"; \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) browser
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest

# Benchmark (issue 7): a synthetic site, full build against a baseline in the same run.
bench: $(STAMP)
	$(BIN)/python -m tools.bench $(BENCH_ARGS)

# External links (opt-in, needs the network): every URL in references.bib and docs/.
linkcheck: $(STAMP)
	$(BIN)/python -m tools.linkcheck $(LINKCHECK_ARGS)

# Passages against their sources (opt-in, needs the network; SOURCES=dir reads saved copies instead).
verify: $(STAMP)
	$(BIN)/python -m tools.verify $(if $(SOURCES),--sources $(SOURCES)) $(VERIFY_ARGS)

clean:
	rm -rf site .site-build .pytest_cache
