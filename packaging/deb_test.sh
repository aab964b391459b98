#!/usr/bin/env bash
# Builds the Debian package from BUILD_DIR (as `make deb` does) into a temporary folder and
# checks what a system administrator gets: the binary in /usr/bin, the systemd unit with a
# dynamic user and /var/lib/rungs as its state, declared library dependencies, and a binary
# that runs.
set -euo pipefail
build=$(cd "${1:?usage: deb_test.sh BUILD_DIR}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "deb_test: $*" >&2; exit 1; }

(cd "$tmp" && cpack --config "$build/CPackConfig.cmake" -B "$tmp/out" >"$tmp/cpack.log" 2>&1) ||
  { cat "$tmp/cpack.log"; fail "cpack failed"; }
deb=$(ls "$tmp"/out/rungs_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { cat "$tmp/cpack.log"; fail "no rungs_*.deb was made"; }

files=$(dpkg-deb -c "$deb")
for f in ./usr/bin/rungs ./usr/lib/systemd/system/rungs.service ./usr/share/doc/rungs/README.md \
    ./usr/share/doc/rungs/NOTICE.frameworks; do
  grep -q " $f\$" <<<"$files" || fail "$deb lacks $f"
done

depends=$(dpkg-deb -f "$deb" Depends)
for lib in libsqlite3 libsodium libyaml-cpp libfmt libstdc++6 tzdata; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib: $depends"
done

dpkg-deb -x "$deb" "$tmp/root"
unit="$tmp/root/usr/lib/systemd/system/rungs.service"
for line in DynamicUser=yes StateDirectory=rungs "ExecStart=rungs serve" \
    "WantedBy=multi-user.target"; do
  grep -qx "$line" "$unit" || fail "the unit lacks '$line'"
done
grep -q "RUNGS_DATA=/var/lib/rungs" "$unit" || fail "the unit does not keep data in /var/lib/rungs"
if command -v systemd-analyze >/dev/null 2>&1; then
  # Checks the unit's syntax (the binary path is the package's, so missing here is expected).
  # Everything but the one expected line: rungs itself is not installed here.
  if systemd-analyze verify "$unit" 2>&1 | grep -v "Command rungs is not executable" | grep -q .; then
    systemd-analyze verify "$unit" 2>&1 || true
    fail "systemd-analyze verify found problems in the unit"
  fi
fi

version=$("$tmp/root/usr/bin/rungs" --version)
[ -n "$version" ] || fail "the packaged binary does not run"
size=$(stat -c %s "$tmp/root/usr/bin/rungs")
echo "deb_test: $(basename "$deb"): $(grep -c . <<<"$files") entries, binary $((size / 1024 / 1024)) MiB (stripped), runs: $version"
echo "deb_test: Depends: $depends"
