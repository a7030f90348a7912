#!/usr/bin/env bash
# Proves the image runs: unpacks target/image/openrouter-proxy.tar (built by build.sh) into a temporary root file
# system, checks its config (entry point ends in `serve`, non-root user, port 9998), then runs the entry point there
# with chroot as user 65532 -- nothing from the host but the kernel, and /proc and /dev mounted as a container
# runtime would, in a private mount and PID namespace (unshare) -- with --mock-upstream on a free port, and expects
# GET /health/ready -> 200 and a chat completion through the fake upstream. Needs root (chroot, mount).
# Usage: deploy/image/smoke-test.sh [image.tar]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
image="${1:-$root/target/image/openrouter-proxy.tar}"
fail() { echo "image smoke test FAILED: $*" >&2; exit 1; }
[ -f "$image" ] || fail "no image at $image (run deploy/image/build.sh)"
[ "$(id -u)" = 0 ] || fail "needs root for chroot"

tmp="$(mktemp -d)"
pid=""
children() {  # $1 = pid; prints its child pids (from /proc: the host may lack pgrep)
  local f
  for f in /proc/[0-9]*/stat; do
    awk -v p="$1" '{ if ($4 == p) print $1 }' "$f" 2>/dev/null || true
  done
}
cleanup() {
  # the proxy is PID 1 of its PID namespace: killing it ends everything in there; then unshare
  if [ -n "$pid" ]; then
    kill -KILL $(children "$pid") 2>/dev/null || true
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$tmp/oci" "$tmp/rootfs"
tar -xf "$image" -C "$tmp/oci"
[ -f "$tmp/oci/oci-layout" ] && [ -f "$tmp/oci/index.json" ] || fail "not an OCI layout"
manifest="$(cat "$tmp/oci/manifest.json")"
blobs=()
while IFS= read -r b; do blobs+=("$b"); done < <(grep -o 'blobs/sha256/[0-9a-f]\{64\}' <<<"$manifest")
[ "${#blobs[@]}" -ge 2 ] || fail "manifest.json names no layers"
config="$(cat "$tmp/oci/${blobs[0]}")"
for b in "${blobs[@]}"; do  # every blob's name is its digest
  [ "$(sha256sum "$tmp/oci/$b" | cut -d' ' -f1)" = "${b##*/}" ] || fail "digest mismatch: $b"
done
for layer in "${blobs[@]:1}"; do
  tar -xzf "$tmp/oci/$layer" -C "$tmp/rootfs"
done

entry="$(sed -n 's/.*"Entrypoint":\[\([^]]*\)\].*/\1/p' <<<"$config")"
args=()
while IFS= read -r a; do args+=("$a"); done < <(tr ',' '\n' <<<"$entry" | sed 's/^"//; s/"$//')
user="$(sed -n 's/.*"User":"\([^"]*\)".*/\1/p' <<<"$config")"
[ "${args[-1]}" = serve ] || fail "entry point does not end in serve: $entry"
[ "${args[0]}" = /opt/proxy/bin/java ] || fail "entry point is not the image's java: ${args[0]}"
[ -n "$user" ] && [ "${user%%:*}" != 0 ] && [ "${user%%:*}" != root ] || fail "image runs as root ('$user')"
grep -q '"9998/tcp"' <<<"$config" || fail "port 9998 not exposed"
echo "image config: user $user, entry point ${args[*]}"

env_args=()
while IFS= read -r e; do env_args+=("$e"); done < <(sed -n 's/.*"Env":\[\([^]]*\)\].*/\1/p' <<<"$config" \
  | tr ',' '\n' | sed 's/^"//; s/"$//')
chroot_bin="$(command -v chroot)" || fail "no chroot"
unshare_bin="$(command -v unshare)" || fail "no unshare"
mount_bin="$(command -v mount)" || fail "no mount"
bash_bin="$(command -v bash)"
key="image-smoke-client-key-0001"
log="$tmp/rootfs/tmp/serve.log"
# the image's own environment, plus what an operator sets: client keys (it binds 0.0.0.0) and a port
rootfs="$tmp/rootfs"
if "$unshare_bin" --mount --pid --fork "$bash_bin" -c "\"$mount_bin\" -t proc proc \"$rootfs/proc\"" 2>/dev/null; then
  env -i "${env_args[@]}" PROXY_API_KEYS="$key" OPENROUTER_API_KEY=sk-or-image-smoke-0001 \
    "$unshare_bin" --mount --pid --fork --kill-child "$bash_bin" -c \
    'm=$1 c=$2 u=$3 r=$4; shift 4; "$m" -t proc proc "$r/proc" && "$m" --rbind /dev "$r/dev" && exec "$c" --userspec="$u" "$r" "$@"' \
    _ "$mount_bin" "$chroot_bin" "$user" "$rootfs" "${args[@]}" --mock-upstream --port 0 >"$log" 2>&1 &
else
  # no namespaces here (an unprivileged CI container): plain chroot without /proc, so the loader cannot resolve
  # $ORIGIN and is told where the runtime's libraries are
  echo "image smoke test: unshare/mount not permitted, running with plain chroot" >&2
  env -i "${env_args[@]}" PROXY_API_KEYS="$key" OPENROUTER_API_KEY=sk-or-image-smoke-0001 \
    LD_LIBRARY_PATH=/opt/proxy/lib:/opt/proxy/lib/server \
    "$chroot_bin" --userspec="$user" "$rootfs" "${args[@]}" --mock-upstream --port 0 >"$log" 2>&1 &
fi
pid=$!
port=""
for _ in $(seq 1 600); do
  port="$(sed -n 's/.*listening on http:\/\/[^ ]*:\([0-9]*\).*/\1/p' "$log" | head -1)"
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; fail "the entry point exited"; }
  sleep 0.1
done
[ -n "$port" ] || { cat "$log" >&2; fail "the proxy did not start within 60 s"; }

http() {  # $1 = raw request; prints the response (bash /dev/tcp: the host needs no curl)
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf '%b' "$1" >&3
  timeout 10 cat <&3 || true
  exec 3<&-
}
ready="$(http 'GET /health/ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')"
grep -q '^HTTP/1.1 200' <<<"$ready" || { cat "$log" >&2; fail "GET /health/ready: $ready"; }
body='{"model":"openai/gpt-4o","messages":[{"role":"user","content":"hello"}]}'
chat="$(http "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer $key\r\nContent-Type: application/json\r\nContent-Length: ${#body}\r\n\r\n$body")"
grep -q '^HTTP/1.1 200' <<<"$chat" || { cat "$log" >&2; fail "chat completion: $chat"; }
uid="$(awk '/^Uid:/ {print $2}' "/proc/$(children "$pid" | head -1)/status" 2>/dev/null || true)"
echo "image smoke test passed: $(du -h "$image" | cut -f1) image, /health/ready 200 and a chat completion on port" \
     "$port, process uid ${uid:-?}"
