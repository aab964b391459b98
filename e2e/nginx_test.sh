#!/usr/bin/env bash
# rungs behind nginx, as README.md's "Deploying behind nginx" shows it: TLS ends at nginx, which
# forwards to `rungs serve --demo` on the loopback address.
#
#   e2e/nginx_test.sh PATH_TO_RUNGS
#
# It makes a self-signed certificate for localhost and starts rungs (RUNGS_PUBLIC_URL is
# nginx's https address, RUNGS_TRUSTED_PROXIES=127.0.0.1). It then starts Debian's nginx with
# README's site block, copied below between the markers; only the ports, the certificate paths
# and the server name are changed, and the port-80 redirect is dropped. Through nginx with curl
# it checks /healthz, /login, sign-in (the Origin check against RUNGS_PUBLIC_URL with nginx's
# default Host, and the Secure cookie), /me, the sign-in throttle per client address (which
# needs X-Forwarded-For to reach rungs, and which a client cannot forge), and a helpdesk upload
# larger than nginx's default body limit. When README.md has the section, its nginx block must
# be the same as the copy here. Everything is stopped and removed on exit.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)

die() {
  echo "nginx_test: FAIL: $*" >&2
  exit 1
}
ok() { echo "nginx_test: ok: $*"; }

(($# == 1)) || {
  echo "usage: e2e/nginx_test.sh PATH_TO_RUNGS_BINARY" >&2
  exit 2
}
rungs=$1
[[ -x $rungs && ! -d $rungs ]] || die "no rungs binary at $rungs (build it first: make build)"
nginx_bin=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
[[ -x $nginx_bin ]] || die "nginx is not installed (scripts/install-deps installs it)"
for tool in openssl curl; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed"
done

# The site block README.md shows, verbatim (keep the two the same; the test compares them).
# --- begin README site block ---
site_block=$(
  cat <<'SITE'
upstream rungs {
    server 127.0.0.1:8080;
    keepalive 16;
    # Shorter than rungs' idle timeout (RUNGS_IDLE_TIMEOUT, 5 s), so nginx never reuses a
    # connection that rungs is closing.
    keepalive_timeout 4s;
}

server {
    listen 80;
    listen [::]:80;
    server_name rungs.example.com;
    return 301 https://$host$request_uri;
}

server {
    listen 443 ssl;
    listen [::]:443 ssl;
    server_name rungs.example.com;

    ssl_certificate     /etc/ssl/rungs/fullchain.pem;
    ssl_certificate_key /etc/ssl/rungs/privkey.pem;

    # The same as RUNGS_MAX_UPLOAD (1 GiB by default). rungs refuses larger helpdesk exports
    # itself, with a 413.
    client_max_body_size 1g;

    location / {
        proxy_pass http://rungs;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        # Send uploads on to rungs as they arrive, without first writing them to disk.
        proxy_request_buffering off;
        proxy_connect_timeout 5s;
        proxy_send_timeout 60s;
        # rungs answers an upload only after it has read the whole file.
        proxy_read_timeout 300s;
    }
}
SITE
)
# --- end README site block ---

# README.md's copy: the first ```nginx block after its heading.
readme_block=$(awk '
  /^## Deploying behind nginx/ { section = 1; next }
  section && /^## / { exit }
  section && !done && /^```nginx$/ { inside = 1; next }
  inside && /^```$/ { inside = 0; done = 1; next }
  inside { print }
' "$repo/README.md")
if [[ -z $readme_block ]]; then
  die "README sync: README.md has no nginx block under \"Deploying behind nginx\""
elif [[ $readme_block != "$site_block" ]]; then
  diff <(printf '%s\n' "$readme_block") <(printf '%s\n' "$site_block") >&2 || true
  die "README sync: README.md's nginx block differs from the copy in e2e/nginx_test.sh (diff above: < README, > test)"
else
  ok "README sync: README.md's nginx block is the one tested here"
fi

# rungs sees only the settings given here (no RUNGS_* from the caller's environment).
for name in $(compgen -v RUNGS_ || true); do unset "$name"; done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rungs-nginx.XXXXXX")
rungs_pid=""
nginx_pid=""
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  local pid i
  for pid in $nginx_pid $rungs_pid; do kill "$pid" 2>/dev/null || true; done
  for pid in $nginx_pid $rungs_pid; do
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

# show_logs: what rungs and nginx said, for a failure.
show_logs() {
  local f
  for f in "$tmp"/rungs.err "$tmp"/nginx/error.log; do
    [[ -s $f ]] || continue
    echo "--- $f (last 20 lines)" >&2
    tail -n 20 "$f" >&2
  done
}
fail() {
  echo "nginx_test: FAIL: $*" >&2
  show_logs
  exit 1
}

# --- certificate -------------------------------------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" >"$tmp/openssl.log" 2>&1 ||
  { cat "$tmp/openssl.log" >&2; die "certificate: openssl req failed"; }
ok "certificate: self-signed for localhost"

# --- rungs and nginx ---------------------------------------------------------------------------
# start_rungs NGINX_PORT: rungs on a port it picks, its public URL nginx's. Sets rungs_port.
start_rungs() {
  local i
  rm -rf "$tmp/data"
  # A wrong password's wait grows from a minute here (1 s by default), so the throttle checks
  # below do not depend on how fast this machine hashes passwords.
  RUNGS_PUBLIC_URL=https://localhost:$1 RUNGS_TRUSTED_PROXIES=127.0.0.1 \
    RUNGS_LOGIN_FIRST_DELAY=60s \
    "$rungs" serve --port 0 --host 127.0.0.1 --data "$tmp/data" --demo \
    >"$tmp/rungs.out" 2>"$tmp/rungs.err" &
  rungs_pid=$!
  for ((i = 0; i < 600; i++)); do
    if grep -q '^rungs: serving .* on http://127\.0\.0\.1:[0-9][0-9]*/' "$tmp/rungs.out"; then break; fi
    kill -0 "$rungs_pid" 2>/dev/null || fail "rungs: exited before it was ready"
    sleep 0.05
  done
  rungs_port=$(sed -n 's|^rungs: serving .* on http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$tmp/rungs.out")
  [[ -n $rungs_port ]] || fail "rungs: did not print its address within 30 s"
}

# The README block for this machine: loopback only, the test's ports, certificate and name.
write_site() {
  local nginx_port=$1 site
  site=$(printf '%s\n' "$site_block" | awk '
    # Drop the port-80 redirect: the test listens on one port.
    /^server \{$/ { block = $0 "\n"; buffering = 1; next }
    buffering {
      block = block $0 "\n"
      if ($0 == "}") {
        if (block !~ /listen 80;/) printf "%s", block
        buffering = 0
      }
      next
    }
    { print }
  ' | sed \
    -e "s|^    server 127\\.0\\.0\\.1:8080;\$|    server 127.0.0.1:$rungs_port;|" \
    -e "s|^    listen 443 ssl;\$|    listen 127.0.0.1:$nginx_port ssl;|" \
    -e '/^    listen \[::\]:443 ssl;$/d' \
    -e 's|^    server_name rungs\.example\.com;$|    server_name localhost;|' \
    -e "s|/etc/ssl/rungs/fullchain\\.pem;|$tmp/cert.pem;|" \
    -e "s|/etc/ssl/rungs/privkey\\.pem;|$tmp/key.pem;|")
  # Each change must have happened: a README edit that defeats one fails here, not later.
  local want
  for want in "server 127.0.0.1:$rungs_port;" "listen 127.0.0.1:$nginx_port ssl;" \
    "server_name localhost;" "ssl_certificate     $tmp/cert.pem;" \
    "ssl_certificate_key $tmp/key.pem;"; do
    grep -qF -- "$want" <<<"$site" || die "nginx config: the site block no longer has a line to turn into '$want'"
  done
  if grep -qE 'listen (80|443|\[::\])|rungs\.example\.com|/etc/ssl/' <<<"$site"; then
    die "nginx config: the site block has a listen, name or path the test does not replace"
  fi
  printf '%s\n' "$site" >"$tmp/nginx/site.conf"
}

write_nginx_conf() {
  mkdir -p "$tmp/nginx"
  {
    # As root, nginx's workers would run as "nobody", which cannot write the temp dirs here.
    if [[ $(id -u) -eq 0 ]]; then echo "user $(id -un) $(id -gn);"; fi
    cat <<EOF
worker_processes 1;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 256; }
http {
  access_log $tmp/nginx/access.log;
  client_body_temp_path $tmp/nginx/client_body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  include $tmp/nginx/site.conf;
}
EOF
  } >"$tmp/nginx/nginx.conf"
}

# Ports: rungs picks its own; nginx's is tried at random, and on a clash both start again
# (rungs' public URL names nginx's port, and --demo prints the passwords only once).
nginx_port=""
for attempt in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 40000))
  start_rungs "$port"
  write_nginx_conf
  write_site "$port"
  "$nginx_bin" -t -q -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" \
    >"$tmp/nginx-t.out" 2>&1 || { cat "$tmp/nginx-t.out" >&2; fail "nginx config: nginx -t refused it"; }
  "$nginx_bin" -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" \
    >"$tmp/nginx.out" 2>&1 &
  nginx_pid=$!
  for ((i = 0; i < 100; i++)); do
    [[ -s $tmp/nginx/nginx.pid ]] && break
    kill -0 "$nginx_pid" 2>/dev/null || break
    sleep 0.05
  done
  if kill -0 "$nginx_pid" 2>/dev/null && [[ -s $tmp/nginx/nginx.pid ]]; then
    nginx_port=$port
    break
  fi
  wait "$nginx_pid" 2>/dev/null || true
  nginx_pid=""
  grep -q 'Address already in use' "$tmp/nginx.out" "$tmp/nginx/error.log" 2>/dev/null ||
    { cat "$tmp/nginx.out" >&2; fail "nginx: did not start"; }
  echo "nginx_test: port $port is taken (attempt $attempt); trying another" >&2
  kill "$rungs_pid" 2>/dev/null || true
  wait "$rungs_pid" 2>/dev/null || true
  rungs_pid=""
done
[[ -n $nginx_port ]] || fail "nginx: found no free port in 5 tries"
base=https://localhost:$nginx_port
ok "started: rungs on 127.0.0.1:$rungs_port, nginx on $base"

# The demo admin: "  admin    admin@demo.rungs.invalid     PASSWORD  (Alex Admin)".
read -r _ admin_email admin_password _ < <(grep -E '^ +admin +[^ ]+@' "$tmp/rungs.out" || true) || true
[[ -n ${admin_password:-} ]] || fail "demo admin: no admin account line in rungs' output"

# request NAME ARGS...: curl through nginx; sets code (the status), body and headers (files).
# Never through a proxy from the environment; localhost is always nginx's 127.0.0.1.
request() {
  local name=$1
  shift
  body=$tmp/$name.body
  headers=$tmp/$name.headers
  code=$(curl --silent --show-error --max-time 20 --noproxy '*' --cacert "$tmp/cert.pem" \
    --resolve "localhost:$nginx_port:127.0.0.1" -o "$body" -D "$headers" -w '%{http_code}' \
    "$@") || fail "$name: curl failed (exit $?)"
}
expect() {
  local name=$1 want=$2
  [[ $code == "$want" ]] || {
    head -c 600 "$body" >&2 2>/dev/null || true
    echo >&2
    fail "$name: expected HTTP $want, got $code"
  }
}
header() { grep -i "^$1:" "$headers" | tr -d '\r' | head -n 1 || true; }

# --- checks ------------------------------------------------------------------------------------
request healthz "$base/healthz"
expect "GET /healthz" 200
ok "GET /healthz: 200 over TLS through nginx"

request login-page "$base/login"
expect "GET /login" 200
ok "GET /login: 200"

# Origin: from another site the form is refused; from the public URL it is accepted although
# nginx sends its default Host ("rungs", the upstream's name), not the public host.
request login-cross -X POST -H "Origin: https://evil.example" \
  --data-urlencode "email=$admin_email" --data-urlencode "password=$admin_password" \
  "$base/login"
expect "POST /login from another origin" 403
ok "POST /login with Origin https://evil.example: 403"

jar=$tmp/cookies.txt
request login -X POST -c "$jar" -H "Origin: $base" \
  --data-urlencode "email=$admin_email" --data-urlencode "password=$admin_password" \
  "$base/login"
expect "POST /login as the demo admin" 303
cookie=$(header Set-Cookie)
[[ $cookie == *"rungs_session="* ]] || fail "POST /login: no rungs_session cookie (Set-Cookie: '$cookie')"
[[ $cookie == *"; Secure"* ]] || fail "POST /login: the session cookie is not Secure (Set-Cookie: '$cookie')"
location=$(header Location)
[[ $location == "Location: /home" ]] || fail "POST /login: expected Location /home, got '$location'"
ok "POST /login with Origin $base: 303 to /home, Secure rungs_session cookie"

request me -L -b "$jar" "$base/me"
expect "GET /me (following redirects)" 200
grep -q "Alex Admin" "$body" || fail "GET /me: 200, but the page does not name Alex Admin"
ok "GET /me: 200 after redirects, the person page of Alex Admin"

# The throttle counts per (account, client address). Clients connect from 127.0.0.2 and
# 127.0.0.3; nginx connects to rungs from 127.0.0.1, the trusted proxy, and says whom it
# forwards for in X-Forwarded-For.
wrong=(-X POST -H "Origin: $base" --data-urlencode "email=nobody@example.invalid"
  --data-urlencode "password=not the password")
codes=()
for try in 1 2 3 4 5; do
  request "wrong-$try" --interface 127.0.0.2 "${wrong[@]}" "$base/login"
  codes+=("$code")
done
[[ ${codes[*]} == "400 400 400 429 429" ]] ||
  fail "sign-in throttle: 5 wrong passwords from 127.0.0.2 gave HTTP ${codes[*]}, expected 400 400 400 429 429"
[[ $(header Retry-After) =~ ^Retry-After:\ [0-9]+$ ]] || fail "sign-in throttle: the 429 has no Retry-After"
ok "sign-in throttle: 5 wrong passwords from client 127.0.0.2 gave ${codes[*]}"

request wrong-other --interface 127.0.0.3 "${wrong[@]}" "$base/login"
expect "wrong password from another client (127.0.0.3), same email" 400
ok "sign-in throttle: another client (127.0.0.3), same email: 400, not throttled (X-Forwarded-For reaches rungs)"

request wrong-forged --interface 127.0.0.2 -H "X-Forwarded-For: 198.51.100.7" "${wrong[@]}" \
  "$base/login"
expect "wrong password from 127.0.0.2 with a forged X-Forwarded-For" 429
ok "sign-in throttle: 127.0.0.2 with a forged X-Forwarded-For: still 429"

# An upload through nginx: larger than nginx's default client_max_body_size (1 MiB), sent with
# an API token, as a dry run.
request api-me -b "$jar" "$base/api/me"
expect "GET /api/me" 200
csrf=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$body")
[[ -n $csrf ]] || fail "GET /api/me: no csrf_token in the answer"
request token -X POST -b "$jar" -H "X-CSRF-Token: $csrf" -H "Content-Type: application/json" \
  --data '{"name":"nginx test"}' "$base/api/tokens"
expect "POST /api/tokens" 201
api_token=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' "$body")
[[ -n $api_token ]] || fail "POST /api/tokens: no token in the answer"

rows=40000
awk -v rows="$rows" 'BEGIN {
  print "event_id,conversation_id,agent_id,event_type,ts"
  for (i = 0; i < rows; i++) {
    s = i * 30
    printf "e%07d,conv-%07d,agent-%02d,closed,2026-03-%02dT%02d:%02d:%02dZ\n", i, i, i % 7,
      2 + int(s / 86400) % 20, int(s / 3600) % 24, int(s / 60) % 60, s % 60
  }
}' >"$tmp/events.csv"
bytes=$(wc -c <"$tmp/events.csv")
((bytes > 1048576)) || fail "upload: the generated export is only $bytes bytes"
request upload -X POST -H "Authorization: Bearer $api_token" -H "Content-Type: text/csv" \
  --data-binary "@$tmp/events.csv" \
  "$base/api/helpdesk/batches?mapping=canonical-events&dry_run=1"
expect "POST /api/helpdesk/batches (dry run, $bytes bytes)" 200
grep -q "\"read\":$rows," "$body" || {
  head -c 600 "$body" >&2
  fail "upload: 200, but the answer does not say $rows rows were read"
}
ok "upload: $bytes bytes of events through nginx, dry run: 200, $rows rows read"

# Nothing went wrong on nginx's side either (a reused upstream connection that rungs had
# closed would show here as "upstream prematurely closed").
if grep -E '\[(error|crit|alert|emerg)\]' "$tmp/nginx/error.log" >&2; then
  fail "nginx error log: errors (above)"
fi
ok "nginx error log: no errors"

echo "nginx_test: all checks passed"
