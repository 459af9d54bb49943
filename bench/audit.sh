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
# The bench JVM hosts the load generator and the embedded store (mongo-java-server + H2).
exec bash "$(dirname "$0")/in-process.sh" audit io.shouhu.casework.AuditOverheadBench 1g "$@"
