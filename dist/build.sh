#!/usr/bin/env bash
# Makes the release from a built checkout (squall-server/target/squall.jar and target/lib, as
# `./squall build` leaves them): OUT/squall-VERSION/ with a Java runtime made by jlink, the jars,
# the shipped packs and bin/squall, then OUT/squall-VERSION.tar.gz. No Maven: `./squall dist`
# builds first, and the test that unpacks the tarball calls this script after Maven's package.
# Usage: dist/build.sh [OUT]   (default: ROOT/target/dist). Needs JAVA_HOME (a JDK with jlink).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "${1:-}" in
  -*) echo "usage: ./squall dist [OUT]   (the release into OUT, default target/dist)" >&2
      [ "$1" = -h ] || [ "$1" = --help ]; exit ;;
esac
OUT="${1:-$ROOT/target/dist}"
JAR="$ROOT/squall-server/target/squall.jar"
LIB="$ROOT/squall-server/target/lib"
say() { echo "squall dist: $*" >&2; }

JLINK="${JAVA_HOME:+$JAVA_HOME/bin/}jlink"
command -v "$JLINK" >/dev/null || { say "no jlink (set JAVA_HOME to a JDK >= 21)"; exit 2; }
[ -f "$JAR" ] && [ -d "$LIB" ] || { say "no $JAR: build first (./squall build)"; exit 2; }
VERSION="$(sed -n '0,/<version>/s|.*<version>\([^<]*\)</version>.*|\1|p' "$ROOT/pom.xml")"
NAME="squall-$VERSION"
DIR="$OUT/$NAME"
rm -rf "$DIR" "$OUT/$NAME.tar.gz"
mkdir -p "$DIR/lib" "$DIR/bin" "$DIR/cache"

# What jdeps finds in the jars, plus what is only loaded by name: elliptic-curve TLS, zip file
# systems (pack archives), every charset and locale a chat message or a process may bring.
MODULES=java.base,java.compiler,java.desktop,java.instrument,java.management,java.naming,java.net.http
MODULES+=,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,jdk.attach
MODULES+=,jdk.httpserver,jdk.jdi,jdk.net,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.zipfs
MODULES+=,jdk.charsets,jdk.localedata,jdk.naming.dns,java.xml.crypto,jdk.management
say "java runtime (jlink, about 20 s)…"
"$JLINK" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages \
  --generate-cds-archive --output "$DIR/runtime" >/dev/null

say "jars, packs, launcher…"
cp "$JAR" "$DIR/lib/"
cp "$LIB"/*.jar "$DIR/lib/"
cp -r "$ROOT/packs" "$DIR/packs"
cp "$ROOT/dist/squall-release" "$DIR/bin/squall"
chmod 755 "$DIR/bin/squall"
mkdir -p "$DIR/dist"
cp "$ROOT/dist/squall.service" "$ROOT/dist/Containerfile" "$DIR/dist/"
cp "$ROOT/README.md" "$ROOT/LICENSE" "$DIR/"
echo "$VERSION" >"$DIR/VERSION"

# The server's ahead-of-time cache (JDK 24+), as ./squall makes one after each build: a server
# started in a scratch home, logged in once, stopped. The cache names the jars by path and time;
# it holds where the release is unpacked, since tar keeps the times (checked: moved, it maps).
train() {
  local tmp="$1" java="$DIR/runtime/bin/java" port="" pid i
  local opts=(-XX:+UseSerialGC -Xss512k --enable-native-access=ALL-UNNAMED -Xlog:aot=off -Xlog:cds=off
    -cp "$DIR/lib/squall.jar:$DIR/lib/*")
  env -i PATH="$PATH" HOME="$tmp" SQUALL_HOME="$tmp/home" SQUALL_ADMIN_PASSWORD=training \
    SQUALL_CHAT_CONSOLE_ENABLED=false SQUALL_DIST="$DIR" "$java" "${opts[@]}" -XX:AOTMode=record \
    -XX:AOTConfiguration="$tmp/aotconf" dev.squall.server.Main start --port 0 >"$tmp/log" 2>&1 &
  pid=$!
  for i in $(seq 1200); do
    port="$(sed -n 's|.*Squall ready at http://[^:]*:\([0-9]*\).*|\1|p' "$tmp/log" | head -1)"
    [ -n "$port" ] || ! kill -0 "$pid" 2>/dev/null && break
    sleep 0.1
  done
  if [ -n "$port" ]; then
    (exec 3<>"/dev/tcp/127.0.0.1/$port"
     printf 'POST /auth/v1/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic %s\r\nContent-Length: 0\r\nConnection: close\r\n\r\n' \
       "$(printf 'admin:training' | base64)" >&3
     cat <&3 >/dev/null) 2>/dev/null || true
  fi
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  [ -n "$port" ] && "$java" "${opts[@]}" -XX:AOTMode=create -XX:AOTConfiguration="$tmp/aotconf" \
    -XX:AOTCache="$DIR/cache/squall-server.aot" >>"$tmp/log" 2>&1
}
if [ "$("$DIR/runtime/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/.*java.specification.version = \([0-9]*\).*/\1/p')" -ge 24 ]; then
  say "the server's start-up cache (a training run, about 15 s)…"
  TRAIN="$(mktemp -d)"
  train "$TRAIN" || { rm -f "$DIR/cache/squall-server.aot"; say "no start-up cache: $(tail -3 "$TRAIN/log")"; }
  rm -rf "$TRAIN"
fi

say "archive…"
tar -C "$OUT" -czf "$OUT/$NAME.tar.gz" "$NAME"
say "$OUT/$NAME.tar.gz ($(du -h "$OUT/$NAME.tar.gz" | cut -f1))"
echo "$OUT/$NAME.tar.gz"
