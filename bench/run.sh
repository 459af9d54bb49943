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

# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_help io.shouhu.bench.Bench "$@"
bench_build_with_server
bench_classpath run

# The bench's own JVM hosts the load generator and, afterwards, the in-process validation floor.
export BENCH_COMMAND="bash bench/run.sh${*:+ $*}"
exec java -Xms1g -Xmx2g -cp "$classpath" io.shouhu.bench.Bench --repo "$root" --jar "$root/$jar" "$@"
