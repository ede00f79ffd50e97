# Two commands for people: `make demo` and `make test`. Both install what is missing.
SHELL := /bin/bash
.PHONY: install build demo test bench eval package

install:
	bash tests/scripts/install.sh

build: install
	bash tests/scripts/build.sh

demo: build
	node tests/e2e/demo.mjs

test: install
	bash tests/scripts/run-tests.sh

# Store zip (Chrome Web Store / Edge Add-ons), Firefox XPI (unsigned), self-hosted CRX3 +
# updates.xml, under dist/packages/. ANIMATEUR_CRX_KEY: the signing key's path (unset: a
# development key in .keys/); ANIMATEUR_UPDATE_BASE_URL: where the CRX is served.
package: build
	node tests/scripts/package.mjs

bench: build
	node tests/e2e/bench-load.mjs
	node tests/e2e/bench-read.mjs
	bash tests/eval/bench-moderation.sh

# Moderation evaluation (issue 4): Animateur vs obscenity vs rustrict on the same data,
# one table per category and language. Fetches its data by pinned version; not part
# of `make test`. Set ANIMATEUR_SHARED if shared/ is not beside the repository.
eval:
	bash tests/eval/eval.sh
