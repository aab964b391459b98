#!/usr/bin/env bash
# Browser tests of the framework site: playwright-core driving Debian's chromium against
# `rungs serve` and against the plain files `rungs site` writes (opened from file://).
#
#   e2e/run.sh PATH_TO_RUNGS                 run the tests (ctest's `e2e` test does this)
#   e2e/run.sh PATH_TO_RUNGS --screenshots   write PNGs of every page type to e2e/screenshots/
#                                            instead (make screenshots)
#
# It starts five servers on free ports (bundled frameworks; Monzo's frameworks from the corpus;
# tomwalters' forks with Monzo's as the previous version; an untrusted-text fixture; the bundled
# frameworks with `--demo`'s people, for sign-in and check-ins), builds two
# static sites, runs `node --test` over e2e/tests/, and stops and removes everything on exit.
#
# Environment:
#   RUNGS_SHARED_DIR     the shared seeds and corpus (default: ../shared beside the repository)
#   RUNGS_E2E_CHROMIUM   the browser (default /usr/bin/chromium)
#   RUNGS_E2E_TIMEOUT    seconds before the whole node run is stopped (default 600)
#   RUNGS_E2E_ONLY       run only these test files, by name ("levels search": tests/levels.test.mjs
#                        and tests/search.test.mjs)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)

die() {
  echo "e2e: $*" >&2
  exit 1
}

usage() {
  echo "usage: e2e/run.sh PATH_TO_RUNGS_BINARY [--screenshots]" >&2
  exit 2
}

(($# >= 1 && $# <= 2)) || usage
rungs=$1
mode="test"
if (($# == 2)); then
  [[ $2 == --screenshots ]] || usage
  mode=screenshots
fi

[[ -x $rungs && ! -d $rungs ]] || die "no rungs binary at $rungs (build it first: make build)"
rungs=$(cd "$(dirname "$rungs")" && pwd)/$(basename "$rungs")
shared=${RUNGS_SHARED_DIR:-$repo/../shared}
corpus=$shared/corpus/monzo-format
for dir in "$corpus/monzo" "$corpus/tomwalters"; do
  [[ -d $dir ]] || die "no corpus at $dir (put the project's shared/ folder beside the repository, or set RUNGS_SHARED_DIR)"
done
chromium_bin=${RUNGS_E2E_CHROMIUM:-/usr/bin/chromium}
[[ -x $chromium_bin ]] || die "no chromium at $chromium_bin (scripts/install-deps installs it)"
command -v node >/dev/null 2>&1 || die "node is not installed (scripts/install-deps installs it)"
[[ -d $here/node_modules/playwright-core && -d $here/node_modules/@axe-core/playwright ]] ||
  die "the browser tests' npm packages are missing: run scripts/install-deps (or: cd e2e && npm ci)"
timeout_seconds=${RUNGS_E2E_TIMEOUT:-600}
[[ $timeout_seconds =~ ^[0-9]+$ ]] || die "RUNGS_E2E_TIMEOUT must be a whole number of seconds"

# The servers must see only what this script gives them.
unset RUNGS_FRAMEWORKS RUNGS_PORT RUNGS_HOST RUNGS_DATA

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rungs-e2e.XXXXXX")
pids=()
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  local pid i
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  # Give each server up to 5 s to stop, then force it.
  for pid in "${pids[@]}"; do
    for ((i = 0; i < 50; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# start_server NAME [ARGS...]: starts `rungs serve --port 0 ARGS`; sets SERVER_URL to its base URL.
start_server() {
  local name=$1 pid url i
  shift
  "$rungs" serve --port 0 --host 127.0.0.1 --data "$tmp/data-$name" "$@" \
    >"$tmp/$name.out" 2>"$tmp/$name.err" &
  pid=$!
  pids+=("$pid")
  # A line says where it listens: "rungs: serving N frameworks on http://127.0.0.1:PORT/ ..."
  # (after the demo accounts, with --demo).
  for ((i = 0; i < 200; i++)); do
    if grep -q 'serving .* on http://127\.0\.0\.1:[0-9][0-9]*/' "$tmp/$name.out" 2>/dev/null; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      cat "$tmp/$name.err" >&2
      die "the $name server exited before it was ready"
    fi
    sleep 0.05
  done
  url=$(sed -n 's|^rungs: serving .* on \(http://127\.0\.0\.1:[0-9][0-9]*/\).*|\1|p' "$tmp/$name.out")
  if [[ -z $url ]]; then
    cat "$tmp/$name.out" "$tmp/$name.err" >&2
    die "the $name server did not print its address within 10 s"
  fi
  SERVER_URL=$url
  echo "e2e: $name: $(grep '^rungs: serving' "$tmp/$name.out")"
}

build_site() {
  local out=$1
  shift
  timeout 120 "$rungs" site --out "$out" "$@" >"$out.log" 2>&1 || {
    cat "$out.log" >&2
    die "rungs site $* failed"
  }
}

mkdir -p "$tmp/fixture"
node "$here/lib/fixture.mjs" "$tmp/fixture"

start_server bundled
export RUNGS_E2E_BUNDLED_URL=$SERVER_URL
start_server corpus --frameworks "$corpus/monzo"
export RUNGS_E2E_CORPUS_URL=$SERVER_URL
start_server changes --frameworks "$corpus/tomwalters" --previous "$corpus/monzo"
export RUNGS_E2E_CHANGES_URL=$SERVER_URL
start_server hostile --frameworks "$tmp/fixture"
export RUNGS_E2E_HOSTILE_URL=$SERVER_URL
# People, check-ins and sign-in: the demo team, whose passwords the server prints once.
start_server people --demo
export RUNGS_E2E_PEOPLE_URL=$SERVER_URL
export RUNGS_E2E_PEOPLE_ACCOUNTS=$tmp/people.out

# A new team: an empty store (no --demo) and an empty frameworks folder; the walk opens the
# setup link the server prints.
mkdir -p "$tmp/newteam-frameworks"
start_server newteam --frameworks "$tmp/newteam-frameworks"
export RUNGS_E2E_NEWTEAM_URL=$SERVER_URL
export RUNGS_E2E_NEWTEAM_OUT=$tmp/newteam.out

build_site "$tmp/site"
export RUNGS_E2E_SITE=$tmp/site
build_site "$tmp/hostile-site" --frameworks "$tmp/fixture"
export RUNGS_E2E_HOSTILE_SITE=$tmp/hostile-site
export RUNGS_E2E_CHROMIUM=$chromium_bin

cd "$here"
if [[ $mode == screenshots ]]; then
  export RUNGS_E2E_SCREENSHOTS=$here/screenshots
  mkdir -p "$RUNGS_E2E_SCREENSHOTS"
  rm -f "$RUNGS_E2E_SCREENSHOTS"/*.png
  timeout --kill-after=10 "$timeout_seconds" node "$here/lib/screenshots.mjs"
  exit
fi

tests=("$here"/tests/*.test.mjs)
if [[ -n ${RUNGS_E2E_ONLY:-} ]]; then
  tests=()
  for name in $RUNGS_E2E_ONLY; do
    [[ -f $here/tests/$name.test.mjs ]] || die "no test file e2e/tests/$name.test.mjs"
    tests+=("$here/tests/$name.test.mjs")
  done
fi
status=0
timeout --kill-after=10 "$timeout_seconds" node --test "${tests[@]}" || status=$?
if ((status == 124 || status == 137)); then
  echo "e2e: the browser tests did not finish within $timeout_seconds s" >&2
fi
exit "$status"
