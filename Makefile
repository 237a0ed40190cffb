# `make demo` and `make test` set everything up on a fresh machine with Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test browser lint bench fuzz lexicon agents actors-layer speech-cues polnear-stream lock clean

setup: $(STAMP)

# the exact versions of requirements.lock, then newsgraph itself over them
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e '.[dev]'
	$(BIN)/python -m pip check
	touch $(STAMP)

# Newest versions the ranges of pyproject.toml allow, written to requirements.lock
# (in a scratch environment, so the working one is untouched until make setup).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet '.[dev]'
	{ sed -n '1,2p' requirements.lock; .lock-venv/bin/python -m pip freeze --exclude newsgraph \
	  | sed "s/^uvloop==\(.*\)$$/uvloop==\1; sys_platform != 'win32'/"; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .lock-venv

demo: $(STAMP)
	$(BIN)/newsgraph demo

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

# The browser tests drive Debian's chromium; install it when missing (as root, or with
# password-less sudo). Without it they are skipped, and say so.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo -n)
browser:
	@test -x /usr/bin/chromium || ! command -v apt-get >/dev/null || { \
	  echo "installing chromium for the browser tests"; \
	  $(SUDO) apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update -q >/dev/null 2>&1 && \
	    $(SUDO) apt-get install -y -q chromium chromium-driver >/dev/null 2>&1; } || \
	  echo "note: could not install chromium; the browser tests will be skipped"; }

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/linking.py
	$(BIN)/python benchmarks/serve_load.py

# The long fuzz run (about 10,000 cases, several minutes): results in RELIABILITY.md.
fuzz: $(STAMP)
	NEWSGRAPH_FUZZ=long $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py

# Rebuild the CAMEO verb lexicon from PETRARCH2's dictionary (MIT) and our review of it.
lexicon:
	$(PYTHON) scripts/convert_cameo_verbs.py

# Rebuild the generic agent words from the PLOVER and Phoenix agents dictionaries (MIT),
# our review of them and the hand-written agents.jsonl, which wins for its own words.
agents:
	$(PYTHON) scripts/convert_agents.py

# Rebuild the historical actor layer from PETRARCH2's Phoenix actor dictionaries (MIT);
# the hand-written actor files win for any actor both have.
actors-layer:
	$(PYTHON) scripts/convert_phoenix_actors.py

# Re-measure the cue words of statements on the tune half of PolNeAR's train split
# (../shared/data/polnear, read in place; only lemma counts are written).
speech-cues: $(STAMP)
	$(BIN)/python scripts/derive_speech_cues.py --report

# PolNeAR's articles as a dated stream for the linking audit (evaluation data: outside
# the repository); then: newsgraph ingest /tmp/polnear_stream.jsonl --db /tmp/pn.duckdb
polnear-stream: $(STAMP)
	$(BIN)/python scripts/polnear_stream.py ../shared/data/polnear/train.jsonl \
		/tmp/polnear_stream.jsonl

clean:
	rm -rf $(VENV) .pytest_cache build src/*.egg-info
