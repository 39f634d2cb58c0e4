# pipeline-lib.sh: what reel's pipeline scripts share (sourced, not run): messages, finding the
# tools, the kinds of SOURCE, and the exit status of a pipeline.
#
# A script sets nothing before sourcing it; `here` is the scripts' folder.

# The script's name for messages, and its usage text: the comment block at its top.
me=$(basename "$0")
usage() {
  # Installed (no Package.swift above the script), the scripts are commands of their own:
  # `scripts/read-events` reads `read-events`.
  local installed=''
  [ -f "$(dirname "$(readlink -f "$0")")/../Package.swift" ] || installed='s#scripts/##g;'
  if [ "${1:-64}" -eq 0 ]; then
    sed -n "2,/^[^#]/{/^#/{s/^# \\{0,1\\}//;${installed}p}}" "$0"
  else
    sed -n "2,/^[^#]/{/^#/{s/^# \\{0,1\\}//;${installed}p}}" "$0" >&2
  fi
  exit "${1:-64}"
}
# `tool: what` on stderr; fail exits with a status.
note() { printf '%s: %s\n' "$me" "$*" >&2; }
fail() { local status=$1; shift; note "$@"; exit "$status"; }

# The path of a tool: $REEL_BIN/NAME, else the repository's release build, else PATH.
reel_bin=${REEL_BIN:-}
if [ -z "$reel_bin" ] && [ -x "$here/../.build/release/event-detect" ]; then reel_bin=$(cd "$here/../.build/release" && pwd); fi
tool() {
  if [ -n "$reel_bin" ]; then echo "$reel_bin/$1"; return; fi
  command -v "$1" || fail 69 "$1: not found (build with make, or set REEL_BIN)"
}

# --version: reel's version, the tools' own (one version for every tool and script).
if [ "${1:-}" = --version ]; then
  "$(tool event-detect)" --version || exit 69
  exit 0
fi

# The first non-zero status among a pipeline's (pass "${PIPESTATUS[@]}"), else 0. A stage that
# stopped because a later one went away (SIGPIPE, 141) is not the cause: a later status is.
first_failure() {
  local status broken=0
  for status in "$@"; do
    if [ "$status" -eq 141 ]; then broken=141; continue; fi
    if [ "$status" -ne 0 ]; then echo "$status"; return; fi
  done
  echo "$broken"
}

# Whether PATH (a record's `path`) names a URL or a protocol (`http://...`, `concat:...`) rather
# than a local file: scripts hand only local files to ffmpeg and ffprobe.
is_url() {
  [ ! -e "$1" ] && [[ $1 =~ ^[A-Za-z][A-Za-z0-9+.-]*: ]]
}

# The WIDTHxHEIGHT of the first video stream of a local file (nothing when it has none): read
# through the file protocol only, so a record's path is never a request.
media_size() {
  local path=$1
  [ -f "$path" ] || return 0
  case $path in /*) ;; *) path=./$path ;; esac
  ffprobe -v error -protocol_whitelist file -select_streams v:0 -show_entries stream=width,height \
    -of csv=s=x:p=0 "file:$path" 2>/dev/null | awk 'NF { print; exit }'
}

# The folder name batch.mk and spark-batch give SOURCE: a file's name without its extension,
# else the source without its scheme; anything but letters, digits, dot, dash and underscore
# becomes a dash, and no name starts with a dot or dash or ends with a dash.
source_name() {
  local source=$1 name
  case $source in
    *://*|twitch-vod:*) name=$source ;;
    *) name=${source##*/}; [[ $name == ?*.* ]] && name=${name%.*} ;;
  esac
  printf '%s' "$name" | sed -E 's|^[A-Za-z][A-Za-z0-9+.-]*://||; s|[^A-Za-z0-9._]+|-|g; s|^[-.]+||; s|-+$||'
}

# Sorts out SOURCE (a video file, an HLS URL, twitch-vod:ID, twitch-channel:NAME) for a run
# writing into OUT; the rest are hls-fetch options. Sets:
#   fetch        the hls-fetch command (empty for a file)
#   reading      what read-events reads: the file, or - (segment records on stdin)
#   clip_from    clip-cut's source options: --source FILE, or none (the segment records)
classify_source() {
  local source=$1 out=$2
  shift 2
  fetch=() reading=- clip_from=()
  case $source in
    twitch-vod:*) fetch=("$(tool hls-fetch)" --twitch-vod "${source#twitch-vod:}") ;;
    twitch-channel:*) fetch=("$(tool hls-fetch)" --twitch-channel "${source#twitch-channel:}") ;;
    http://*|https://*) fetch=("$(tool hls-fetch)" "$source") ;;
    *://*) fail 64 "$source: only http(s) URLs, twitch-vod:ID and twitch-channel:NAME are fetched" ;;
    *)
      [ -f "$source" ] || fail 66 "$source: no such file"
      reading=$source clip_from=(--source "$source")
      return
      ;;
  esac
  fetch+=(--out "$out/segments" "$@")
}

# Runs the fetch of classify_source, keeping its records in OUT/segments.ndjson; nothing for a
# file.
fetch_segments() {
  local out=$1
  if [ ${#fetch[@]} -gt 0 ]; then
    "${fetch[@]}" | tee "$out/segments.ndjson"
    return "$(first_failure "${PIPESTATUS[@]}")"
  fi
}

# Splits OUT/records.ndjson (every record of a run) into events.ndjson, clips.ndjson and,
# when there are any, posts.ndjson.
split_records() {
  local out=$1 kind
  for kind in event clip post; do
    jq -c --arg type "$kind" 'select(.type == $type)' "$out/records.ndjson" > "$out/${kind}s.ndjson.part" \
      && mv "$out/${kind}s.ndjson.part" "$out/${kind}s.ndjson"
  done
  [ -s "$out/posts.ndjson" ] || rm -f "$out/posts.ndjson"
}

# Writes OUT/report.html (reel-report) from OUT/records.ndjson: SOURCE is the run's source (a
# file is handed to it; the segments of an HLS run are in the records), TITLE the page's.
write_report() {
  local out=$1 source=$2 title=$3 from=()
  [ -f "$source" ] && from=(--source "$source")
  "$here/reel-report" -o "$out/report.html" "${from[@]}" --title "$title" --quiet "$out/records.ndjson" \
    && note "report: $out/report.html"
}
