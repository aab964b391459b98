#!/usr/bin/env bash
# People benchmark: 10,000 people x 50 criteria x 12 agreed check-ins in a real SQLite store
# (build/people_seed writes them through the Store and times level computation for everyone and
# one team page), then wrk against `rungs serve` on that store: a person's page (HTML, session
# cookie), 2,000 different people's pages in turn (an admin's session; most not cached), and a
# standing from the JSON API (bearer token), and a lead's team views (/team, /team/heatmap,
# /team/trends over 200 people and their 4 managers), with a pre-rendered framework page from the
# same server as the baseline in the same run.
#
#   bench/people_bench.sh [BUILD_DIR] [--store postgres]   (make bench runs it with build/)
#
# With --store postgres it then copies the store into PostgreSQL (rungs migrate, timed), and
# measures one instance on it and two behind nginx beside the SQLite numbers. Targets: one
# instance >= 0.7x SQLite's throughput, two >= 1.6x one, cold person pages p99 < 20 ms at 16
# connections on both stores.
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
build=$repo/build
store=sqlite
while (($#)); do
  case $1 in
    --store) store=${2:?--store needs sqlite or postgres}; shift 2 ;;
    *) build=$1; shift ;;
  esac
done
[[ $store == sqlite || $store == postgres ]] || { echo "people_bench: --store sqlite|postgres" >&2; exit 2; }
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
pids=()
pgdir=""  # the PostgreSQL cluster, once started
# The servers and nginx first, then the cluster they use, then the files.
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [[ -n $pgdir ]]; then "$repo/scripts/test-postgres" stop "$pgdir" >/dev/null 2>&1 || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
# start_serve NAME ARGS...: `rungs serve` on a port it picks, with ARGS (where its data is);
# sets pid_NAME and port_NAME once it prints its address.
start_serve() {
  local name=$1 p port=""
  shift
  "$build/rungs" serve --host 127.0.0.1 --port 0 --frameworks "$frameworks" "$@" \
    >"$tmp/$name.out" 2>"$tmp/$name.err" &
  p=$!
  pids+=("$p")
  for _ in $(seq 300); do
    port=$(sed -n 's|^rungs: serving .* on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/$name.out")
    [[ -n $port ]] && break
    kill -0 "$p" 2>/dev/null || { cat "$tmp/$name.err" >&2; die "rungs serve ($name) did not start"; }
    sleep 0.1
  done
  printf -v "pid_$name" '%s' "$p"
  printf -v "port_$name" '%s' "$port"
}
start_serve sqlite --data "$db_dir"
base=http://127.0.0.1:$port_sqlite
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

# --- PostgreSQL (--store postgres) ----------------------------------------------------------------
# The same store copied into PostgreSQL (a private cluster, scripts/test-postgres) with rungs
# migrate, then one instance on it, then two behind nginx (round robin): the person page, the
# 2,000 pages in turn and the team page, beside SQLite's numbers above.
[[ $store == postgres ]] || exit 0
command -v psql >/dev/null || die "psql is not installed (scripts/install-deps installs postgresql)"
kill "$pid_sqlite" 2>/dev/null && wait "$pid_sqlite" 2>/dev/null || true
pgdir=$tmp/pg
chmod 755 "$tmp"
"$repo/scripts/test-postgres" start "$pgdir" >&2 || die "PostgreSQL did not start"
admin_uri=$(cat "$pgdir/uri")
psql -q "$admin_uri" -c "CREATE DATABASE rungs_bench" >/dev/null
pg_uri=${admin_uri/\/postgres\?/\/rungs_bench?}
echo "people_bench: rungs migrate --to PostgreSQL ..." >&2
migrate_start=$(date +%s.%N)
"$build/rungs" migrate --to "$pg_uri" --data "$db_dir" >"$tmp/migrate.out" 2>&1 ||
  { cat "$tmp/migrate.out" >&2; die "rungs migrate failed"; }
migrate_s=$(awk -v a="$migrate_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
migrated_rows=$(sed -n 's/^copied \([0-9]*\) rows.*/\1/p' "$tmp/migrate.out")


# matrix PREFIX BASE: the person page, 2,000 pages in turn and the team page at 16 and 64.
matrix() {
  local prefix=$1 url=$2 conns
  # Opened once first, as the SQLite server's pages were above (the first view of a team builds
  # it: 0.4 s on PostgreSQL, while every other connection waits for that build).
  # Twice each, so that behind nginx's round robin both instances are warmed.
  for _ in 1 2; do
    curl -s -o /dev/null -H "$cookie" "$url/people/$person"
    curl -s -o /dev/null -H "$lead" "$url/team"
  done
  for conns in 16 64; do
    echo "people_bench: $prefix wrk -c$conns ..." >&2
    run "${prefix}_page" "$conns" "$url/people/$person" "$cookie"
    run "${prefix}_many" "$conns" "$url/" "script:$tmp/people.lua"
    run "${prefix}_team" "$conns" "$url/team" "$lead"
  done
}

start_serve pg_a --data "$tmp/data-pg-a" --database "$pg_uri"
matrix pg1 "http://127.0.0.1:$port_pg_a"

start_serve pg_b --data "$tmp/data-pg-b" --database "$pg_uri"
nginx_bin=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
[[ -x $nginx_bin ]] || die "nginx is not installed"
mkdir -p "$tmp/nginx"
nginx_port=$((10000 + RANDOM % 22000))
{
  if [[ $(id -u) -eq 0 ]]; then echo "user $(id -un) $(id -gn);"; fi
  cat <<EOF
worker_processes 2;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/client_body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  upstream rungs {
    server 127.0.0.1:$port_pg_a;
    server 127.0.0.1:$port_pg_b;
    keepalive 64;
    keepalive_timeout 4s;
  }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://rungs;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
EOF
} >"$tmp/nginx/nginx.conf"
"$nginx_bin" -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" \
  >"$tmp/nginx.out" 2>&1 &
pids+=("$!")
for _ in $(seq 100); do [[ -s $tmp/nginx/nginx.pid ]] && break; sleep 0.05; done
[[ -s $tmp/nginx/nginx.pid ]] || { cat "$tmp/nginx.out" "$tmp/nginx/error.log" >&2; die "nginx did not start"; }
matrix pg2 "http://127.0.0.1:$nginx_port"

echo
echo "PostgreSQL: rungs migrate copied $migrated_rows rows in ${migrate_s} s, checked every table"
printf '%-34s %5s %15s %15s %7s %17s %7s\n' request conns "SQLite req/s" "PG 1 req/s" "PG/SQL" \
  "PG 2+nginx req/s" "2 / 1"
for conns in 16 64; do
  for name in page many team; do
    case $name in
      page) label="person page (cached)";;
      many) label="2,000 people's pages (cold)";;
      team) label="team page, 204 people";;
    esac
    printf '%-34s %5s %8s %6s %8s %6s %6sx %10s %6s %6sx\n' "$label" "$conns" \
      "${rps[$name,$conns]}" "${p99[$name,$conns]}" "${rps[pg1_$name,$conns]}" \
      "${p99[pg1_$name,$conns]}" \
      "$(awk -v a="${rps[pg1_$name,$conns]}" -v b="${rps[$name,$conns]}" 'BEGIN { printf "%.2f", a / b }')" \
      "${rps[pg2_$name,$conns]}" "${p99[pg2_$name,$conns]}" \
      "$(awk -v a="${rps[pg2_$name,$conns]}" -v b="${rps[pg1_$name,$conns]}" 'BEGIN { printf "%.2f", a / b }')"
  done
done
echo "(each cell: requests/s, then p99 in ms)"
for name in page team; do
  verdict=$(awk -v a="${rps[pg1_$name,16]}" -v b="${rps[$name,16]}" 'BEGIN { print (a >= 0.7 * b) ? "PASS" : "FAIL" }')
  echo "target: one instance on PostgreSQL >= 0.7x SQLite, $name, 16 connections: $verdict"
  verdict=$(awk -v a="${rps[pg2_$name,16]}" -v b="${rps[pg1_$name,16]}" 'BEGIN { print (a >= 1.6 * b) ? "PASS" : "FAIL" }')
  echo "target: two instances >= 1.6x one, $name, 16 connections: $verdict"
done
for prefix in "" pg1_; do
  verdict=$(awk -v p="${p99[${prefix}many,16]}" 'BEGIN { print (p < 20) ? "PASS" : "FAIL" }')
  echo "target: cold person pages p99 < 20 ms at 16 connections, ${prefix:-sqlite }: $verdict (${p99[${prefix}many,16]} ms)"
done
