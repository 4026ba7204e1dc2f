# One-command set-up and build. `make video` builds the film, `make test` runs every check.
# Both first install what is missing: Debian packages for Cairo/Pango, a virtual environment
# in .venv, and this project in editable mode (so `manim scenes/chNN_*.py Scene` finds the
# theme from any directory).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# pycairo and manimpango compile against Cairo and Pango: their headers, pkg-config to find
# them, and a C compiler. Chromium: the browser the watch page's tests drive (through
# Playwright, which downloads no browser of its own).
SYSTEM_PACKAGES := libcairo2-dev libpango1.0-dev pkg-config gcc libc6-dev chromium
QUALITY ?= h
CHAPTER ?=

.PHONY: setup system-deps video test lint preview list script refresh-frames clean

# system-deps each time too (a dpkg query a package): a package removed after set-up comes back.
setup: system-deps $(STAMP)

system-deps:
	@missing=""; \
	if command -v dpkg >/dev/null 2>&1; then \
	  for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  $(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || missing="$$missing python3-venv"; \
	  $(PYTHON) -c 'import sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
	    || missing="$$missing python3-dev"; \
	else \
	  echo "No dpkg: install Cairo and Pango development headers and pkg-config yourself."; \
	fi; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

video: $(STAMP)
	$(BIN)/python render.py --quality $(QUALITY)

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

# make preview CHAPTER=Intro   (class name or module stem; low quality, fast)
preview: $(STAMP)
	@test -n "$(CHAPTER)" || { echo "usage: make preview CHAPTER=<name>  (see: make list)"; exit 2; }
	$(BIN)/python render.py --quality l --chapters $(CHAPTER) --output build/preview-$(CHAPTER).mp4

# Rewrite tests/reference_frames/ after an intended visual change; review the PNGs in git.
refresh-frames: $(STAMP)
	$(BIN)/python -m checks.frames --refresh

list: $(STAMP)
	$(BIN)/python render.py --list

# The narration, in film order (nothing is synthesized)
script: $(STAMP)
	$(BIN)/python render.py --script

clean:
	rm -rf build media
