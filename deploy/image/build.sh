#!/usr/bin/env bash
# Builds the container image WITHOUT a Docker daemon or registry: target/image/openrouter-proxy.tar, an OCI image
# layout that is also a `docker load` archive. Three layers:
#   base    - what the JVM needs from this Debian host (glibc and the other libraries `ldd` lists), /etc/passwd and
#             /etc/group with the non-root user proxy (65532), /tmp: a distroless-style base without a registry
#   runtime - a jlink'd Java runtime of just the JDK modules the proxy uses (jdeps), at /opt/proxy
#   app     - proxy-cli.jar and its lib/ (the same jars `bin/proxy` runs), at /opt/proxy/app
# Entrypoint: /opt/proxy/bin/java <flags> -jar /opt/proxy/app/proxy-cli.jar serve   (same environment variables
# as `proxy serve`; OPENAI_PROXY_HOST=0.0.0.0 is preset, so PROXY_API_KEYS must be set, see README).
# Needs: a JDK 21+ whose jlink can link (jmods present, or a linkable runtime like Temurin 24+), ldd, tar, gzip,
# sha256sum. Usage: deploy/image/build.sh [--skip-build]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
JAVA_HOME="$(bin/find-java)"
export JAVA_HOME
name=openrouter-proxy
out="$root/target/image"
work="$out/work"
jar="$root/proxy-cli/target/proxy-cli.jar"

if [ "${1:-}" != "--skip-build" ] || [ ! -f "$jar" ]; then
  echo "image: building the jars" >&2
  ./mvnw -B -q -DskipTests package >&2
fi
version="$(sed -n 's:^    <version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
version="${version:-dev}"

rm -rf "$work"
mkdir -p "$work/base" "$work/runtime/opt" "$work/app/opt/proxy/app/lib" "$work/blobs/sha256" "$work/jdeps"

# --- which JDK modules: jdeps over every jar as plain class path (module descriptors removed: `java -jar` runs
# them on the class path), plus jdk.crypto.ec for TLS to older peers
for j in "$root"/proxy-cli/target/lib/*.jar "$jar"; do
  d="$work/jdeps/$(basename "$j" .jar)"
  mkdir -p "$d"
  (cd "$d" && "$JAVA_HOME/bin/jar" xf "$j")
  find "$d" -name module-info.class -delete
  rm -rf "$d/META-INF/versions"
done
modules="$("$JAVA_HOME/bin/jdeps" --ignore-missing-deps --print-module-deps "$work"/jdeps/* 2>/dev/null | tail -1)"
modules="$modules,jdk.crypto.ec"
echo "image: jlink modules $modules" >&2

# --- runtime layer
if ! "$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
     --compress=zip-6 --output "$work/runtime/opt/proxy" >"$work/jlink.log" 2>&1; then
  cat "$work/jlink.log" >&2
  echo "image: jlink failed; this JDK cannot link: install its jmods (Debian: apt-get install openjdk-21-jmods)" \
       "or use a JDK 24+ built with a linkable runtime (e.g. Temurin)" >&2
  exit 1
fi

# a headless server: the desktop module stays for java.beans (Jackson), its native GUI and sound parts go
rm -f "$work/runtime/opt/proxy/lib/"{libawt_xawt.so,libjawt.so,libsplashscreen.so,libjsound.so}

# --- app layer: the jar and its Class-Path lib/
cp "$jar" "$work/app/opt/proxy/app/proxy-cli.jar"
cp "$root"/proxy-cli/target/lib/*.jar "$work/app/opt/proxy/app/lib/"

# --- base layer: the host libraries the runtime links against, resolved the way the dynamic loader does
libs="$( { ldd "$work/runtime/opt/proxy/bin/java"; find "$work/runtime/opt/proxy/lib" -name '*.so' -exec ldd {} \; ; } \
  2>/dev/null | awk '/=> \// {print $3} /^\s*\/[^ ]+ \(/ {print $1}' | sort -u)"
for lib in $libs; do
  case "$lib" in "$work"/*) continue ;; esac
  mkdir -p "$work/base$(dirname "$lib")"
  cp -L "$lib" "$work/base$lib"
done
# the loader's canonical path, whatever ldd printed
for ld in /lib64/ld-linux-x86-64.so.2 /lib/ld-linux-aarch64.so.1; do
  if [ -e "$ld" ] && [ ! -e "$work/base$ld" ]; then
    mkdir -p "$work/base$(dirname "$ld")"
    cp -L "$ld" "$work/base$ld"
  fi
done
# proc, sys and dev: mount points the container runtime fills
mkdir -p "$work/base/etc" "$work/base/tmp" "$work/base/home/proxy" "$work/base/proc" "$work/base/sys" "$work/base/dev"
chmod 1777 "$work/base/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nproxy:x:65532:65532:openrouter-proxy:/home/proxy:/sbin/nologin\n' \
  > "$work/base/etc/passwd"
printf 'root:x:0:\nproxy:x:65532:\n' > "$work/base/etc/group"
printf 'hosts: files dns\n' > "$work/base/etc/nsswitch.conf"

# --- layers: reproducible tars (sorted, owner root, mtime 0), gzip'd
layer() {  # $1 = directory; prints "<diff_id> <digest> <size>"
  local dir="$1" tarfile="$work/$(basename "$1").tar"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='@0' --format=posix \
      --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
      -C "$dir" -cf "$tarfile" .
  local diff; diff="$(sha256sum "$tarfile" | cut -d' ' -f1)"
  gzip -n -6 -c "$tarfile" > "$tarfile.gz"
  local digest; digest="$(sha256sum "$tarfile.gz" | cut -d' ' -f1)"
  mv "$tarfile.gz" "$work/blobs/sha256/$digest"
  rm -f "$tarfile"
  echo "$diff $digest $(stat -c %s "$work/blobs/sha256/$digest")"
}
read -r base_diff base_dig base_size < <(layer "$work/base")
read -r rt_diff rt_dig rt_size < <(layer "$work/runtime")
read -r app_diff app_dig app_size < <(layer "$work/app")

# --- config: entrypoint, user, env, port
entrypoint='"/opt/proxy/bin/java","-XX:+UseG1GC","-XX:MaxRAMPercentage=60","-XX:InitialRAMPercentage=10",'
entrypoint+='"-XX:G1PeriodicGCInterval=30000","-XX:+ExitOnOutOfMemoryError","-XX:-UsePerfData",'
entrypoint+='"--enable-native-access=ALL-UNNAMED","-Dsun.stdout.encoding=UTF-8","-Djava.io.tmpdir=/tmp",'
entrypoint+='"-Djava.awt.headless=true",'
entrypoint+='"-jar","/opt/proxy/app/proxy-cli.jar","serve"'
cat > "$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":{"User":"65532:65532","ExposedPorts":{"9998/tcp":{}},"Env":["PATH=/opt/proxy/bin","OPENAI_PROXY_HOST=0.0.0.0","OPENAI_PROXY_PORT=9998","HOME=/home/proxy","PROXY_USAGE_DB=off"],"Entrypoint":[$entrypoint],"WorkingDir":"/home/proxy","Labels":{"org.opencontainers.image.title":"$name","org.opencontainers.image.version":"$version","org.opencontainers.image.description":"OpenAI-compatible proxy in front of OpenRouter"}},"rootfs":{"type":"layers","diff_ids":["sha256:$base_diff","sha256:$rt_diff","sha256:$app_diff"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"deploy/image/build.sh: host libraries, /etc/passwd, /tmp"},{"created":"1970-01-01T00:00:00Z","created_by":"deploy/image/build.sh: jlink $modules"},{"created":"1970-01-01T00:00:00Z","created_by":"deploy/image/build.sh: proxy-cli.jar and lib/"}]}
JSON
cfg_dig="$(sha256sum "$work/config.json" | cut -d' ' -f1)"
cfg_size="$(stat -c %s "$work/config.json")"
mv "$work/config.json" "$work/blobs/sha256/$cfg_dig"

gz='application/vnd.oci.image.layer.v1.tar+gzip'
cat > "$work/manifest.oci.json" <<JSON
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:$cfg_dig","size":$cfg_size},"layers":[{"mediaType":"$gz","digest":"sha256:$base_dig","size":$base_size},{"mediaType":"$gz","digest":"sha256:$rt_dig","size":$rt_size},{"mediaType":"$gz","digest":"sha256:$app_dig","size":$app_size}]}
JSON
man_dig="$(sha256sum "$work/manifest.oci.json" | cut -d' ' -f1)"
man_size="$(stat -c %s "$work/manifest.oci.json")"
mv "$work/manifest.oci.json" "$work/blobs/sha256/$man_dig"

mkdir -p "$work/image"
mv "$work/blobs" "$work/image/blobs"
printf '{"imageLayoutVersion":"1.0.0"}' > "$work/image/oci-layout"
cat > "$work/image/index.json" <<JSON
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:$man_dig","size":$man_size,"annotations":{"io.containerd.image.name":"docker.io/library/$name:$version","org.opencontainers.image.ref.name":"$version"}}]}
JSON
# docker load (also pre-OCI Docker) reads manifest.json: Config first, then Layers in order
cat > "$work/image/manifest.json" <<JSON
[{"Config":"blobs/sha256/$cfg_dig","RepoTags":["$name:$version","$name:latest"],"Layers":["blobs/sha256/$base_dig","blobs/sha256/$rt_dig","blobs/sha256/$app_dig"]}]
JSON
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='@0' -C "$work/image" -cf "$out/$name.tar" .
rm -rf "$work"
echo "image: $out/$name.tar ($(du -h "$out/$name.tar" | cut -f1); layers base $((base_size / 1024)) KiB," \
     "runtime $((rt_size / 1024)) KiB, app $((app_size / 1024)) KiB, gzip'd); load with: docker load -i $out/$name.tar"
