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

# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_help io.shouhu.casework.CaseListBench "$@"
bench_build_with_server
bench_classpath cases

# The bench JVM hosts the load generator and the embedded store (mongo-java-server + H2).
export BENCH_COMMAND="bash bench/cases.sh${*:+ $*}"
# BENCH_JVM_OPTS: extra flags for the bench JVM, e.g. a JFR recording of the store.
# shellcheck disable=SC2086
exec java -Xms1g -Xmx3g ${BENCH_JVM_OPTS:-} -cp "$classpath" io.shouhu.casework.CaseListBench --repo "$root" --jar "$root/$jar" "$@"
