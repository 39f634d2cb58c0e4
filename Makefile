# reel: `make` builds the tools (release), `make test` runs every test, `make check` the
# libraries' unit tests alone (a loop of seconds while changing code), `make demo` shows reel
# at work, `make fuzz` fuzzes the parsers and the tools (`make fuzz FUZZ_SECONDS=1800`: each
# libFuzzer target and the record fuzzer for that long). Batch runs: `make -f scripts/batch.mk`,
# see its header.
#
# `make install PREFIX=/usr/local` (DESTDIR=DIR: into a staging folder) installs the tools, the
# digit weights (PREFIX/share/reel, where the tools look: ../share/reel from their folder), the
# pipeline scripts, the man pages and shell completions: bash's in
# PREFIX/share/bash-completion/completions (the tools' and the scripts'), zsh's in
# PREFIX/share/zsh/site-functions and fish's in PREFIX/share/fish/vendor_completions.d (the
# tools', each written by the built tool itself). `make uninstall` with the same PREFIX and
# DESTDIR removes those files and nothing else. `make install-files BIN=DIR` installs tools
# already built in DIR (install builds them in release and gives that folder).

PREFIX ?= /usr/local
SWIFT ?= swift
# The executables, as they are added.
TOOLS := hls-fetch frame-sample ocr-frame skull-find digit-classify event-detect clip-cut compile-clips hook-post \
  clip-find clip-bin clip-review records-pub bus-lease
# The pipeline scripts (and reel-report, which they run), installed to PREFIX/lib/reel with links
# in PREFIX/bin; spark-batch's driver and task in PREFIX/lib/reel/spark.
PIPELINES := br-best-match football-goals compilation read-events reel-report spark-batch reel-watch
SPARK_FILES := job.py spark-task log4j2.properties
# The digit classifier's weights and their checksum (ReelHUD's resources), in PREFIX/share/reel.
WEIGHTS := digits.weights digits.weights.sha256
# Fuzzing: seconds per target for `make fuzz`, and for the short run at the end of `make test`;
# the tools the record fuzzer drives in `make test` (the readers join once their rewrite lands).
FUZZ_SECONDS ?= 600
FUZZ_TEST_SECONDS ?= 5
FUZZ_RECORDS_TEST_SECONDS ?= 30
FUZZ_RECORD_TOOLS ?= hls-fetch,frame-sample,event-detect,clip-cut,compile-clips,hook-post,clip-find,clip-bin,clip-review
MAN1 := $(wildcard man/*.1)
MAN5 := $(wildcard man/*.5)
MAN7 := $(wildcard man/*.7)
# Where the shell completions go: the folders bash-completion, zsh and fish look in (set them on
# the command line, for install and uninstall alike, for others: Debian's zsh reads
# /usr/share/zsh/vendor-completions, not /usr/share/zsh/site-functions).
BASH_COMPLETIONS = $(PREFIX)/share/bash-completion/completions
ZSH_COMPLETIONS = $(PREFIX)/share/zsh/site-functions
FISH_COMPLETIONS = $(PREFIX)/share/fish/vendor_completions.d

.PHONY: all build deps test check fuzz demo install install-files uninstall clean

all: build

build:
	$(SWIFT) build -c release

deps:
	scripts/install-deps

# The libraries' unit tests and the commands run in process (no tool run end to end, no
# stream generated): under a minute.
UNIT_TESTS := ReelCoreTests|ReelCLITests|ReelCommandsTests|ReelVisionTests|ReelEventsTests|ReelHUDTests|ReelNetTests|ReelOCRTests|ReelMediaTests
check:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --filter '^($(UNIT_TESTS))\.'

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
	$(MAKE) install-files BIN="$$($(SWIFT) build -c release --show-bin-path)"

# The tools built in BIN, their completions (each tool writes its own:
# --generate-completion-script), the digit weights from ReelHUD's resource bundle in BIN, the
# pipeline scripts with their bash completion, the man pages.
install-files:
	@test -n "$(BIN)" || { echo 'install-files: BIN=DIR, the folder of the built tools' >&2; exit 64; }
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man5 \
	  $(DESTDIR)$(PREFIX)/share/man/man7 $(DESTDIR)$(BASH_COMPLETIONS) $(DESTDIR)$(ZSH_COMPLETIONS) \
	  $(DESTDIR)$(FISH_COMPLETIONS)
	for tool in $(TOOLS); do \
	  install -m 755 "$(BIN)/$$tool" $(DESTDIR)$(PREFIX)/bin/ && \
	  "$(BIN)/$$tool" --generate-completion-script bash > $(DESTDIR)$(BASH_COMPLETIONS)/$$tool && \
	  "$(BIN)/$$tool" --generate-completion-script zsh > $(DESTDIR)$(ZSH_COMPLETIONS)/_$$tool && \
	  "$(BIN)/$$tool" --generate-completion-script fish > $(DESTDIR)$(FISH_COMPLETIONS)/$$tool.fish || exit 1; \
	done
	install -d $(DESTDIR)$(PREFIX)/share/reel
	install -m 644 $(addprefix "$(BIN)"/reel_ReelHUD.resources/,$(WEIGHTS)) $(DESTDIR)$(PREFIX)/share/reel/
	install -d $(DESTDIR)$(PREFIX)/lib/reel
	install -m 755 $(addprefix scripts/,$(PIPELINES)) $(DESTDIR)$(PREFIX)/lib/reel/
	install -m 644 scripts/pipeline-lib.sh scripts/batch.mk $(DESTDIR)$(PREFIX)/lib/reel/
	install -d $(DESTDIR)$(PREFIX)/lib/reel/spark
	install -m 644 scripts/spark/job.py scripts/spark/log4j2.properties $(DESTDIR)$(PREFIX)/lib/reel/spark/
	install -m 755 scripts/spark/spark-task $(DESTDIR)$(PREFIX)/lib/reel/spark/
	for script in $(PIPELINES); do \
	  ln -sf ../lib/reel/$$script $(DESTDIR)$(PREFIX)/bin/$$script && \
	  install -m 644 scripts/completions/reel-scripts.bash $(DESTDIR)$(BASH_COMPLETIONS)/$$script || exit 1; \
	done
	$(if $(MAN1),install -m 644 $(MAN1) $(DESTDIR)$(PREFIX)/share/man/man1/)
	$(if $(MAN5),install -m 644 $(MAN5) $(DESTDIR)$(PREFIX)/share/man/man5/)
	$(if $(MAN7),install -m 644 $(MAN7) $(DESTDIR)$(PREFIX)/share/man/man7/)

# What install put in place, by name; folders stay, but for PREFIX/lib/reel once it is empty.
uninstall:
	for tool in $(TOOLS); do \
	  rm -f $(DESTDIR)$(PREFIX)/bin/$$tool $(DESTDIR)$(BASH_COMPLETIONS)/$$tool $(DESTDIR)$(ZSH_COMPLETIONS)/_$$tool \
	    $(DESTDIR)$(FISH_COMPLETIONS)/$$tool.fish || exit 1; \
	done
	for script in $(PIPELINES); do \
	  rm -f $(DESTDIR)$(PREFIX)/bin/$$script $(DESTDIR)$(BASH_COMPLETIONS)/$$script || exit 1; \
	done
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/share/reel/,$(WEIGHTS))
	rmdir $(DESTDIR)$(PREFIX)/share/reel 2>/dev/null || true
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/lib/reel/,$(PIPELINES) pipeline-lib.sh batch.mk)
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/lib/reel/spark/,$(SPARK_FILES))
	rmdir $(DESTDIR)$(PREFIX)/lib/reel/spark 2>/dev/null || true
	rmdir $(DESTDIR)$(PREFIX)/lib/reel 2>/dev/null || true
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/share/man/man1/,$(notdir $(MAN1))) \
	  $(addprefix $(DESTDIR)$(PREFIX)/share/man/man5/,$(notdir $(MAN5))) \
	  $(addprefix $(DESTDIR)$(PREFIX)/share/man/man7/,$(notdir $(MAN7)))

clean:
	rm -rf .build .build-fuzz out
