# reel: `make` builds the tools (release), `make test` runs every test, `make demo` shows reel
# at work, `make install PREFIX=/usr/local` installs the tools, the pipeline scripts and the
# man pages (batch runs: `make -f scripts/batch.mk`, see its header), `make fuzz` fuzzes the
# parsers and the tools (`make fuzz FUZZ_SECONDS=1800`: each libFuzzer target and the record
# fuzzer for that long).

PREFIX ?= /usr/local
SWIFT ?= swift
# The executables, as they are added.
TOOLS := hls-fetch frame-sample ocr-frame skull-find digit-classify event-detect clip-cut compile-clips hook-post \
  clip-find clip-bin clip-review
# The pipeline scripts (and reel-report, which they run), installed to PREFIX/lib/reel with links
# in PREFIX/bin.
PIPELINES := br-best-match football-goals compilation read-events reel-report
# Fuzzing: seconds per target for `make fuzz`, and for the short run at the end of `make test`;
# the tools the record fuzzer drives in `make test` (the readers join once their rewrite lands).
FUZZ_SECONDS ?= 600
FUZZ_TEST_SECONDS ?= 5
FUZZ_RECORDS_TEST_SECONDS ?= 30
FUZZ_RECORD_TOOLS ?= hls-fetch,frame-sample,event-detect,clip-cut,compile-clips,hook-post,clip-find,clip-bin,clip-review
MAN1 := $(wildcard man/*.1)
MAN5 := $(wildcard man/*.5)
MAN7 := $(wildcard man/*.7)

.PHONY: all build deps test fuzz demo install clean

all: build

build:
	$(SWIFT) build -c release

deps:
	scripts/install-deps

# Unit tests of the libraries and end-to-end tests that run the built tools and scripts.
# Then a few seconds of each libFuzzer target (built apart, with the sanitizers, in
# .build-fuzz) and of the record fuzzer (seeded: the same cases every time).
test:
	scripts/install-deps --test
	$(SWIFT) build --build-tests
	REEL_BIN="$$($(SWIFT) build --show-bin-path)" $(SWIFT) test
	scripts/fuzz --seconds $(FUZZ_TEST_SECONDS)
	REEL_BIN="$$($(SWIFT) build --show-bin-path)" scripts/fuzz-records --seconds $(FUZZ_RECORDS_TEST_SECONDS) --seed 1 \
	  --tools $(FUZZ_RECORD_TOOLS)

# libFuzzer on the parsers (JSON, playlists, PNM, profiles), then the record fuzzer on every
# tool, FUZZ_SECONDS each; findings stay in .build-fuzz/artifacts and .build/fuzz-records.
fuzz:
	scripts/install-deps --test
	$(SWIFT) build
	scripts/fuzz --seconds $(FUZZ_SECONDS)
	REEL_BIN="$$($(SWIFT) build --show-bin-path)" scripts/fuzz-records --seconds $(FUZZ_SECONDS)

# The demo builds the tools itself, while its live streams run.
demo: deps
	scripts/demo

install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man5 \
	  $(DESTDIR)$(PREFIX)/share/man/man7
	bin="$$($(SWIFT) build -c release --show-bin-path)"; \
	for tool in $(TOOLS); do install -m 755 "$$bin/$$tool" $(DESTDIR)$(PREFIX)/bin/; done
	install -d $(DESTDIR)$(PREFIX)/lib/reel
	install -m 755 $(addprefix scripts/,$(PIPELINES)) $(DESTDIR)$(PREFIX)/lib/reel/
	install -m 644 scripts/pipeline-lib.sh scripts/batch.mk $(DESTDIR)$(PREFIX)/lib/reel/
	for script in $(PIPELINES); do ln -sf ../lib/reel/$$script $(DESTDIR)$(PREFIX)/bin/$$script; done
	$(if $(MAN1),install -m 644 $(MAN1) $(DESTDIR)$(PREFIX)/share/man/man1/)
	$(if $(MAN5),install -m 644 $(MAN5) $(DESTDIR)$(PREFIX)/share/man/man5/)
	$(if $(MAN7),install -m 644 $(MAN7) $(DESTDIR)$(PREFIX)/share/man/man7/)

clean:
	rm -rf .build .build-fuzz out
