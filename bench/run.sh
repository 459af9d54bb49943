#!/usr/bin/env bash
# The report-intake benchmark in one command (bench/README.md):
#
#   bash bench/run.sh [options]          e.g. --duration 20s, --floor-baseline, --help
#
# Builds the server jar if it is missing or older than the sources (mvn -DskipTests package, with the
# bench profile; the whole reactor), else builds only the bench; then runs io.shouhu.bench.Bench, which starts the server
# jar as a child process on 127.0.0.1 with a fresh embedded store, measures, stops it, prints the
# figures and writes them to docs/performance.md. 7 to 10 minutes with the defaults.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

mvn_flags=(-B -ntp -q -DskipTests -Pbench)
jar=server/target/shouhu-server.jar

# The jar's file time is the fixed project.build.outputTimestamp, so freshness is judged by a marker
# written after each full build here.
marker=bench/target/.server-built
stale=""
if [[ ! -f "$jar" ]]; then
  stale="missing"
elif [[ ! -f "$marker" ]]; then
  stale="not built by this script"
elif [[ pom.xml -nt "$marker" ]] || [[ -n "$(find casework fhir-adapter notification api server \
    \( -path '*/src/main/*' -o -name pom.xml \) -newer "$marker" -print -quit 2>/dev/null)" ]]; then
  stale="older than the sources"
fi

if [[ -n "$stale" ]]; then
  echo "server jar $stale: building everything (mvn ${mvn_flags[*]} package)" >&2
  mkdir -p bench/target
  touch "$marker.new"   # the time the build started: a source changed during the build counts as newer
  mvn "${mvn_flags[@]}" package
  mv "$marker.new" "$marker"
else
  echo "building the bench (mvn ${mvn_flags[*]} -pl bench -am package)" >&2
  mvn "${mvn_flags[@]}" -pl bench -am package
fi

# Run from copies of the project's own jars, so that a build started meanwhile cannot change them
# under the running bench (the bench copies the server jar into the server's temp dir likewise).
lib=bench/target/run-lib
rm -rf "$lib" && mkdir -p "$lib"
cp -r bench/target/classes "$lib/classes"
classpath="$lib/classes"
IFS=: read -r -a entries < bench/target/classpath.txt || true  # one line, maybe without a newline
for entry in "${entries[@]}"; do
  if [[ "$entry" == "$root"/*/target/*.jar ]]; then
    cp "$entry" "$lib/"
    entry="$lib/$(basename "$entry")"
  fi
  classpath="$classpath:$entry"
done

# The bench's own JVM hosts the load generator and, afterwards, the in-process validation floor.
export BENCH_COMMAND="bash bench/run.sh${*:+ $*}"
exec java -Xms1g -Xmx2g -cp "$classpath" io.shouhu.bench.Bench --repo "$root" --jar "$root/$jar" "$@"
