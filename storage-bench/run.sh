#!/usr/bin/env bash
# Runs the StorageKit bench: builds storage-bench, installs what it needs (rclone and awscli from
# Debian, the S3Proxy jar from Maven Central, Azurite from npm), then measures every backend side by
# side with its peers and prints the tables. Quick sizes by default; --full for the issue's sizes.
#   storage-bench/run.sh [--full] [--runs N] [--backends local,s3,s3-rgw,azure] [--no-memory] [--keep] [--report FILE]
#   (s3-rgw: Ceph's RADOS Gateway, needs apt-get install -y ceph-mon ceph-mgr ceph-osd radosgw ceph-common)
#   storage-bench/run.sh --checksums   (also runs the JMH micro-benchmark of the checksums, ~1 minute)
set -euo pipefail

S3PROXY_VERSION=2.7.0

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
keep=false
checksums=false
args=()
for a in "$@"; do
  case "$a" in
    -h|--help)
      sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
      exit 0 ;;
    --keep) keep=true ;;
    --checksums) checksums=true ;;
    *) args+=("$a") ;;
  esac
done

log() { echo "[run.sh] $*" >&2; }
mvn_settings=()
if [ -f "$root/.mvn/settings.xml" ]; then
  mvn_settings=(-s "$root/.mvn/settings.xml")
fi

# --- peers, from Debian (prefer the packaged aws over shims such as pyenv's)
if ! command -v rclone >/dev/null 2>&1 || [ ! -x /usr/bin/aws ] || [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing rclone and awscli from Debian"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rclone awscli time >/dev/null
  else
    log "rclone or /usr/bin/aws missing and cannot apt-get install them; their figures will be missing"
  fi
fi

# --- the bench itself (no install: other builds share ~/.m2)
log "building storage-bench"
(cd "$root" && mvn "${mvn_settings[@]}" -B -q -ntp package dependency:build-classpath -pl storage-bench,storage-cli -am -DskipTests \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime)
classpath="$here/target/classes:$(cat "$here/target/classpath.txt")"

# --- S3Proxy, the standalone jar
jar="$here/target/s3proxy/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar"
if [ ! -f "$jar" ]; then
  log "fetching S3Proxy $S3PROXY_VERSION"
  (cd "$here" && mvn "${mvn_settings[@]}" -B -q -ntp -N org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies" \
    -DoutputDirectory="$here/target/s3proxy") || log "could not fetch S3Proxy; S3 will not be measured"
fi

# --- Azurite: the bench installs it with npm on first use (storage-testing's AzuriteServer, the same
# pinned version and cache folder as the tests); STORAGEKIT_AZURITE_HOME chooses another folder
azurite=()
if [ -n "${STORAGEKIT_AZURITE_HOME:-}" ]; then
  azurite=(--azurite-home "$STORAGEKIT_AZURITE_HOME")
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/storagekit-bench.XXXXXX")"
if ! $keep; then
  trap 'rm -rf "$work"' EXIT
else
  log "keeping $work"
fi
report="$here/target/bench-results.md"

java -cp "$classpath" org.storagekit.bench.Bench --work "$work" --s3proxy-jar "$jar" \
  --cli-jar "$root/storage-cli/target/storage.jar" \
  "${azurite[@]}" --report "$report" "${args[@]}"

if $checksums; then
  log "JMH: checksum cost per MiB"
  java -cp "$classpath" org.openjdk.jmh.Main ChecksumBenchmark -f 1 -wi 2 -w 1s -i 3 -r 2s
fi
