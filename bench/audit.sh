#!/usr/bin/env bash
# The access-audit overhead benchmark (bench/README.md, "Audit overhead on reads") in one command:
#
#   bash bench/audit.sh [options]     e.g. --cases 1000 --duration 20s --warmup 5s, --help
#
# Builds the bench and the modules it depends on (mvn -DskipTests -Pbench -pl bench -am package; the
# server jar is not needed), then runs io.shouhu.casework.AuditOverheadBench, which seeds a fresh
# mongo-java-server + H2 store in its own JVM (personal-data encryption on) and times
# CaseManagement.file and Triage.report at concurrency 8, with the real audit trail (a) and with one
# that records nothing (b), alternating a, b, a, b. Prints the figures; writes no file.
# About 4 minutes with the defaults (2 calls x 2 variants x 2 rounds x (5 s + 20 s), plus one phase).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

for arg in "$@"; do
  if [[ "$arg" == "-h" || "$arg" == "--help" ]]; then
    if [[ -f bench/target/classes/io/shouhu/casework/AuditOverheadBench.class && -f bench/target/classpath.txt ]]; then
      exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.shouhu.casework.AuditOverheadBench --help
    fi
  fi
done

mvn_flags=(-B -ntp -q -DskipTests -Pbench)
echo "building the bench (mvn ${mvn_flags[*]} -pl bench -am package)" >&2
mvn "${mvn_flags[@]}" -pl bench -am package

# Run from copies of the project's own jars (a directory of its own, so the other bench scripts and
# concurrent builds do not change them under the run).
lib=bench/target/audit-lib
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

echo "load average before: $(cat /proc/loadavg)" >&2
export BENCH_COMMAND="bash bench/audit.sh${*:+ $*}"
# The bench JVM hosts the load generator and the embedded store (mongo-java-server + H2).
# BENCH_JVM_OPTS: extra flags for the bench JVM, e.g. a JFR recording.
status=0
# shellcheck disable=SC2086
java -Xms1g -Xmx1g ${BENCH_JVM_OPTS:-} -cp "$classpath" io.shouhu.casework.AuditOverheadBench "$@" || status=$?
echo "load average after: $(cat /proc/loadavg)" >&2
exit "$status"
