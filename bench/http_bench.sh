#!/usr/bin/env bash
# HTTP benchmark: wrk against `rungs serve` and, in the same run, against nginx serving the same
# page written by `rungs site`, so the ratio between the two is measured under the same
# conditions (same machine, same load generator competing for the same cores).
#
#   bench/http_bench.sh [RUNGS_BINARY]        (make bench runs it with build/rungs)
#
# Environment:
#   BENCH_SECONDS      length of each wrk run (default 10)
#   BENCH_THREADS      wrk threads (default 2)
#   BENCH_PAGE         the page to request (default f/engineering/backend/4.html)
#   BENCH_FRAMEWORKS   framework folder (default ../shared/corpus/monzo-format/monzo beside the
#                      repository)
#
# Targets: rungs at >= 1.0x nginx's requests/second at 64 connections, and rungs' p99 latency
# under 5 ms at 16 connections and under 10 ms at 64. A missed target is reported as FAIL, but the script still exits
# 0: it measures, it does not gate. It exits non-zero only when it cannot measure (a server does
# not start, or the two servers do not return the same bytes).
#
# Everything stays on 127.0.0.1; both servers are stopped on exit.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
rungs=${1:-$repo/build/rungs}
seconds=${BENCH_SECONDS:-10}
wrk_threads=${BENCH_THREADS:-2}
page=${BENCH_PAGE:-f/engineering/backend/4.html}
page=${page#/}
frameworks=${BENCH_FRAMEWORKS:-$repo/../shared/corpus/monzo-format/monzo}

die() {
  echo "http_bench: $*" >&2
  exit 1
}

[[ -x $rungs ]] || die "no rungs binary at $rungs (build it first: make build)"
rungs=$(cd "$(dirname "$rungs")" && pwd)/$(basename "$rungs")
[[ -e $frameworks ]] || die "no frameworks at $frameworks (set BENCH_FRAMEWORKS)"
for tool in wrk nginx curl cmp; do
  command -v "$tool" >/dev/null 2>&1 || [[ -x /usr/sbin/$tool ]] ||
    die "$tool is not installed (scripts/install-deps installs it)"
done
nginx_bin=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
[[ $seconds =~ ^[0-9]+$ && $seconds -ge 1 ]] || die "BENCH_SECONDS must be a whole number >= 1"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rungs-bench.XXXXXX")
rungs_pid=""
nginx_pid=""
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  for pid in $rungs_pid $nginx_pid; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $rungs_pid $nginx_pid; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits until `url` answers 200 (or the process `pid` dies); at most ~10 seconds.
wait_ready() {
  local url=$1 pid=$2
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || return 1
    if curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  return 1
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# --- rungs serve -----------------------------------------------------------------------------
"$rungs" serve --host 127.0.0.1 --port 0 --frameworks "$frameworks" --data "$tmp/data" \
  >"$tmp/rungs.out" 2>"$tmp/rungs.err" &
rungs_pid=$!
rungs_port=""
for _ in $(seq 300); do
  rungs_port=$(sed -n 's|^rungs: serving .* on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' \
    "$tmp/rungs.out")
  [[ -n $rungs_port ]] && break
  kill -0 "$rungs_pid" 2>/dev/null || break
  sleep 0.1
done
if [[ -z $rungs_port ]]; then
  cat "$tmp/rungs.err" >&2
  die "rungs serve did not start"
fi
rungs_url="http://127.0.0.1:$rungs_port/$page"
wait_ready "$rungs_url" "$rungs_pid" || die "rungs serve does not answer 200 for /$page"

# --- the same page as files, served by nginx ---------------------------------------------------
"$rungs" site --out "$tmp/site" --frameworks "$frameworks" >"$tmp/site.out" 2>&1 ||
  { cat "$tmp/site.out" >&2; die "rungs site failed"; }
[[ -f $tmp/site/$page ]] || die "rungs site did not write $page"

mkdir -p "$tmp/nginx"
user_line=""
if [[ $(id -u) -eq 0 ]]; then user_line="user $(id -un) $(id -gn);"; fi
nginx_port=""
for attempt in $(seq 10); do
  port=$((20000 + RANDOM % 40000))
  port_in_use "$port" && continue
  cat >"$tmp/nginx/nginx.conf" <<EOF
$user_line
worker_processes auto;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  open_file_cache max=1000 inactive=60s;
  client_body_temp_path $tmp/nginx/client_body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  server {
    listen 127.0.0.1:$port;
    root $tmp/site;
  }
}
EOF
  "$nginx_bin" -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" \
    >"$tmp/nginx.out" 2>&1 &
  nginx_pid=$!
  if wait_ready "http://127.0.0.1:$port/$page" "$nginx_pid"; then
    nginx_port=$port
    break
  fi
  kill "$nginx_pid" 2>/dev/null || true
  wait "$nginx_pid" 2>/dev/null || true
  nginx_pid=""
  echo "http_bench: nginx did not start on port $port (attempt $attempt), retrying" >&2
done
if [[ -z $nginx_port ]]; then
  cat "$tmp/nginx.out" "$tmp/nginx/error.log" >&2 2>/dev/null || true
  die "nginx did not start"
fi
nginx_url="http://127.0.0.1:$nginx_port/$page"

# --- the same bytes from both ------------------------------------------------------------------
curl -fsS -o "$tmp/from-rungs" "$rungs_url"
curl -fsS -o "$tmp/from-nginx" "$nginx_url"
cmp -s "$tmp/from-rungs" "$tmp/from-nginx" ||
  die "rungs serve and nginx return different bytes for /$page (cmp $tmp/from-rungs $tmp/from-nginx)"
size=$(wc -c <"$tmp/from-rungs")
headers_rungs=$(curl -fsS -o /dev/null -D - "$rungs_url" | wc -c)
headers_nginx=$(curl -fsS -o /dev/null -D - "$nginx_url" | wc -c)

echo "http_bench: /$page, $size bytes, identical from both servers" \
  "(response headers: rungs $headers_rungs bytes, nginx $headers_nginx bytes)"
echo "http_bench: rungs serve on :$rungs_port (pid $rungs_pid), nginx $("$nginx_bin" -v 2>&1 |
  sed 's|.*/||') on :$nginx_port (pid $nginx_pid); wrk -t$wrk_threads -d${seconds}s;" \
  "$(nproc) cores shared by servers and wrk"

# --- wrk ---------------------------------------------------------------------------------------
# Converts wrk's latency ("812.00us", "2.31ms", "1.02s", "1.00m") to milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v == "") { print "-"; exit }
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f", n }'
}

# CPU time (user + system, in clock ticks) used so far by a server: the process and, for nginx,
# its workers. On a shared machine requests/second move with the load of other processes; the
# CPU a server spends per request moves much less, so the table shows both.
clk_tck=$(getconf CLK_TCK)
server_ticks() {
  local pids=$1
  if [[ $2 == nginx ]]; then pids="$pids $(ps -o pid= --ppid "$1" 2>/dev/null | tr '\n' ' ' || true)"; fi
  local total=0 pid
  for pid in $pids; do
    [[ -r /proc/$pid/stat ]] || continue
    total=$((total + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')))
  done
  echo "$total"
}

declare -A rps p99 cpu notes
run_wrk() {
  local name=$1 url=$2 conns=$3 out=$tmp/wrk-$1-$3.txt pid
  if [[ $name == rungs ]]; then pid=$rungs_pid; else pid=$nginx_pid; fi
  local before
  before=$(server_ticks "$pid" "$name")
  timeout $((seconds + 30)) wrk -t"$wrk_threads" -c"$conns" -d"${seconds}s" --timeout 5s \
    --latency "$url" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed against $name"; }
  local ticks=$(($(server_ticks "$pid" "$name") - before))
  local requests
  requests=$(awk '/ requests in / { print $1 }' "$out")
  rps[$name,$conns]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
  [[ -n ${rps[$name,$conns]} ]] || rps[$name,$conns]=0
  p99[$name,$conns]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  cpu[$name,$conns]=$(awk -v t="$ticks" -v hz="$clk_tck" -v n="$requests" \
    'BEGIN { if (n > 0) printf "%.1f", t / hz * 1e6 / n; else print "-" }')
  notes[$name,$conns]=$(grep -E 'Socket errors|Non-2xx' "$out" | sed 's/^ *//' | paste -sd';' ||
    true)
}

warm() { wrk -t1 -c4 -d1s "$1" >/dev/null 2>&1 || true; }
warm "$rungs_url"
warm "$nginx_url"
for conns in 16 64; do
  for name in rungs nginx; do
    if [[ $name == rungs ]]; then url=$rungs_url; else url=$nginx_url; fi
    echo "http_bench: wrk -c$conns against $name ..." >&2
    run_wrk "$name" "$url" "$conns"
  done
done

echo
printf '%-8s %11s %10s %11s %17s  %s\n' server connections req/s "p99 (ms)" "server CPU us/req" \
  notes
for conns in 16 64; do
  for name in rungs nginx; do
    printf '%-8s %11s %10s %11s %17s  %s\n' "$name" "$conns" "${rps[$name,$conns]}" \
      "${p99[$name,$conns]}" "${cpu[$name,$conns]}" "${notes[$name,$conns]}"
  done
done
echo

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "0.00" }'; }
ratio16=$(ratio "${rps[rungs,16]}" "${rps[nginx,16]}")
ratio64=$(ratio "${rps[rungs,64]}" "${rps[nginx,64]}")
echo "ratio rungs/nginx: $ratio16 at 16 connections, $ratio64 at 64 connections"

verdict() { if [[ $1 == 1 ]]; then echo PASS; else echo FAIL; fi; }
ok_ratio=$(awk -v r="$ratio64" 'BEGIN { print (r >= 1.0) ? 1 : 0 }')
ok_p99=$(awk -v p="${p99[rungs,16]}" -v q="${p99[rungs,64]}" \
  'BEGIN { print (p != "-" && p < 5 && q != "-" && q < 10) ? 1 : 0 }')
echo "$(verdict "$ok_ratio"): rungs at >= 1.0x nginx's req/s at 64 connections" \
  "(${rps[rungs,64]} vs ${rps[nginx,64]}, ratio $ratio64)"
echo "$(verdict "$ok_p99"): rungs p99 < 5 ms at 16 connections (${p99[rungs,16]} ms) and" \
  "< 10 ms at 64 (${p99[rungs,64]} ms)"
exit 0
