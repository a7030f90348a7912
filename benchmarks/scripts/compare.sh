#!/usr/bin/env bash
# Reproduces the tables of BENCHMARKS.md: the fake upstream alone ("direct"), a plain nginx reverse proxy in front of
# it (the floor), and our proxy in front of it, measured with `proxy bench --url` and, as a second opinion, `wrk`.
# Needs: a built project (./mvnw -B -q package -DskipTests), nginx and wrk (apt-get install -y nginx-light wrk).
# Everything listens on 127.0.0.1 only; nginx runs with a private config under a temp dir; all runs are bounded.
#
#   benchmarks/scripts/compare.sh [sections...]
#   sections: ceiling closed rate paced stream held wrk (default: all); `wrk paced` is the issue-9 check
#   ceiling = the load generator's own limit against nginx answering by itself, beside wrk on the same URL
#   paced   = direct and proxy at a constant 200 req/s: the latency the proxy adds when it is not loaded
#   At the end a verdict: proxy/nginx wrk throughput at c=100 (>= 0.45) and the added p99 at 200 req/s (< 1 ms).
#   DURATION=10s WARMUP=5s PROXY_JVM_OPTS="-XX:+UseParallelGC -Xms256m -Xmx512m -Xmn160m" compare.sh closed
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAVA_HOME="${JAVA_HOME:-$("$root/bin/find-java")}"
java="$JAVA_HOME/bin/java"
cp="$root/proxy-cli/target/proxy-cli.jar"
[ -f "$cp" ] || { echo "build first: ./mvnw -B -q package -DskipTests" >&2; exit 1; }
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-5s}"
gc_opts=(-XX:+UseParallelGC -Xms256m -Xmx512m -Xmn160m -XX:-UseAdaptiveSizePolicy -XX:MetaspaceSize=128m)  # bin/proxy's
read -r -a proxy_opts <<< "${PROXY_JVM_OPTS:-${gc_opts[*]}}"
sections=("$@")
[ ${#sections[@]} -gt 0 ] || sections=(ceiling closed rate paced stream held wrk)
work="$(mktemp -d /tmp/proxy-compare.XXXXXX)"
pids=()
cleanup() {
  for fd in 3 4 5 6; do eval "exec $fd>&-" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# start_target NAME FD ARGS...: a TargetMain child JVM whose stdin is a fifo held open on FD; sets port_NAME, pid_NAME
start_target() {
  local name="$1" fd="$2"; shift 2
  mkfifo "$work/$name.in"
  local opts=("${gc_opts[@]}")
  [ "$name" = proxy ] || [ "$name" = sproxy ] && opts=("${proxy_opts[@]}")
  "$java" "${opts[@]}" -cp "$cp" org.openrouterproxy.bench.TargetMain "$@" < "$work/$name.in" > "$work/$name.log" 2>&1 &
  pids+=($!)
  eval "pid_$name=$!"
  eval "exec $fd>\"$work/$name.in\""
  for _ in $(seq 1 600); do
    if grep -q '^LISTENING ' "$work/$name.log"; then
      eval "port_$name=$(grep '^LISTENING ' "$work/$name.log" | head -1 | cut -d' ' -f2)"
      return 0
    fi
    sleep 0.1
  done
  echo "$name did not start:" >&2; cat "$work/$name.log" >&2; exit 1
}

start_nginx() {
  local port_up="$1" port="$2"
  mkdir -p "$work/ngx"
  cat > "$work/ngx/nginx.conf" <<NGX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/ngx/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $work/ngx/body; proxy_temp_path $work/ngx/proxy; fastcgi_temp_path $work/ngx/fcgi;
  uwsgi_temp_path $work/ngx/uwsgi; scgi_temp_path $work/ngx/scgi;
  keepalive_requests 1000000;
  upstream fake { server 127.0.0.1:$port_up; keepalive 256; }
  server {
    listen 127.0.0.1:$port;
    location = /static/chat/completions {
      default_type application/json;
      return 200 '{"id":"gen-1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hi"}}]}';
    }
    location / {
      proxy_pass http://fake; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_buffering off; proxy_request_buffering off; tcp_nodelay on;
    }
  }
}
NGX
  nginx -c "$work/ngx/nginx.conf"
}

bench() { # bench LABEL ARGS...  (one `proxy bench --url` run; the report goes to stdout; given -d/--warmup win)
  local label="$1"; shift
  local extra=()
  printf '%s\n' "$@" | grep -qx -- -d || extra+=(-d "$DURATION")
  printf '%s\n' "$@" | grep -qx -- --warmup || extra+=(--warmup "$WARMUP")
  echo; echo "=== $label   [$(uptime | sed 's/.*load average/load average/')]"
  "$java" -cp "$cp" org.openrouterproxy.cli.Main bench --no-progress --target-p99 1000000 --target-qps 0 \
      "${extra[@]}" "$@" | grep -v '^Verdict\|^  PASS\|^  FAIL\|^Targets' || true
}

make_lua() { # make_lua KEY: a wrk script POSTing the same ~3 KB chat body as proxy bench, with a bearer KEY
  [ -f "$work/body.json" ] || "$java" -cp "$cp" org.openrouterproxy.bench.ChatBodies 3000 > "$work/body.json"
  cat > "$work/post-$1.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $1"
local f = io.open("$work/body.json", "rb"); wrk.body = f:read("*a"); f:close()
LUA
  echo "$work/post-$1.lua"
}

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

start_streaming() { # a second fake upstream (64 chunks, 20 ms apart) and proxy for the streaming cases, warmed up
  [ -z "${port_sproxy:-}" ] || return 0
  start_target smock 5 mock 0 64 20 0
  start_target sproxy 6 proxy 0 "http://127.0.0.1:$port_smock/api/v1" true
  bench "warm-up of the streaming proxy (discarded)" --url "http://127.0.0.1:$port_sproxy" --api-key sk-proxy-bench \
      --stream -c 100 -d 15s --warmup 0s > /dev/null
}

start_target mock 3 mock 0 5 0 0
start_target proxy 4 proxy 0 "http://127.0.0.1:$port_mock/api/v1" true
nginx_port="$(free_port)"
start_nginx "$port_mock" "$nginx_port"
direct="--url http://127.0.0.1:$port_mock/api/v1 --api-key sk-or-bench"
viangx="--url http://127.0.0.1:$nginx_port/api/v1 --api-key sk-or-bench"
viaproxy="--url http://127.0.0.1:$port_proxy --api-key sk-proxy-bench --pid $pid_proxy"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; $("$java" -version 2>&1 | head -1); nginx $(nginx -v 2>&1 | cut -d/ -f2)"
echo "fake upstream pid $pid_mock port $port_mock; proxy pid $pid_proxy port $port_proxy (${proxy_opts[*]}); nginx port $nginx_port"
# JIT warm-up of the fresh JVMs (fake upstream, proxy) until throughput is steady (at most 60 s), then 5 s more;
# output discarded
bench "warm-up of proxy and fake upstream (discarded)" $viaproxy -c 100 -d 5s --warmup 60s > /dev/null

p99_of() { # p99_of JSONFILE: the corrected end-to-end p99 in ms from a `proxy bench --json` report
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["latency"]["p99"])' "$1"
}
rps_of() { # rps_of WRKOUTPUT: wrk's Requests/sec
  awk '/^Requests\/sec:/ {print $2}' "$1"
}

for s in "${sections[@]}"; do
  case "$s" in
    ceiling)
      bench "generator ceiling: nginx static c=100" --url "http://127.0.0.1:$nginx_port/static" -c 100
      echo; echo "=== wrk ceiling: nginx static c=100   [$(uptime | sed 's/.*load average/load average/')]"
      wrk -t2 -c100 -d"${DURATION%s}s" --latency -s "$(make_lua x)" "http://127.0.0.1:$nginx_port/static/chat/completions" ;;
    closed)
      for c in 1 100 1000; do
        bench "direct c=$c" $direct -c "$c"
        bench "nginx c=$c" $viangx -c "$c"
        bench "proxy c=$c" $viaproxy -c "$c"
      done ;;
    rate)
      bench "direct R=2000" $direct -c 100 -R 2000
      bench "nginx R=2000" $viangx -c 100 -R 2000
      bench "proxy R=2000" $viaproxy -c 100 -R 2000 ;;
    paced)
      bench "direct R=200" $direct -c 10 -R 200 -d 15s --json "$work/paced-direct.json"
      bench "proxy R=200" $viaproxy -c 10 -R 200 -d 15s --json "$work/paced-proxy.json" ;;
    stream)
      start_streaming
      sdirect="--url http://127.0.0.1:$port_smock/api/v1 --api-key sk-or-bench"
      sproxy="--url http://127.0.0.1:$port_sproxy --api-key sk-proxy-bench --pid $pid_sproxy"
      bench "stream direct c=100 (64 chunks, 20 ms)" $sdirect --stream -c 100 --expect-chunks 66
      bench "stream proxy c=100 (64 chunks, 20 ms)" $sproxy --stream -c 100 --expect-chunks 66 ;;
    held)
      start_streaming
      bench "stream direct c=2000 held" --url "http://127.0.0.1:$port_smock/api/v1" --api-key sk-or-bench \
          --stream -c 2000 --expect-chunks 66
      bench "stream proxy c=2000 held" --url "http://127.0.0.1:$port_sproxy" --api-key sk-proxy-bench \
          --pid "$pid_sproxy" --stream -c 2000 --expect-chunks 66 ;;
    wrk)
      for target in "direct http://127.0.0.1:$port_mock/api/v1/chat/completions sk-or-bench" \
                    "nginx http://127.0.0.1:$nginx_port/api/v1/chat/completions sk-or-bench" \
                    "proxy http://127.0.0.1:$port_proxy/v1/chat/completions sk-proxy-bench"; do
        read -r name url key <<< "$target"
        lua="$(make_lua "$key")"
        echo; echo "=== wrk $name c=100   [$(uptime | sed 's/.*load average/load average/')]"
        wrk -t2 -c100 -d5s -s "$lua" "$url" > /dev/null   # warm-up
        wrk -t2 -c100 -d"${DURATION%s}s" --latency -s "$lua" "$url" | tee "$work/wrk-$name.txt"
      done ;;
    *) echo "unknown section $s" >&2; exit 2 ;;
  esac
done
echo; echo "proxy RSS now: $(grep VmRSS /proc/"$pid_proxy"/status)"

verdict=0
if [ -f "$work/wrk-proxy.txt" ] && [ -f "$work/wrk-nginx.txt" ]; then
  ratio=$(python3 -c 'import sys; print(f"{float(sys.argv[1]) / float(sys.argv[2]):.2f}")' \
      "$(rps_of "$work/wrk-proxy.txt")" "$(rps_of "$work/wrk-nginx.txt")")
  ok=$(python3 -c 'import sys; print("PASS" if float(sys.argv[1]) >= 0.45 else "FAIL")' "$ratio")
  echo "$ok  wrk c=100 JSON throughput: proxy $(rps_of "$work/wrk-proxy.txt") req/s = ${ratio}x nginx's" \
      "$(rps_of "$work/wrk-nginx.txt") req/s (target >= 0.45x)"
  [ "$ok" = PASS ] || verdict=1
fi
if [ -f "$work/paced-proxy.json" ] && [ -f "$work/paced-direct.json" ]; then
  read -r added ok < <(python3 -c 'import sys; a = float(sys.argv[1]) - float(sys.argv[2]);
print(f"{a:.3f}", "PASS" if a < 1.0 else "FAIL")' "$(p99_of "$work/paced-proxy.json")" "$(p99_of "$work/paced-direct.json")")
  echo "$ok  200 req/s: proxy p99 $(p99_of "$work/paced-proxy.json") ms, direct p99" \
      "$(p99_of "$work/paced-direct.json") ms, added ${added} ms (target < 1 ms)"
  [ "$ok" = PASS ] || verdict=1
fi
exit "$verdict"
