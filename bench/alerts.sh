#!/usr/bin/env bash
# The alert benchmark (bench/README.md, "Alerts to FCM") in one command:
#
#   bash bench/alerts.sh [options]     e.g. --changes 1000 --rate 50 --devices-per-person 2, --help
#
# Builds the bench and the modules it depends on (mvn -DskipTests -Pbench -pl bench -am package; the
# server jar is not needed), then runs io.shouhu.notification.AlertBench: in one JVM, a fresh
# mongo-java-server + H2 store, a WireMock FCM stub reached through the real Firebase Admin SDK, and the
# notification classes wired as the application wires them; publishes alert-causing casework events
# (TaskAssigned) at a fixed rate and times each change to the arrival of its FCM requests at the stub.
# Prints the figures; writes no file. About 30 s with the defaults.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

for arg in "$@"; do
  if [[ "$arg" == "-h" || "$arg" == "--help" ]]; then
    if [[ -f bench/target/classes/io/shouhu/notification/AlertBench.class && -f bench/target/classpath.txt ]]; then
      exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.shouhu.notification.AlertBench --help
    fi
  fi
done

mvn_flags=(-B -ntp -q -DskipTests -Pbench)
echo "building the bench (mvn ${mvn_flags[*]} -pl bench -am package)" >&2
mvn "${mvn_flags[@]}" -pl bench -am package

# Run from copies of the project's own jars (a directory of its own, so the other bench scripts and
# concurrent builds do not change them under the run).
lib=bench/target/alerts-lib
rm -rf "$lib" && mkdir -p "$lib"
cp -r bench/target/classes "$lib/classes"
classpath="$lib/classes"
IFS=: read -r -a entries < bench/target/classpath.txt || true
for entry in "${entries[@]}"; do
  if [[ "$entry" == "$root"/*/target/*.jar || "$entry" == */repository/io/shouhu/* ]]; then
    cp "$entry" "$lib/"
    entry="$lib/$(basename "$entry")"
  fi
  classpath="$classpath:$entry"
done

echo "load average before: $(cat /proc/loadavg)" >&2
status=0
# The bench JVM hosts the load generator, the notification classes, the store and the FCM stub.
# BENCH_JVM_OPTS: extra flags for the bench JVM, e.g. a JFR recording.
# shellcheck disable=SC2086
java -Xms512m -Xmx512m ${BENCH_JVM_OPTS:-} -cp "$classpath" io.shouhu.notification.AlertBench "$@" || status=$?
echo "load average after: $(cat /proc/loadavg)" >&2
exit "$status"
