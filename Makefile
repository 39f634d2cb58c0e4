# reel: `make` builds the tools (release), `make test` runs every test, `make demo` shows reel
# at work, `make install PREFIX=/usr/local` installs the tools, the pipeline scripts and the
# man pages (batch runs: `make -f scripts/batch.mk`, see its header).

PREFIX ?= /usr/local
SWIFT ?= swift
# The executables, as they are added.
TOOLS := hls-fetch frame-sample ocr-frame skull-find digit-classify event-detect clip-cut compile-clips hook-post \
  clip-find clip-bin clip-review
# The pipeline scripts, installed to PREFIX/lib/reel with links in PREFIX/bin.
PIPELINES := br-best-match football-goals compilation read-events
MAN1 := $(wildcard man/*.1)
MAN5 := $(wildcard man/*.5)

.PHONY: all build deps test demo install clean

all: build

build:
	$(SWIFT) build -c release

deps:
	scripts/install-deps

# Unit tests of the libraries and end-to-end tests that run the built tools and scripts.
test:
	scripts/install-deps --test
	$(SWIFT) build --build-tests
	REEL_BIN="$$($(SWIFT) build --show-bin-path)" $(SWIFT) test

# The demo builds the tools itself, while its live streams run.
demo: deps
	scripts/demo

install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man5
	bin="$$($(SWIFT) build -c release --show-bin-path)"; \
	for tool in $(TOOLS); do install -m 755 "$$bin/$$tool" $(DESTDIR)$(PREFIX)/bin/; done
	install -d $(DESTDIR)$(PREFIX)/lib/reel
	install -m 755 $(addprefix scripts/,$(PIPELINES)) $(DESTDIR)$(PREFIX)/lib/reel/
	install -m 644 scripts/pipeline-lib.sh scripts/batch.mk $(DESTDIR)$(PREFIX)/lib/reel/
	for script in $(PIPELINES); do ln -sf ../lib/reel/$$script $(DESTDIR)$(PREFIX)/bin/$$script; done
	$(if $(MAN1),install -m 644 $(MAN1) $(DESTDIR)$(PREFIX)/share/man/man1/)
	$(if $(MAN5),install -m 644 $(MAN5) $(DESTDIR)$(PREFIX)/share/man/man5/)

clean:
	rm -rf .build out
