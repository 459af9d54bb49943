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

# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_help io.shouhu.bench.DecisionSupportBench "$@"
bench_build_with_server
bench_classpath decision-support

export BENCH_COMMAND="bash bench/decision-support.sh${*:+ $*}"
# shellcheck disable=SC2086
exec java -Xms512m -Xmx1g ${BENCH_JVM_OPTS:-} -cp "$classpath" io.shouhu.bench.DecisionSupportBench \
  --repo "$root" --jar "$root/$jar" "$@"
