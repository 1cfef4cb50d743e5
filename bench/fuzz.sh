#!/usr/bin/env bash
# Fuzzes every Jazzer fuzz test (@FuzzTest) in fuzzing mode, one after another, for
# SECONDS_PER_TARGET each (default 60): bench/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# A TARGET is a test class's simple name (CaptureFuzzTest, ...: all its fuzz tests) or
# Class#method (RuleFileFuzzTest#parseAnyText); without any, all of them.
# Not for CI: `mvn test` already runs every fuzz test on its committed inputs (regression mode).
#
# Jazzer keeps the inputs that found new coverage in .cifuzz-corpus/ (gitignored; later runs
# start from it) and writes each finding as crash-<sha1> into the test's inputs directory
# under src/test/resources, where `mvn test` replays it from then on: fix the code, keep the file.
# Logs and a summary table (executions, seconds, coverage, outcome) go to bench/out/fuzz/.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"

seconds="${1:-60}"
shift || true
if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: bench/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]" >&2
  exit 2
fi
# libFuzzer's per-input limit: an input running longer is reported as a hang (a finding).
per_input_timeout="${FUZZ_INPUT_TIMEOUT:-10}"

# class (package-relative) and method of every fuzz test
all=(
  capture.CaptureFuzzTest#readAnyBytes
  packet.DecoderFuzzTest#decodeAnyFrames
  rules.RuleFileFuzzTest#parseAnyText
  rules.RuleFileFuzzTest#writeAnyDownloadedRuleSet
  srl.SrlFuzzTest#compileAnyText
  mib.SetValidationFuzzTest#setAnyVarbinds
  mib.FlowDataEncodingFuzzTest#encodeAnyFlows
)
targets=()
if (( $# )); then
  for want in "$@"; do
    found=
    for t in "${all[@]}"; do
      c="${t%%#*}"
      short="${c##*.}"
      if [[ $want == "$short" || $want == "$short#${t##*#}" ]]; then
        targets+=("$t")
        found=1
      fi
    done
    [[ -n $found ]] || { echo "bench/fuzz.sh: no fuzz test class $want" >&2; exit 2; }
  done
else
  targets=("${all[@]}")
fi

out="bench/out/fuzz"
mkdir -p "$out"
summary="$out/summary.txt"
printf '%-44s %12s %8s %10s %6s  %s\n' target executions seconds exec/s cov result | tee "$summary"

findings=0
for t in "${targets[@]}"; do
  class="org.rtfm4j.${t%%#*}"
  method="${t##*#}"
  log="$out/${class##*.}-$method.log"
  inputs="src/test/resources/${class//.//}Inputs/$method"
  before="$(ls "$inputs" 2>/dev/null | grep '^crash-' || true)"
  status=ok
  # jazzer.hooks=true: the coverage instrumentation `mvn test` leaves off (see pom.xml).
  # jazzer.internal.arg.*: extra libFuzzer flags (argv[0], then the per-input timeout).
  if ! JAZZER_FUZZ=1 mvn -B ${FUZZ_MVN_ARGS:-} test -Dtest="$class#$method" \
      -Djazzer.hooks=true -Djazzer.max_duration="${seconds}s" \
      -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1="-timeout=$per_input_timeout" \
      >"$log" 2>&1; then
    status=FAILED
  fi
  after="$(ls "$inputs" 2>/dev/null | grep '^crash-' || true)"
  new="$(comm -13 <(echo "$before") <(echo "$after") | sed '/^$/d' | tr '\n' ' ')"
  if [[ -n $new ]]; then
    status="FINDING: $inputs/ $new"
  fi
  [[ $status == ok ]] || findings=$((findings + 1))
  # libFuzzer's last lines: "#N DONE cov: C ..." and "Done N runs in S second(s)"
  done_line="$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)"
  runs="$(sed -E 's/^Done ([0-9]+) runs.*/\1/' <<<"$done_line")"
  secs="$(sed -E 's/.* in ([0-9]+) second.*/\1/' <<<"$done_line")"
  cov="$(grep -E '#[0-9]+[[:space:]]+DONE' "$log" | tail -1 | sed -E 's/.* cov: ([0-9]+).*/\1/' || true)"
  rate=-
  if [[ -n $runs && -n $secs && $secs -gt 0 ]]; then
    rate=$((runs / secs))
  fi
  printf '%-44s %12s %8s %10s %6s  %s\n' "${t}" "${runs:--}" "${secs:--}" "$rate" "${cov:--}" \
    "$status" | tee -a "$summary"
done

if (( findings )); then
  echo "bench/fuzz.sh: $findings target(s) with findings or failures; see $out/*.log" >&2
  exit 1
fi
