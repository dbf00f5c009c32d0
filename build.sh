#!/usr/bin/env bash
# PT build entry point: finds a JDK 21+ (scripts/java-home.sh), then runs the Maven Wrapper.
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  cat >&2 <<'EOF'
usage: ./build.sh [test] [maven args...]   build and run all tests (./mvnw verify)
       ./build.sh bench [jmh args...]      build and run the JMH benchmarks (e.g. -l to list them)
       ./build.sh scaling [CASE[=N]...]   build the benchmarks, then time checking at sizes n, 2n, 4n, 8n
                                           (cases overlaps, ram, chain, braces; docs/limits.md)
       ./build.sh lsp-latency [args...]    build ptc and the benchmarks, then time the ptc lsp process
                                           (initialize, edit -> diagnostics, hover; --help for its options)
EOF
}

# No command, or a Maven option first (./build.sh -Dtest=Foo), means "test".
case "${1:-}" in
  -h | --help | help) usage; exit 0 ;;
  '' | -*) cmd=test ;;
  *) cmd=$1; shift ;;
esac

case "$cmd" in
  test)
    . scripts/java-home.sh
    exec ./mvnw -B -ntp verify "$@"
    ;;
  bench)
    . scripts/java-home.sh
    ./mvnw -B -ntp -pl org.pt.benchmarks -am package -DskipTests
    exec "$JAVA_HOME/bin/java" -jar org.pt.benchmarks/target/benchmarks.jar "$@"
    ;;
  scaling)
    . scripts/java-home.sh
    ./mvnw -B -ntp -q -pl org.pt.benchmarks -am package -DskipTests
    exec "$JAVA_HOME/bin/java" -Xmx2g -Dguice_bytecode_gen_option=DISABLED -cp org.pt.benchmarks/target/benchmarks.jar \
      org.pt.benchmarks.Scaling "$@"
    ;;
  lsp-latency)
    . scripts/java-home.sh
    ./mvnw -B -ntp -q -pl org.pt.cli,org.pt.benchmarks -am package -DskipTests
    exec "$JAVA_HOME/bin/java" -cp org.pt.benchmarks/target/benchmarks.jar org.pt.benchmarks.LspLatency "$@"
    ;;
  *)
    echo "build.sh: unknown command '$cmd'" >&2
    usage
    exit 2
    ;;
esac
