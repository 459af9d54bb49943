#!/usr/bin/env bash
# Shared by the in-process benches (audit.sh, alerts.sh): builds the bench and the modules it depends
# on, copies the project's own jars aside (so concurrent builds do not change them under the run) and
# runs one main class with the given heap, printing the load average before and after.
#
#   bash bench/in-process.sh NAME MAIN_CLASS HEAP [bench options...]
#   e.g. bash bench/in-process.sh audit io.shouhu.casework.AuditOverheadBench 1g --cases 1000
#
# BENCH_JVM_OPTS: extra flags for the bench JVM, e.g. a JFR recording.
set -euo pipefail

name="$1"; main="$2"; heap="$3"; shift 3
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_help "$main" "$@"
bench_build
bench_classpath "$name"

echo "load average before: $(cat /proc/loadavg)" >&2
export BENCH_COMMAND="bash bench/$name.sh${*:+ $*}"
status=0
# shellcheck disable=SC2086
java "-Xms$heap" "-Xmx$heap" ${BENCH_JVM_OPTS:-} -cp "$classpath" "$main" "$@" || status=$?
echo "load average after: $(cat /proc/loadavg)" >&2
exit "$status"
