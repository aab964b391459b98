#!/usr/bin/env bash
# People benchmark: 10,000 people x 50 criteria x 12 agreed check-ins in a real SQLite store
# (build/people_seed writes them through the Store and times level computation for everyone and
# one team page), then wrk against `rungs serve` on that store: a person's page (HTML, session
# cookie), 2,000 different people's pages in turn (an admin's session; most not cached), and a
# standing from the JSON API (bearer token), and a lead's team views (/team, /team/heatmap,
# /team/trends over 200 people and their 4 managers), with a pre-rendered framework page from the
# same server as the baseline in the same run.
#
#   bench/people_bench.sh [BUILD_DIR]        (make bench runs it with build/)
#
# Environment:
#   BENCH_PEOPLE     people to seed (default 10000); BENCH_CHECKINS check-ins each (default 12)
#   BENCH_SECONDS    length of each wrk run (default 10)
#   BENCH_DB_DIR     where the seeded store is kept between runs (default BUILD_DIR/bench-people):
#                    seeding 10,000 people takes a few minutes, so it is done once
#
# Targets: every person's rung in under 1 s (people_seed prints PASS/FAIL), and p99 under 20 ms
# at 16 connections on the person page and on each team view. A missed target prints FAIL; the exit code is 0 unless
# the benchmark cannot run.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
build=${1:-$repo/build}
build=$(cd "$build" && pwd)
people=${BENCH_PEOPLE:-10000}
checkins=${BENCH_CHECKINS:-12}
seconds=${BENCH_SECONDS:-10}
frameworks=$repo/../shared/corpus/monzo-format/monzo
framework=engineering/backend   # 50 and more criteria from Monzo's backend framework
db_dir=${BENCH_DB_DIR:-$build/bench-people}/$people-$checkins

die() {
  echo "people_bench: $*" >&2
  exit 1
}
[[ -x $build/people_seed && -x $build/rungs ]] || die "build first: make build"
[[ -d $frameworks ]] || die "no corpus at $frameworks (put shared/ beside the repository)"
command -v wrk >/dev/null || die "wrk is not installed (scripts/install-deps installs it)"

mkdir -p "$db_dir"
echo "people_bench: seeding or reusing $db_dir/rungs.db ($people people, $checkins check-ins each)" >&2
"$build/people_seed" "$db_dir/rungs.db" "$frameworks" "$framework" "$people" "$checkins" \
  >"$db_dir/seed.out"
grep -v -E '^(session|token|person|admin_session|lead_session|spread) ' "$db_dir/seed.out"
session=$(awk '$1 == "session" { print $2 }' "$db_dir/seed.out")
admin_session=$(awk '$1 == "admin_session" { print $2 }' "$db_dir/seed.out")
lead_session=$(awk '$1 == "lead_session" { print $2 }' "$db_dir/seed.out")
people_ids=$(awk '$1 == "spread" { $1 = ""; print }' "$db_dir/seed.out")
token=$(awk '$1 == "token" { print $2 }' "$db_dir/seed.out")
person=$(awk '$1 == "person" { print $2 }' "$db_dir/seed.out")

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rungs-people-bench.XXXXXX")
pid=""
cleanup() {
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
"$build/rungs" serve --host 127.0.0.1 --port 0 --frameworks "$frameworks" --data "$db_dir" \
  >"$tmp/out" 2>"$tmp/err" &
pid=$!
port=""
for _ in $(seq 300); do
  port=$(sed -n 's|^rungs: serving .* on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/out")
  [[ -n $port ]] && break
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/err" >&2; die "rungs serve did not start"; }
  sleep 0.1
done
base=http://127.0.0.1:$port
cookie="Cookie: rungs_session=$session"
bearer="Authorization: Bearer $token"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "$cookie" "$base/people/$person")
[[ $code == 200 ]] || die "the person page answers $code, not 200"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "$bearer" "$base/api/people/$person/standing")
[[ $code == 200 ]] || die "the standing API answers $code, not 200"
lead="Cookie: rungs_session=$lead_session"
for view in team team/heatmap team/trends; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "$lead" "$base/$view")
  [[ $code == 200 ]] || die "/$view answers $code, not 200"
done

# Each request of a wrk thread opens the next of the spread of people's pages, so most pages
# were not viewed since the server started: the tracker builds their records (its cache holds
# 256), where the single-person run above measures the cached record.
cat >"$tmp/people.lua" <<LUA
local ids = { $(echo "$people_ids" | sed 's/^ *//; s/ \+/, /g') }
local next_id = 1
function setup(thread) thread:set("offset", math.random(#ids)) end
request = function()
  next_id = next_id + 1
  local id = ids[(next_id + offset) % #ids + 1]
  return wrk.format("GET", "/people/" .. id, { ["Cookie"] = "rungs_session=$admin_session" })
end
LUA

to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; printf "%.2f", n }'
}
declare -A rps p99
run() {  # NAME CONNS URL [HEADER]
  local out=$tmp/$1-$2.txt
  local -a extra=()
  [[ ${4:-} == script:* ]] && extra=(-s "${4#script:}") || extra=(${4:+-H "$4"})
  wrk -t2 -c"$2" -d"${seconds}s" --timeout 5s --latency "${extra[@]}" "$3" >"$out" 2>&1 ||
    { cat "$out" >&2; die "wrk failed"; }
  grep -q 'Non-2xx' "$out" && { cat "$out" >&2; die "$1 answered errors under load"; }
  rps[$1,$2]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
  p99[$1,$2]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
}
for conns in 16 64; do
  echo "people_bench: wrk -c$conns ..." >&2
  run page "$conns" "$base/people/$person" "$cookie"
  run many "$conns" "$base/" "script:$tmp/people.lua"
  run api "$conns" "$base/api/people/$person/standing" "$bearer"
  run team "$conns" "$base/team" "$lead"
  run heatmap "$conns" "$base/team/heatmap" "$lead"
  run trends "$conns" "$base/team/trends" "$lead"
  run static "$conns" "$base/f/engineering/backend/index.html"
done
echo
printf '%-40s %6s %9s %9s %12s\n' request conns req/s "p99 ms" "vs static"
for conns in 16 64; do
  for name in page many api team heatmap trends static; do
    case $name in
      page) label="person page (HTML, session)";;
      many) label="2,000 people's pages (mostly uncached)";;
      api) label="standing (JSON API, bearer)";;
      team) label="team page, 204 people (a lead)";;
      heatmap) label="team heatmap, 204 people";;
      trends) label="team trends, 204 people";;
      static) label="framework page (pre-rendered baseline)";;
    esac
    printf '%-40s %6s %9s %9s %11sx\n' "$label" "$conns" "${rps[$name,$conns]}" \
      "${p99[$name,$conns]}" "$(awk -v a="${rps[$name,$conns]}" -v b="${rps[static,$conns]}" \
      'BEGIN { printf "%.3f", a / b }')"
  done
done
for name in page team heatmap trends; do
  verdict=$(awk -v p="${p99[$name,16]}" 'BEGIN { print (p < 20) ? "PASS" : "FAIL" }')
  echo "target: $name p99 under 20 ms at 16 connections: $verdict (${p99[$name,16]} ms)"
done
