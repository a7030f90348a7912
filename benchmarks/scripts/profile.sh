#!/usr/bin/env bash
# CPU profile of the proxy under the default `proxy bench` load, with async-profiler (from Maven Central:
# tools.profiler:async-profiler, its jar carries the native agent). Starts the fake upstream and `proxy serve`
# (127.0.0.1 only, access log on, a client key), loads it with `proxy bench --url` (warm-up until steady, then
# DURATION), and has the agent write one collapsed-stack file per 10 s; the last two cover the measured load.
# The usage ledger is on, in OUTDIR/usage.db (PROXY_USAGE_DB=off to leave it out).
# Prints the proxy's CPU per request and a summary of where it went (benchmarks/scripts/profile-summary.py).
#
#   benchmarks/scripts/profile.sh OUTDIR [JVM options of the proxy]
#   EVENT=cpu|itimer|alloc DURATION=20s benchmarks/scripts/profile.sh /tmp/prof-after
#   PROXY_JAR=/path/to/older/proxy-cli.jar benchmarks/scripts/profile.sh /tmp/prof-before -XX:+UseG1GC -Xmx512m
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:?usage: profile.sh OUTDIR [JVM options]}"; shift
gc_opts="-XX:+UseParallelGC -Xms256m -Xmx512m -Xmn160m -XX:-UseAdaptiveSizePolicy -XX:MetaspaceSize=128m"  # bin/proxy's
opts="${*:-$gc_opts}"
JAVA_HOME="${JAVA_HOME:-$("$root/bin/find-java")}"
java="$JAVA_HOME/bin/java"
jar="${PROXY_JAR:-$root/proxy-cli/target/proxy-cli.jar}"
[ -f "$jar" ] || { echo "build first: ./mvnw -B -q package -DskipTests" >&2; exit 1; }
mkdir -p "$out"
ver=4.2
ap="$HOME/.m2/repository/tools/profiler/async-profiler/$ver/async-profiler-$ver.jar"
[ -f "$ap" ] || (cd "$root" && ./mvnw -B -q dependency:get -Dartifact=tools.profiler:async-profiler:$ver -Dtransitive=false)
lib="$out/ap/linux-x64/libasyncProfiler.so"
[ -f "$lib" ] || (mkdir -p "$out/ap" && cd "$out/ap" && "$JAVA_HOME/bin/jar" xf "$ap" linux-x64/libasyncProfiler.so)
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
up_port=$(free_port); px_port=$(free_port)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
# shellcheck disable=SC2086
"$java" $gc_opts -jar "$jar" mock-upstream --port "$up_port" > "$out/upstream.log" 2>&1 &
pids+=($!)
# shellcheck disable=SC2086
OPENROUTER_BASE_URL="http://127.0.0.1:$up_port/api/v1" OPENROUTER_API_KEY=sk-or-profile PROXY_API_KEYS=sk-proxy-profile \
  PROXY_USAGE_DB="${PROXY_USAGE_DB:-$out/usage.db}" \
  "$java" $opts --enable-native-access=ALL-UNNAMED \
  "-agentpath:$lib=start,event=${EVENT:-cpu},interval=${INTERVAL:-1ms},loop=10s,collapsed,file=$out/profile-%n.collapsed" \
  -jar "$jar" serve --port "$px_port" > "$out/proxy.log" 2> "$out/proxy-access.log" &
pids+=($!)
proxy_pid=$!
for _ in $(seq 1 120); do
  (exec 3<>"/dev/tcp/127.0.0.1/$px_port") 2>/dev/null && break
  sleep 0.5
done
"$java" -jar "$jar" bench --url "http://127.0.0.1:$px_port" --api-key sk-proxy-profile -d "${DURATION:-20s}" \
  --no-progress --pid "$proxy_pid" | tee "$out/bench.txt"
sleep 1
kill "$proxy_pid"; wait "$proxy_pid" 2>/dev/null || true
last=$(ls "$out"/profile-*.collapsed | sort -V | tail -2)
echo "== profile of the last 20 s ($(echo $last | xargs -n1 basename | tr '\n' ' '))"
# shellcheck disable=SC2086
python3 "$root/benchmarks/scripts/profile-summary.py" $last
