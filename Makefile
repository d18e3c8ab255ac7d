# Two commands do all the set-up on a fresh machine:
#   make serve   build the site from stories/ and serve it at http://127.0.0.1:8000, reloading on edits
#   make check   the unit and build tests: Python only (no Chromium, Java, network or sudo), on Linux or macOS
#   make test    run every test: unit, build, HTML checker and headless-Chromium browser tests (what CI runs)
# Python packages come from requirements/lock.txt (make lock rewrites it; see CONTRIBUTING.md).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements/lock.txt
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Material 9.7 and later print a banner (MkDocs 2.0, end of life) on every build; this site stays on MkDocs 1.6.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test validate lock new-story benchmark compare-build lighthouse first-visit vendor chromium java clean

serve: $(VENV)/.installed
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# Pinned to the last commit's time, so building one commit twice gives byte-identical files
# (that time is also the "today" that decides which scheduled stories are published; set
# SOURCE_DATE_EPOCH=$$(date +%s) to publish by today's date instead).
build: $(VENV)/.installed
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || date +%s)} \
	  $(BIN)/mkdocs build --strict

# Marks (pyproject.toml): browser needs Chromium, vnu Java, npm node_modules/, network PyPI.
# One worker per core; a file's tests stay on one worker, so each module's own build is made once.
check: $(VENV)/.installed
	$(BIN)/python -m pytest -m "not browser and not vnu and not npm and not network" -n auto --dist loadfile

test: $(VENV)/.installed java node_modules/.installed chromium
	$(BIN)/python -m pytest

validate: $(VENV)/.installed
	$(BIN)/python scripts/validate.py

# make new-story NAME=my-story-name
new-story: $(VENV)/.installed
	$(BIN)/python scripts/new_story.py "$(NAME)"

# The benchmarks (bench/README.md has their figures, one dated table per measurement; each
# script rewrites its own tables there). Build time at the real stories, 1,000 and 10,000 beside
# Material's blog and bare Material, and the preview at 300 stories (about 15 minutes).
benchmark: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/scale.py

# Lighthouse mobile on every page type at the real stories and 1,000 synthetic ones, beside
# Material's blog; installs the pinned Lighthouse into .cache/lighthouse/ (make test never does).
lighthouse: $(VENV)/.installed chromium
	$(BIN)/python bench/lighthouse.py

# Bytes the server sends for a first visit to each page type, at the real stories, 1,000 and 3,000
# beside Material's blog, and a reader's first search at 3,000.
first-visit: $(VENV)/.installed chromium
	$(BIN)/python bench/first_visit.py

# Build REF (default HEAD) and the working tree with one SOURCE_DATE_EPOCH; list every file that
# differs. For refactorings that must not change the site: make compare-build REF=main
compare-build: $(VENV)/.installed
	$(BIN)/python scripts/compare_builds.py $(REF)

# Copy Leaflet and its plugin from node_modules into docs/assets/vendor (see README).
vendor: node_modules/.installed
	$(BIN)/python scripts/vendor_assets.py

# Every package comes from the lock, each file checked against its hash; then this checkout itself,
# whose dependencies the lock already holds. No build isolation, so nothing unhashed is fetched to
# build a package (the venv's own setuptools builds the one sdist, sgmllib3k). A changed lock
# rebuilds the venv from empty, so a package taken out of the lock goes too.
$(VENV)/.installed: $(LOCK) pyproject.toml
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-build-isolation -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Recompile the lock from pyproject.toml: its pins, the test extra and what building needs, every
# file's hash, for Python 3.11. Versions already in the lock are kept unless a pin moved; to take
# newer versions of everything the pins pull in: make lock UPGRADE=1. (Dependabot reruns this same
# pip-compile command, read from the lock's header.)
lock: $(VENV)/.installed
	$(BIN)/pip-compile --quiet $(if $(UPGRADE),--upgrade) --extra=test --all-build-deps --generate-hashes \
	  --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --newline=LF \
	  --output-file=$(LOCK) pyproject.toml

node_modules/.installed: package.json package-lock.json
	# --ignore-scripts: vnu-jar's install script would download a Java from GitHub; `make java` installs Debian's.
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# Browser tests drive Debian's Chromium (Playwright's own browser download is not used).
chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }

# The HTML validity test runs the Nu HTML Checker (node_modules/vnu-jar), which needs Java.
java:
	@command -v java >/dev/null 2>&1 || { $(SUDO) apt-get update && $(SUDO) apt-get install -y default-jre-headless; }

clean:
	rm -rf site .cache .pytest_cache
