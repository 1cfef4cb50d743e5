#!/usr/bin/env bash
# Builds the meter's jar and these JMH benchmarks, then runs JMH with the given arguments, e.g.
#   bench/jmh/run.sh                      # all benchmarks
#   bench/jmh/run.sh DecoderBench -f 1    # one class, one fork
#   bench/jmh/run.sh -l                   # list them
# RTFM_JMH_MAIN=org.rtfm4j.bench.HeapPerFlow runs the heap-per-flow tool instead of JMH.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/../.." && pwd)"
"$root/bin/rtfm" --help >/dev/null 2>&1 || true   # builds target/rtfm4j.jar when stale
(cd "$here" && mvn -q -B process-classes) >&2
export RTFM4J_HOME="$root"
cp="$here/target/classes:$(cat "$here/target/classpath.txt"):$root/target/rtfm4j.jar"
# shellcheck disable=SC2086
exec java ${RTFM_JAVA_OPTS:--XX:+UseParallelGC} -cp "$cp" "${RTFM_JMH_MAIN:-org.openjdk.jmh.Main}" "$@"
