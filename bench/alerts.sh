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
# The bench JVM hosts the load generator, the notification classes, the store and the FCM stub.
exec bash "$(dirname "$0")/in-process.sh" alerts io.shouhu.notification.AlertBench 512m "$@"
