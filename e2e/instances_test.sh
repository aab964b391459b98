#!/usr/bin/env bash
# Two instances of rungs on one PostgreSQL database behind nginx (round robin), as README's
# "Several instances on PostgreSQL" runs them:
#   - sign in through nginx; the session works on whichever instance answers, and both answer;
#   - a check-in recorded on one instance is read on the other;
#   - during a burst of writes through nginx, one instance is killed with kill -9: every write
#     acknowledged (201) is in the database afterwards, and the other instance keeps serving.
#
#   e2e/instances_test.sh PATH_TO_RUNGS
#
# PostgreSQL is a private cluster (scripts/test-postgres), nginx Debian's; everything is stopped
# and removed on exit.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)

die() {
  echo "instances_test: FAIL: $*" >&2
  exit 1
}
ok() { echo "instances_test: ok: $*"; }

(($# == 1)) || {
  echo "usage: e2e/instances_test.sh PATH_TO_RUNGS_BINARY" >&2
  exit 2
}
rungs=$1
[[ -x $rungs && ! -d $rungs ]] || die "no rungs binary at $rungs (build it first: make build)"
nginx_bin=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
[[ -x $nginx_bin ]] || die "nginx is not installed (scripts/install-deps installs it)"
for tool in curl psql; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (scripts/install-deps)"
done

for name in $(compgen -v RUNGS_ || true); do unset "$name"; done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rungs-instances.XXXXXX")
chmod 755 "$tmp"  # the cluster's owner (postgres, under root) keeps its socket here
pids=()
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  "$repo/scripts/test-postgres" stop "$tmp/pg" >/dev/null 2>&1 || true
  [[ -n ${KEEP:-} ]] || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

fail() {
  echo "instances_test: FAIL: $*" >&2
  local f
  for f in "$tmp"/a.err "$tmp"/b.err "$tmp"/nginx/error.log; do
    [[ -s $f ]] || continue
    echo "--- $f (last 15 lines)" >&2
    tail -n 15 "$f" >&2
  done
  exit 1
}

# --- PostgreSQL --------------------------------------------------------------------------------
"$repo/scripts/test-postgres" start "$tmp/pg" >/dev/null || die "PostgreSQL did not start"
admin_uri=$(cat "$tmp/pg/uri")
psql -q "$admin_uri" -c "CREATE DATABASE rungs" >/dev/null || die "cannot create the database"
database=${admin_uri/\/postgres\?/\/rungs?}
ok "PostgreSQL: a private cluster, database rungs"

# --- nginx's port, then the two instances --------------------------------------------------------
free_port() {
  local port
  for _ in $(seq 50); do
    # Below Linux's ephemeral ports (32768 and up), which outgoing connections take.
    port=$((10000 + RANDOM % 22000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  die "no free port"
}
# The address people use; the sign-in form's Origin must be it. nginx's port is picked later.
public=http://rungs.test

# start_instance NAME [ARGS...]: rungs serve on the database; sets port_NAME and pid_NAME.
start_instance() {
  local name=$1 i port
  shift
  RUNGS_PUBLIC_URL=$public RUNGS_TRUSTED_PROXIES=127.0.0.1 \
    "$rungs" serve --port 0 --host 127.0.0.1 --data "$tmp/data-$name" --database "$database" "$@" \
    >"$tmp/$name.out" 2>"$tmp/$name.err" &
  local pid=$!
  pids+=("$pid")
  for ((i = 0; i < 600; i++)); do
    grep -q '^rungs: serving .* on http://127\.0\.0\.1:[0-9][0-9]*/' "$tmp/$name.out" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || fail "instance $name exited before it was ready"
    sleep 0.05
  done
  port=$(sed -n 's|^rungs: serving .* on http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$tmp/$name.out")
  [[ -n $port ]] || fail "instance $name did not print its address"
  printf -v "port_$name" '%s' "$port"
  printf -v "pid_$name" '%s' "$pid"
}
start_instance a --demo
start_instance b
read -r _ admin_email admin_password _ < <(grep -E '^ +admin +[^ ]+@' "$tmp/a.out" || true) || true
[[ -n ${admin_password:-} ]] || fail "the demo admin's password was not printed"
ok "two instances on the database: a on $port_a (made the demo team), b on $port_b"

# write_nginx_conf PORT
write_nginx_conf() {
  mkdir -p "$tmp/nginx"
  {
    if [[ $(id -u) -eq 0 ]]; then echo "user $(id -un) $(id -gn);"; fi
    cat <<EOF
worker_processes 1;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 256; }
http {
  log_format upstream '\$status \$upstream_addr';
  access_log $tmp/nginx/access.log upstream;
  client_body_temp_path $tmp/nginx/client_body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  upstream rungs {
    server 127.0.0.1:$port_a;
    server 127.0.0.1:$port_b;
  }
  server {
    listen 127.0.0.1:$1;
    location / {
      proxy_pass http://rungs;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_connect_timeout 2s;
    }
  }
}
EOF
  } >"$tmp/nginx/nginx.conf"
}
# A port another process took between the check and nginx's bind: another port.
nginx_port=""
for attempt in 1 2 3 4 5; do
  port=$(free_port)
  write_nginx_conf "$port"
  rm -f "$tmp/nginx/nginx.pid"
  "$nginx_bin" -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" \
    >"$tmp/nginx.out" 2>&1 &
  nginx_pid=$!
  for ((i = 0; i < 100; i++)); do
    [[ -s $tmp/nginx/nginx.pid ]] && break
    kill -0 "$nginx_pid" 2>/dev/null || break
    sleep 0.05
  done
  if kill -0 "$nginx_pid" 2>/dev/null && [[ -s $tmp/nginx/nginx.pid ]]; then
    pids+=("$nginx_pid")
    nginx_port=$port
    break
  fi
  wait "$nginx_pid" 2>/dev/null || true
  echo "instances_test: nginx could not take port $port (attempt $attempt); trying another" >&2
done
[[ -n $nginx_port ]] || fail "nginx did not start in 5 tries"
base=http://127.0.0.1:$nginx_port
ok "nginx on $base, round robin over both"

# request NAME URL ARGS...: sets code and body.
request() {
  local name=$1 url=$2
  shift 2
  body=$tmp/$name.body
  code=$(curl --silent --max-time 20 --noproxy '*' -o "$body" -w '%{http_code}' "$@" "$url") ||
    code=000
}

# --- signing in through nginx; both instances answer ------------------------------------------
jar=$tmp/cookies.txt
request login "$base/login" -X POST -c "$jar" -H "Origin: $public" \
  --data-urlencode "email=$admin_email" --data-urlencode "password=$admin_password"
[[ $code == 303 ]] || fail "POST /login through nginx: HTTP $code"
before=$(wc -l <"$tmp/nginx/access.log")
for n in 1 2 3 4 5 6; do
  request "me-$n" "$base/me" -L -b "$jar"
  [[ $code == 200 ]] || fail "GET /me through nginx, request $n: HTTP $code"
  grep -q "Alex Admin" "$body" || fail "GET /me, request $n: not Alex Admin's page (signed out?)"
done
served=$(tail -n +"$((before + 1))" "$tmp/nginx/access.log" | awk '$1 < 400 { print $2 }' | sort -u)
grep -q ":$port_a\$" <<<"$served" && grep -q ":$port_b\$" <<<"$served" ||
  fail "the signed-in requests did not reach both instances (served by: $(echo $served))"
ok "signed in through nginx; the session's pages came from both instances ($(echo $served))"

# --- a check-in recorded on a, read on b -------------------------------------------------------
request api-me "$base/api/me" -b "$jar"
csrf=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$body")
[[ -n $csrf ]] || fail "GET /api/me: no csrf_token"
request token "$base/api/tokens" -X POST -b "$jar" -H "X-CSRF-Token: $csrf" \
  -H "Content-Type: application/json" --data '{"name":"instances test"}'
[[ $code == 201 ]] || fail "POST /api/tokens: HTTP $code"
token=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' "$body")
bearer=(-H "Authorization: Bearer $token" -H "Content-Type: application/json")
request person "http://127.0.0.1:$port_a/api/people" -X POST "${bearer[@]}" \
  --data '{"email":"kim@example.com","name":"Kim","framework_id":"customer-operations"}'
[[ $code == 201 ]] || fail "POST /api/people on a: HTTP $code: $(head -c 300 "$body")"
person=$(sed -n 's/^{"id":\([0-9]*\),.*/\1/p' "$body")
[[ -n $person ]] || person=$(grep -o '"id":[0-9]*' "$body" | head -1 | cut -d: -f2)
request checkin "http://127.0.0.1:$port_a/api/people/$person/check-ins" -X POST "${bearer[@]}"
[[ $code == 201 ]] || fail "POST check-in on a: HTTP $code: $(head -c 300 "$body")"
checkin=$(grep -o '"id":[0-9]*' "$body" | head -1 | cut -d: -f2)
request read "http://127.0.0.1:$port_b/api/check-ins/$checkin" "${bearer[@]}"
[[ $code == 200 ]] || fail "GET the check-in on b: HTTP $code"
grep -q "\"id\":$checkin" "$body" || fail "b's answer is not check-in $checkin"
ok "check-in $checkin recorded on a (port $port_a) is read on b (port $port_b)"

# --- kill -9 during a write burst --------------------------------------------------------------
burst=240
worker() {  # FIRST STEP: writes teams FIRST, FIRST+STEP, ... through nginx; logs "N CODE"
  local i c
  for ((i = $1; i < burst; i += $2)); do
    c=$(curl --silent --max-time 20 --noproxy '*' -o /dev/null -w '%{http_code}' -X POST \
      "${bearer[@]}" --data "{\"name\":\"burst-$i\",\"time_zone\":\"UTC\"}" "$base/api/teams") || c=000
    echo "$i $c"
  done >"$tmp/burst-$1.log"
}
workers=()
for w in 0 1 2 3; do
  worker "$w" 4 &
  workers+=("$!")
done
# Kill a once a quarter of the burst is acknowledged.
for ((i = 0; i < 400; i++)); do
  done_so_far=$(cat "$tmp"/burst-*.log 2>/dev/null | wc -l)
  ((done_so_far >= burst / 4)) && break
  sleep 0.02
done
kill -9 "$pid_a"
wait "$pid_a" 2>/dev/null || true
killed_after=$(cat "$tmp"/burst-*.log | wc -l)
for w in "${workers[@]}"; do wait "$w"; done
sort -n "$tmp"/burst-*.log >"$tmp/burst.log"
acknowledged=$(awk '$2 == 201 { print "burst-" $1 }' "$tmp/burst.log" | sort)
n_ack=$(grep -c . <<<"$acknowledged" || true)
n_failed=$(awk '$2 != 201' "$tmp/burst.log" | wc -l)
request teams "http://127.0.0.1:$port_b/api/teams" "${bearer[@]}"
[[ $code == 200 ]] || fail "GET /api/teams on b after the kill: HTTP $code"
stored=$(grep -o '"name":"burst-[0-9]*"' "$body" | cut -d'"' -f4 | sort)
lost=$(comm -23 <(echo "$acknowledged") <(echo "$stored") | grep -c . || true)
((lost == 0)) || fail "$lost acknowledged writes are missing after kill -9: $(comm -23 <(echo "$acknowledged") <(echo "$stored") | head -5 | tr '\n' ' ')"
# After the kill, nginx sends everything to b: the burst's last requests all succeed.
tail_failures=$(tail -n 40 "$tmp/burst.log" | awk '$2 != 201' | wc -l)
((tail_failures == 0)) || fail "b did not keep serving: $tail_failures of the last 40 writes failed"
ok "kill -9 of a after $killed_after of $burst writes: $n_ack acknowledged, all $n_ack stored; $n_failed unacknowledged; the last 40 all answered by b"

for n in 1 2 3; do
  request "after-$n" "$base/me" -L -b "$jar"
  [[ $code == 200 ]] || fail "GET /me through nginx after the kill: HTTP $code"
done
ok "signed-in pages still served through nginx by b"
echo "instances_test: all checks passed"
