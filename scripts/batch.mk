# batch.mk: reel over many sources with make: one folder per source, every stage's records kept,
# a rerun redoing only what changed or failed, -j running sources side by side.
#
#   make -f scripts/batch.mk SOURCES="vod1.ts vod2.mp4 https://host/vod/index.m3u8 twitch-vod:123" -j2 -k
#
# A source is a video file, an HLS URL or twitch-vod:ID (no spaces: make splits on them). Each
# gets OUT/NAME/ (NAME: a file's name without its extension, a URL without its scheme, made safe):
#   source           the source as given
#   profile.json     the profile the stages read (event-detect --print-profile PROFILE), and
#   sampling.json,   its parts the sampling and the reading depend on; each rewritten only when
#   reading.json     it changes, so a changed profile redoes only the stages it concerns (new
#                    clip windows: the events and clips; new crops: everything from the frames)
#   segments.ndjson  hls-fetch's segment records (URLs; the files in segments/)
#   frames.ndjson    frame-sample's frame records (the crops in frames/)
#   readings.ndjson  the frames read: ocr-frame (and skull-find, digit-classify for br)
#   events.ndjson    event-detect's events
#   clips.ndjson     clip-cut's clip records, one per event of CLIP_KINDS (the clips in clips/)
#   report.html      reel-report's page of the events and clips, with thumbnails (from the file,
#                    or from the segments)
# Each file is written under NAME.part and renamed when its stage succeeded, so a stage that
# failed (a download with gaps: hls-fetch exit 69, a damaged file, ...) is run again by the next
# make, and one that succeeded is not; hls-fetch resumes, clip-cut reuses complete clips.
#
# Variables: SOURCES; PROFILE (br, football or a file; default br); OUT (default batch);
# CLIP_KINDS (default "match goal"); FETCH (more hls-fetch options, e.g. --quality 720p60);
# CLIP (more clip-cut options, e.g. --accurate); REPORT (no: no report.html); REEL_BIN (the
# tools: default the repository's release build, else PATH).
# Targets: all (default), NAME (one source), report (a line per source), list (the folders),
# clean (OUT).

SHELL := bash
.SHELLFLAGS := -eo pipefail -c
.DELETE_ON_ERROR:
.SUFFIXES:

SOURCES ?=
PROFILE ?= br
OUT ?= batch
CLIP_KINDS ?= match goal
FETCH ?=
CLIP ?=
REPORT ?= yes

scripts := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
REEL_BIN ?= $(shell if [ -x $(scripts)/../.build/release/event-detect ]; then cd $(scripts)/../.build/release && pwd; fi)
tool = $(if $(REEL_BIN),$(REEL_BIN)/$(1),$(1))
read_events := REEL_BIN=$(REEL_BIN) $(scripts)/read-events
reel_report := REEL_BIN=$(REEL_BIN) $(scripts)/reel-report
# The last stage of a source: its page, or its clips.
last := $(if $(filter no,$(REPORT)),clips.ndjson,report.html)

# The folder name of a source (pipeline-lib.sh's source_name, as spark-batch names it): a file's
# name without extension, else the source without its scheme; anything but letters, digits,
# dot, dash and underscore becomes a dash.
remote = $(or $(findstring ://,$(1)),$(filter twitch-vod:%,$(1)))
name = $(shell here=$(scripts) bash -c 's=$$1; set --; . "$$here/pipeline-lib.sh" && source_name "$$s"' source-name '$(1)')
names := $(foreach s,$(SOURCES),$(call name,$(s)))

.PHONY: all report list clean FORCE $(names)
all: $(foreach n,$(names),$(OUT)/$(n)/$(last))

ifneq ($(words $(names)),$(words $(sort $(names))))
$(error two sources give the same folder name: $(names))
endif

# The end of a recipe writing $@.part: keeps $@ (and its mtime) when nothing changed.
replace_if_changed = if cmp -s $@.part $@; then rm $@.part; else mv $@.part $@; fi

# The rules of one source: $(1) the source, $(2) its folder.
define source_rules
$(notdir $(2)): $(2)/$(last)

$(2)/source:
	mkdir -p $(2)
	printf '%s\n' '$(1)' > $$@

# Rewritten only when the profile changes, so that its mtime says when it did.
$(2)/profile.json: FORCE | $(2)/source
	@$(call tool,event-detect) --profile $(PROFILE) --print-profile > $$@.part
	@$$(replace_if_changed)

$(2)/sampling.json: $(2)/profile.json
	@jq -c '{kind, crops, sampling}' $$< > $$@.part
	@$$(replace_if_changed)

$(2)/reading.json: $(2)/profile.json
	@jq -c '{kind, ocr}' $$< > $$@.part
	@$$(replace_if_changed)

ifneq ($(call remote,$(1)),)
$(2)/segments.ndjson: | $(2)/source
	$(call tool,hls-fetch) $(if $(filter twitch-vod:%,$(1)),--twitch-vod $(patsubst twitch-vod:%,%,$(1)),'$(1)') \
	  --out $(2)/segments $(FETCH) > $$@.part
	mv $$@.part $$@

$(2)/frames.ndjson: $(2)/sampling.json $(2)/segments.ndjson
	$(read_events) --stage sample $(2)/profile.json - $(2)/frames < $(2)/segments.ndjson \
	  | jq -c 'select(.type == "frame")' > $$@.part
	mv $$@.part $$@

$(2)/clips.ndjson: $(2)/events.ndjson $(2)/segments.ndjson
	$(call tool,clip-cut) --segments $(2)/segments.ndjson $(foreach k,$(CLIP_KINDS),--kind $(k)) \
	  --out $(2)/clips $(CLIP) --quiet < $(2)/events.ndjson | jq -c 'select(.type == "clip")' > $$@.part
	mv $$@.part $$@

# The thumbnails come from the segments' files.
$(2)/report.html: $(2)/events.ndjson $(2)/clips.ndjson $(2)/segments.ndjson
	$(reel_report) -o $$@ --title 'reel: $(1)' --quiet $(2)/segments.ndjson $(2)/events.ndjson $(2)/clips.ndjson
else
$(2)/frames.ndjson: $(2)/sampling.json $(1)
	$(read_events) --stage sample $(2)/profile.json '$(1)' $(2)/frames > $$@.part
	mv $$@.part $$@

$(2)/clips.ndjson: $(2)/events.ndjson $(1)
	$(call tool,clip-cut) --source '$(1)' $(foreach k,$(CLIP_KINDS),--kind $(k)) \
	  --out $(2)/clips $(CLIP) --quiet < $(2)/events.ndjson | jq -c 'select(.type == "clip")' > $$@.part
	mv $$@.part $$@

$(2)/report.html: $(2)/events.ndjson $(2)/clips.ndjson $(1)
	$(reel_report) -o $$@ --source '$(1)' --title 'reel: $(1)' --quiet $(2)/events.ndjson $(2)/clips.ndjson
endif

$(2)/readings.ndjson: $(2)/frames.ndjson $(2)/reading.json
	$(read_events) --stage read $(2)/profile.json < $(2)/frames.ndjson > $$@.part
	mv $$@.part $$@

$(2)/events.ndjson: $(2)/readings.ndjson $(2)/profile.json
	$(read_events) --stage detect $(2)/profile.json < $(2)/readings.ndjson \
	  | jq -c 'select(.type == "event")' > $$@.part
	mv $$@.part $$@
endef

$(foreach s,$(SOURCES),$(eval $(call source_rules,$(s),$(OUT)/$(call name,$(s)))))

report:
	@for n in $(names); do \
	  d=$(OUT)/$$n; \
	  if [ -f $$d/clips.ndjson ]; then state=done; elif [ -d $$d ]; then state=unfinished; else state='not started'; fi; \
	  printf '%-32s %-11s %s\n' "$$n" "$$state" "$$( [ -f $$d/events.ndjson ] && jq -rs \
	    '(map(select(.kind == "match" and (.partial | not))) | length | tostring) + " matches, " + (map(select(.kind == "goal")) | length | tostring) + " goals"' $$d/events.ndjson)$$( [ -f $$d/clips.ndjson ] && jq -rs '", " + (length | tostring) + " clips"' $$d/clips.ndjson)"; \
	done

list:
	@printf '%s\n' $(foreach n,$(names),$(OUT)/$(n))

clean:
	rm -rf $(OUT)

FORCE:
