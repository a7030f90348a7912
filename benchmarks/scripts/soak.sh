#!/usr/bin/env bash
# Soak test (not run in CI): RSS of a standalone proxy at idle, during a steady mixed load, and after it stops.
# Usage: benchmarks/scripts/soak.sh [LOAD_DURATION=10m] [JSON_RATE=400] [STREAMS=50] [OUT_DIR=/tmp/proxy-soak]
# Three JVMs: the fake OpenRouter (64 chunks 20 ms apart per stream), `proxy serve` (bin/proxy's JVM flags, client
# keys, access log to a file), and two `proxy bench --url` load generators: JSON at a constant rate, and N
# connections streaming back to back. RSS (VmRSS of the proxy) is sampled every 10 s into $OUT_DIR/rss.tsv.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
load="${1:-10m}"; rate="${2:-400}"; streams="${3:-50}"; out="${4:-/tmp/proxy-soak}"
mkdir -p "$out"
export PROXY_SKIP_BUILD=1
proxy="$root/bin/proxy"
key="soak-client-key-$RANDOM$RANDOM"
mport=$((20000 + RANDOM % 20000)); pport=$((mport + 1))

"$proxy" mock-upstream --port "$mport" --chunks 64 --chunk-interval 20ms >"$out/mock.log" 2>&1 &
mock=$!
sleep 3
PROXY_API_KEYS="$key" OPENROUTER_API_KEY="sk-or-soak-upstream" \
  "$proxy" serve --port "$pport" --base-url "http://127.0.0.1:$mport/api/v1" >"$out/proxy.out" 2>"$out/access.log" &
sleep 4
pid="$(pgrep -f "proxy-cli.jar serve --port $pport" | head -1)"
trap 'kill $mock $pid 2>/dev/null || true' EXIT

rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
sample() { # phase seconds
  local end=$((SECONDS + $2))
  while [ $SECONDS -lt $end ]; do
    printf '%s\t%s\t%s\n' "$(date -u +%H:%M:%S)" "$1" "$(rss)" >>"$out/rss.tsv"; sleep 10
  done
}
printf 'time\tphase\trss_kb\n' >"$out/rss.tsv"
sample idle 60
secs=$(( $(echo "$load" | sed -E 's/m$/*60/; s/s$//') ))
"$proxy" bench --url "http://127.0.0.1:$pport" --api-key "$key" -R "$rate" -c 50 -d "$load" --warmup 0s \
  --no-progress --pid "$pid" --json "$out/json-bench.json" >"$out/json-bench.txt" 2>&1 &
b1=$!
"$proxy" bench --url "http://127.0.0.1:$pport" --api-key "$key" --stream -c "$streams" -d "$load" --warmup 0s \
  --no-progress --json "$out/stream-bench.json" >"$out/stream-bench.txt" 2>&1 &
b2=$!
sample load "$secs"
wait $b1 $b2 || true
sample after 180
curl -s "http://127.0.0.1:$pport/metrics" >"$out/metrics.txt" || true
echo "soak done: $out/rss.tsv" >&2
