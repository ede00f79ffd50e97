# Two commands for people: `make demo` and `make test`. Both install what is missing.
SHELL := /bin/bash
.PHONY: install build demo test bench

install:
	bash tests/scripts/install.sh

build: install
	bash tests/scripts/build.sh

demo: build
	node tests/e2e/demo.mjs

test: install
	bash tests/scripts/run-tests.sh

bench: build
	node tests/e2e/bench-load.mjs
	node tests/e2e/bench-read.mjs
