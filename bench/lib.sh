# Sourced by the bench scripts (run.sh, cases.sh, decision-support.sh, in-process.sh): what they share.
# They run from the repository root with `set -euo pipefail`.

mvn_flags=(-B -ntp -q -DskipTests -Pbench)
jar=server/target/shouhu/shouhu-server.jar   # the extracted layout the README runs (the nested jar works too: --jar)

# bench_help MAIN ARGS...: with -h or --help among ARGS, and the bench built, prints MAIN's usage and exits.
bench_help() {
  local main="$1"; shift
  local arg
  for arg in "$@"; do
    if [[ "$arg" == "-h" || "$arg" == "--help" ]]; then
      if [[ -f "bench/target/classes/${main//.//}.class" && -f bench/target/classpath.txt ]]; then
        exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" "$main" --help
      fi
    fi
  done
}

# bench_build_with_server: the whole reactor if the server jar is missing or older than the sources,
# else only the bench. The jar's file time is the fixed project.build.outputTimestamp, so freshness is
# judged by a marker written after each full build by these scripts.
bench_build_with_server() {
  local marker=bench/target/.server-built
  local stale=""
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
    touch "$marker.new"   # the time the build started: a source changed during the build counts as newer
    mvn "${mvn_flags[@]}" package
    mv "$marker.new" "$marker"
  else
    bench_build
  fi
}

# bench_build: the bench and the modules it depends on.
bench_build() {
  echo "building the bench (mvn ${mvn_flags[*]} -pl bench -am package)" >&2
  mvn "${mvn_flags[@]}" -pl bench -am package
}

# bench_classpath NAME: sets `classpath` to the bench's classes and dependencies, with copies of the
# project's own jars in bench/target/NAME-lib, so that a build or `mvn install` started meanwhile
# cannot change them under the running bench (the benches copy the server jar likewise).
bench_classpath() {
  local lib="bench/target/$1-lib"
  rm -rf "$lib" && mkdir -p "$lib"
  cp -r bench/target/classes "$lib/classes"
  classpath="$lib/classes"
  local entries entry
  IFS=: read -r -a entries < bench/target/classpath.txt || true  # one line, maybe without a newline
  for entry in "${entries[@]}"; do
    # the project's own jars: from the reactor, or from ~/.m2
    if [[ "$entry" == "$root"/*/target/*.jar || "$entry" == */repository/io/shouhu/* ]]; then
      cp "$entry" "$lib/"
      entry="$lib/$(basename "$entry")"
    fi
    classpath="$classpath:$entry"
  done
}
