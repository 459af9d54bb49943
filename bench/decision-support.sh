#!/usr/bin/env bash
# The decision-support benchmark (issue 7, point 6) in one command (bench/README.md):
#
#   bash bench/decision-support.sh [options]     e.g. --duration 20s --no-docs, --help
#
# Builds the server jar if it is missing or older than the sources (mvn -DskipTests package, with the
# bench profile; the whole reactor), else builds only the bench; then runs
# io.shouhu.bench.DecisionSupportBench, which starts the server jar as a child process on 127.0.0.1
# (as bench/run.sh does), asks $assess-reportability and the CDS Hooks service about the visits of the
# scenario corpus at concurrency 8 and 1, stops the server, prints the figures and writes them to
# docs/performance.md (between the decision-support markers). About 4 minutes with the defaults.
#
# BENCH_JVM_OPTS: extra flags for the bench JVM (the load generator).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

for arg in "$@"; do
  if [[ "$arg" == "-h" || "$arg" == "--help" ]]; then
    if [[ -f bench/target/classes/io/shouhu/bench/DecisionSupportBench.class && -f bench/target/classpath.txt ]]; then
      exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.shouhu.bench.DecisionSupportBench --help
    fi
  fi
done

mvn_flags=(-B -ntp -q -DskipTests -Pbench)
jar=server/target/shouhu-server.jar

# As bench/run.sh: the jar's file time is fixed, so freshness is judged by a marker written after
# each full build by the bench scripts.
marker=bench/target/.server-built
stale=""
if [[ ! -f "$jar" ]]; then
  stale="missing"
elif [[ ! -f "$marker" ]]; then
  stale="not built by the bench scripts"
elif [[ pom.xml -nt "$marker" ]] || [[ -n "$(find casework fhir-adapter notification api server \
    \( -path '*/src/main/*' -o -name pom.xml \) -newer "$marker" -print -quit 2>/dev/null)" ]]; then
  stale="older than the sources"
fi

if [[ -n "$stale" ]]; then
  echo "server jar $stale: building everything (mvn ${mvn_flags[*]} package)" >&2
  mkdir -p bench/target
  touch "$marker.new"
  mvn "${mvn_flags[@]}" package
  mv "$marker.new" "$marker"
else
  echo "building the bench (mvn ${mvn_flags[*]} -pl bench -am package)" >&2
  mvn "${mvn_flags[@]}" -pl bench -am package
fi

# Run from copies of the project's own jars (a directory of its own, so the other benches may be
# built meanwhile; the server jar is copied into the server's temp dir by the bench).
lib=bench/target/decision-support-lib
rm -rf "$lib" && mkdir -p "$lib"
cp -r bench/target/classes "$lib/classes"
classpath="$lib/classes"
IFS=: read -r -a entries < bench/target/classpath.txt || true
for entry in "${entries[@]}"; do
  # the project's own jars: from the reactor, or from ~/.m2 where a concurrent `mvn install` may replace them
  if [[ "$entry" == "$root"/*/target/*.jar || "$entry" == */repository/io/shouhu/* ]]; then
    cp "$entry" "$lib/"
    entry="$lib/$(basename "$entry")"
  fi
  classpath="$classpath:$entry"
done

export BENCH_COMMAND="bash bench/decision-support.sh${*:+ $*}"
# shellcheck disable=SC2086
exec java -Xms512m -Xmx1g ${BENCH_JVM_OPTS:-} -cp "$classpath" io.shouhu.bench.DecisionSupportBench \
  --repo "$root" --jar "$root/$jar" "$@"
