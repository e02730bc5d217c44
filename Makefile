# guidebot — the two commands: `make run` and `make test`.
# Setup installs the exact versions pinned (with hashes) in requirements-dev.lock;
# `make lock` re-resolves the lock files after a change to pyproject.toml's
# dependencies (`make lock LOCK_FLAGS=--upgrade` moves every pin to its newest);
# `make readme` re-runs the commands behind README.md's example blocks and rewrites them.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
LOCK_FLAGS :=
PIP_COMPILE = $(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url \
	--no-emit-find-links $(LOCK_FLAGS) pyproject.toml

.PHONY: run test bench index setup lock readme clean

run: $(STAMP)
	@$(VENV)/bin/guidebot start

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(VENV)/bin/guidebot bench

index: $(STAMP)
	$(VENV)/bin/guidebot index build

readme: $(STAMP)
	$(PY) scripts/readme_examples.py

setup: $(STAMP)

$(VENV)/bin/python:
	python3 -m venv $(VENV)

$(STAMP): pyproject.toml $(DEV_LOCK) | $(VENV)/bin/python
	$(PY) -m pip install --quiet --require-hashes -r $(DEV_LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

lock: | $(VENV)/bin/python
	$(PY) -m pip install --quiet pip-tools
	$(PIP_COMPILE) --output-file $(LOCK)
	$(PIP_COMPILE) --extra dev --output-file $(DEV_LOCK)

clean:
	rm -rf $(VENV) index/*.sqlite*
