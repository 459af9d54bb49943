#!/usr/bin/env bash
# The case list / case detail benchmark (issue 4 §11) in one command (bench/README.md):
#
#   bash bench/cases.sh [options]        e.g. --sizes 1000 --duration 10s, --no-docs, --help
#
# Builds the server jar if it is missing or older than the sources (mvn -DskipTests package, with the
# bench profile; the whole reactor), else builds only the bench; then runs
# io.shouhu.casework.CaseListBench, which for each store size seeds a fresh mongo-java-server + H2
# store in its own JVM, starts the server jar against it on 127.0.0.1, measures the case list with
# its filters and the case detail at concurrency 8, stops it, prints the figures and writes them to
# docs/performance.md (between the case-bench markers). About 5 minutes per size with the defaults,
# plus the seeding (about a minute per 10,000 cases... see the README).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

for arg in "$@"; do
  if [[ "$arg" == "-h" || "$arg" == "--help" ]]; then
    if [[ -f bench/target/classes/io/shouhu/casework/CaseListBench.class && -f bench/target/classpath.txt ]]; then
      exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.shouhu.casework.CaseListBench --help
    fi
  fi
done

mvn_flags=(-B -ntp -q -DskipTests -Pbench)
jar=server/target/shouhu-server.jar

# As bench/run.sh: the jar's file time is fixed, so freshness is judged by a marker written after
# each full build by either script.
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

# Run from copies of the project's own jars (a directory of its own, so bench/run.sh may run too).
lib=bench/target/cases-lib
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

# The bench JVM hosts the load generator and the embedded store (mongo-java-server + H2).
export BENCH_COMMAND="bash bench/cases.sh${*:+ $*}"
# BENCH_JVM_OPTS: extra flags for the bench JVM, e.g. a JFR recording of the store.
# shellcheck disable=SC2086
exec java -Xms1g -Xmx3g ${BENCH_JVM_OPTS:-} -cp "$classpath" io.shouhu.casework.CaseListBench --repo "$root" --jar "$root/$jar" "$@"
