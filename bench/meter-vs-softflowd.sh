#!/usr/bin/env bash
# Times rtfm4j's meter (five-tuple rule set) against softflowd on the same large capture: wall
# time of each whole command (JVM start included), CPU time and peak RSS from /usr/bin/time -v,
# packets/s and flows, then the rtfm4j/softflowd ratio.
#
# Usage: bench/meter-vs-softflowd.sh [CAPTURE]
#   CAPTURE defaults to bench/out/bench.pcap, built once with ../shared/tools/make-bench-capture.sh
#   (BENCH_COPIES copies of the corpus, default 60: about 7M packets, 2.7 GB).
# Environment: BENCH_RUNS (runs per tool, alternating, best wall time reported; default 3);
#   BENCH_COPIES; RTFM_JAVA_OPTS (passed to java by bin/rtfm, e.g. -Xmx8g).
# Writes only under bench/out/ (gitignored).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
out="$root/bench/out"
mkdir -p "$out"
cap="${1:-$out/bench.pcap}"
rules="$root/rulesets/five-tuple.rules"
runs=${BENCH_RUNS:-3}
softflowd_max_flows=4000000
export_to=127.0.0.1:9995
# softflowd runs with its default pid file and control socket: softflowd 1.1.0 reading a file
# blocks in accept() on its control socket when given "-c PATH" with PATH longer than 12
# characters (even the default path spelled out), while the default itself works.
# Neither tool may hang the benchmark forever.
limit=2h

need() {  # need COMMAND DEBIAN-PACKAGE
  command -v "$1" >/dev/null && return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "installing $2" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$2" </dev/null \
      || { apt-get update -q && DEBIAN_FRONTEND=noninteractive \
           apt-get install -y -q --no-install-recommends "$2" </dev/null; }
  else
    echo "$1 missing: install the Debian package $2" >&2
    exit 1
  fi
}
need softflowd softflowd
need capinfos tshark
[[ -x /usr/bin/time ]] || need /usr/bin/time time

if [[ ! -s $cap ]]; then
  maker="$root/../shared/tools/make-bench-capture.sh"
  [[ -x $maker ]] || { echo "no $maker: pass a capture as argument" >&2; exit 1; }
  echo "building $cap (a few minutes) ..." >&2
  "$maker" "$cap.part" "${BENCH_COPIES:-60}" >&2
  mv "$cap.part" "$cap"
fi

# Build the jar before timing anything (bin/rtfm builds it when stale).
"$root/bin/rtfm" >/dev/null 2>&1 || true

packets=$(capinfos -c -M "$cap" | awk -F': *' '/Number of packets/ {print $2}')

warm() { cat "$cap" >/dev/null; }

# seconds from /usr/bin/time's "h:mm:ss" or "m:ss.ss"
wall_seconds() {
  awk -F': ' '/Elapsed \(wall clock\)/ {
    n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$1"
}
cpu_seconds() {
  awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {printf "%.2f", u + s}' "$1"
}
max_rss_mb() {
  awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$1"
}

run_rtfm() {  # run_rtfm N
  warm
  /usr/bin/time -v -o "$out/rtfm.$1.time" timeout "$limit" \
    "$root/bin/rtfm" meter -r "$cap" -R "$rules" \
    --flows-out "$out/rtfm-flows.csv" --stats-out "$out/rtfm-stats.txt" >"$out/rtfm.log" 2>&1 \
    || { echo "rtfm4j failed; see $out/rtfm.log" >&2; exit 1; }
}
run_softflowd() {  # run_softflowd N
  warm
  /usr/bin/time -v -o "$out/softflowd.$1.time" timeout "$limit" \
    softflowd -r "$cap" -n "$export_to" -m "$softflowd_max_flows" >"$out/softflowd.log" 2>&1 \
    </dev/null || { echo "softflowd failed; see $out/softflowd.log" >&2; exit 1; }
}
# The run with the shortest wall time of a tool's runs (its /usr/bin/time report).
best() {  # best TOOL
  local f best_file="" best_wall=""
  for f in "$out/$1".*.time; do
    local w; w=$(wall_seconds "$f")
    if [[ -z $best_wall ]] || awk -v a="$w" -v b="$best_wall" 'BEGIN {exit !(a < b)}'; then
      best_wall=$w; best_file=$f
    fi
  done
  echo "$best_file"
}

rm -f "$out"/rtfm.*.time "$out"/softflowd.*.time
for ((i = 1; i <= runs; i++)); do
  echo "run $i/$runs: rtfm4j ..." >&2; run_rtfm "$i"
  echo "run $i/$runs: softflowd ..." >&2; run_softflowd "$i"
done
rtfm_packets=$(sed -n 's/^packets\.read=//p' "$out/rtfm-stats.txt")
rtfm_flows=$(sed -n 's/^flows\.records=//p' "$out/rtfm-stats.txt")
sf_processed=$(awk -F': *' '/^Packets processed/ {print $2}' "$out/softflowd.log")
sf_ignored=$(awk '/^Ignored packets/ {print $3}' "$out/softflowd.log")
sf_packets=$((sf_processed + sf_ignored))
sf_flows=$(awk '/^Flows expired/ {print $3}' "$out/softflowd.log")

rt=$(best rtfm); st=$(best softflowd)
rw=$(wall_seconds "$rt"); sw=$(wall_seconds "$st")
all_walls() { local f; for f in "$out/$1".*.time; do printf ' %s' "$(wall_seconds "$f")"; done; }
{
  echo "capture: $cap ($packets packets); $(nproc) cores; best of $runs runs;" \
    "$(date -u +%Y-%m-%dT%H:%MZ)"
  printf '%-10s %12s %9s %12s %8s %9s %10s\n' tool packets wall_s packets/s cpu_s maxRSS_MB flows
  printf '%-10s %12s %9.2f %12.0f %8s %9s %10s\n' rtfm4j "$rtfm_packets" "$rw" \
    "$(awk -v p="$packets" -v w="$rw" 'BEGIN {print p / w}')" \
    "$(cpu_seconds "$rt")" "$(max_rss_mb "$rt")" "$rtfm_flows"
  printf '%-10s %12s %9.2f %12.0f %8s %9s %10s\n' softflowd "$sf_packets" "$sw" \
    "$(awk -v p="$packets" -v w="$sw" 'BEGIN {print p / w}')" \
    "$(cpu_seconds "$st")" "$(max_rss_mb "$st")" "$sf_flows"
  awk -v r="$rw" -v s="$sw" 'BEGIN {printf "wall time ratio rtfm4j/softflowd: %.2f\n", r / s}'
  echo "all wall times (s): rtfm4j$(all_walls rtfm); softflowd$(all_walls softflowd)"
} | tee "$out/result.txt"
