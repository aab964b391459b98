#!/usr/bin/env bash
# Runs every fuzz target. `run.sh BUILD short` is the deterministic run that `make test` does
# (-seed=1, a fixed number of runs, seeded from the shared corpus and the bundled frameworks);
# `run.sh BUILD long SECONDS` fuzzes each target for SECONDS and keeps what it learns in
# fuzz/corpus-work/ (FUZZ_TARGETS picks targets; FUZZ_TIMEOUT, default 10 s, is the per-input
# limit: raise it on a loaded machine).
set -euo pipefail
build=$1
mode=${2:-short}
seconds=${3:-300}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
shared=${RUNGS_SHARED_DIR:-$repo/../shared}
targets=${FUZZ_TARGETS:-"monzo matrix json case events events_differential mapped mapping mapping_draft multipart csv"}

seed_dir() {
  local target=$1 dir
  dir=$(mktemp -d)
  case $target in
    monzo) cp "$shared"/corpus/monzo-format/monzo/*.md "$shared"/seeds/001_*.txt "$here"/seeds/*.md "$dir"/ ;;
    matrix) cp "$shared"/seeds/000_*.txt "$repo"/frameworks/*.tsv "$dir"/ ;;
    # Exports of a small framework: libFuzzer cuts inputs at -max_len, and a cut JSON file only
    # exercises the syntax-error path.
    events | events_differential) cp "$here"/seeds/events*.csv "$dir"/ ;;
    mapped) cp "$here"/seeds/mapped_*.csv "$dir"/ ;;
    csv) cp "$here"/seeds/mapped_*.csv "$here"/seeds/draft_*.csv "$dir"/ ;;
    mapping) cp "$here"/seeds/mapping_*.yaml "$dir"/ ;;
    # The first byte of each picks the sample limits (a space: the defaults).
    mapping_draft) cp "$here"/seeds/draft_*.csv "$dir"/ ;;
    multipart) cp "$here"/seeds/multipart_*.txt "$dir"/ ;;
    json | case)
      "$repo"/build/rungs export --format "$target" "$here/seeds/small.md" >"$dir/small.json" 2>/dev/null || true ;;
  esac
  echo "$dir"
}

status=0
for target in $targets; do
  seeds=$(seed_dir "$target")
  if [ "$mode" = short ]; then
    # A generous per-input timeout: a loaded CI machine must not report a hang that is not one
    # (every input here runs in well under a second alone).
    if ! "$build/fuzz/fuzz_$target" -seed=1 -runs="${FUZZ_RUNS:-20000}" -max_len=65536 -timeout=60 \
        -rss_limit_mb=2048 "$seeds" >"$seeds.log" 2>&1; then
      tail -40 "$seeds.log"
      status=1
    fi
    echo "fuzz_$target: $(grep -Eo 'Done [0-9]+ runs in [0-9]+ second\(s\)' "$seeds.log" || echo failed)"
  else
    work="$repo/fuzz/corpus-work/$target"
    mkdir -p "$work"
    # Crashes and timeouts are written beside the corpus, not into the current directory.
    "$build/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-10}" \
      -rss_limit_mb=2048 -artifact_prefix="$repo/fuzz/corpus-work/" "$work" "$seeds" || status=1
  fi
  rm -rf "$seeds" "$seeds.log"
done
exit $status
