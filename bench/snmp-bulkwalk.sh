#!/usr/bin/env bash
# How fast the meter serves flowDataTable (RFC 2720) to snmpbulkwalk, beside net-snmp's own agent
# snmpd serving its own tree: varbinds per second of `snmpbulkwalk -v2c -Cr25` and `-Cr50`,
# best of BENCH_RUNS runs, the two agents timed alternately in the same run.
#
# Usage: bench/snmp-bulkwalk.sh [CAPTURE]
#   CAPTURE defaults to bench/out/bench.pcap, built once with ../shared/tools/make-bench-capture.sh
#   (see bench/README.md). The meter reads its first BENCH_PACKETS packets with
#   rulesets/five-tuple.rules into a table of exactly BENCH_FLOWS flows (--max-flows; nothing is
#   recovered: --inactivity-timeout at its maximum, --flood-mark 0) and serves it (--serve).
# Environment: BENCH_RUNS (default 3); BENCH_FLOWS (100000); BENCH_PACKETS (1800000: enough for
#   100k flows from the default capture); BENCH_REPETITIONS ("25 50"); BENCH_SNMPD_VARBINDS
#   (varbinds snmpd serves per run, in repeated full walks; default: as many as one walk of
#   flowDataTable); BENCH_SNMPD_OID (what snmpd walks: default .1, its whole tree; e.g.
#   .1.3.6.1.2.1.25.6.3 for hrSWInstalledTable, its biggest table on Debian); RTFM_PORT (16171)
#   and SNMPD_PORT (16172) on 127.0.0.1; RTFM_JAVA_OPTS.
# Writes only under bench/out/ (gitignored).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
out="$root/bench/out"
mkdir -p "$out"
cap="${1:-$out/bench.pcap}"
rules="$root/rulesets/five-tuple.rules"
runs=${BENCH_RUNS:-3}
flows=${BENCH_FLOWS:-100000}
packets=${BENCH_PACKETS:-1800000}
repetitions=${BENCH_REPETITIONS:-25 50}
snmpd_oid=${BENCH_SNMPD_OID:-.1}
rtfm_port=${RTFM_PORT:-16171}
snmpd_port=${SNMPD_PORT:-16172}
# flowDataTable (RFC 2720: flowMIB 40, flowData 2, flowDataTable 1) and flowActiveFlows.0.
flow_data_table=.1.3.6.1.2.1.40.2.1
active_flows=.1.3.6.1.2.1.40.1.7.0
# The longest inactivity timeout the meter accepts: no flow is recovered while serving.
max_timeout=21474836
limit=600

# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
need snmpbulkwalk snmp
need snmpd snmpd

bench_capture "$cap" "$root"

# Build the jar before starting anything (bin/rtfm builds it when stale).
"$root/bin/rtfm" >/dev/null 2>&1 || true

rtfm_pid=""
snmpd_pid=""
cleanup() {
  # Only the two agents this script started, by their process ids. No errexit here: a killed
  # process's status must not stop the cleanup before the second kill.
  set +e
  local pid
  for pid in $rtfm_pid $snmpd_pid; do
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
}
trap cleanup EXIT

stats="$out/snmp-meter-stats.txt"
rm -f "$stats"
echo "metering $packets packets of $cap into $flows flows ..." >&2
"$root/bin/rtfm" meter -r "$cap" -R "$rules" -c "$packets" --max-flows "$flows" \
  --inactivity-timeout "$max_timeout" --flood-mark 0 --flows-out /dev/null \
  --stats-out "$stats" -q --snmp "127.0.0.1:$rtfm_port" --serve >"$out/snmp-meter.log" 2>&1 &
rtfm_pid=$!

conf="$out/snmpd.conf"
printf 'rocommunity public 127.0.0.1\n' >"$conf"
# No MIB files: snmpd serves by number; -C: no other configuration; -Lo: log to stdout.
snmpd -f -Lo -C -c "$conf" -M /dev/null -m '' -p "$out/snmpd.pid" "udp:127.0.0.1:$snmpd_port" \
  >"$out/snmpd.log" 2>&1 &
snmpd_pid=$!

sleep 1
for pid in $rtfm_pid $snmpd_pid; do
  # An agent left over on the same port would answer in its place.
  kill -0 "$pid" 2>/dev/null \
    || { echo "an agent did not start; see $out/snmp-meter.log and $out/snmpd.log" >&2; exit 1; }
done

walk() {  # walk PORT OID REPETITIONS: prints the number of varbinds
  # A varbind's line starts with its numeric OID; octet strings are hex (-Ox), so the lines a
  # long one goes on over never do.
  timeout "$limit" snmpbulkwalk -v2c -c public -On -Ox -t 10 -r 0 -Cr"$3" "127.0.0.1:$1" "$2" \
    | awk '/^\./ {n++} END {print n + 0}'
}

for ((i = 0; i < limit; i++)); do
  if grep -q '^seconds=' "$stats" 2>/dev/null \
      && snmpget -v2c -c public -On -t 1 -r 0 "127.0.0.1:$rtfm_port" "$active_flows" \
        >/dev/null 2>&1; then
    break
  fi
  kill -0 "$rtfm_pid" 2>/dev/null || { echo "the meter stopped; see $out/snmp-meter.log" >&2; exit 1; }
  sleep 1
done
active=$(sed -n 's/^flows\.active=//p' "$stats")
if [[ $active != "$flows" ]]; then
  echo "the meter holds $active flows, not $flows: raise BENCH_PACKETS" >&2
  exit 1
fi
snmpd_walk=$(walk "$snmpd_port" "$snmpd_oid" 25)
(( snmpd_walk > 0 )) || { echo "snmpd does not answer; see $out/snmpd.log" >&2; exit 1; }

now() { date +%s.%N; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN {printf "%.0f", n / s}'; }

declare -A best_rtfm best_snmpd rtfm_n snmpd_n
for ((run = 1; run <= runs; run++)); do
  for r in $repetitions; do
    echo "run $run/$runs, -Cr$r: rtfm4j ..." >&2
    t0=$(now); n=$(walk "$rtfm_port" "$flow_data_table" "$r"); t1=$(now)
    rtfm_n[$r]=$n
    rr=$(rate "$n" "$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')")
    (( rr > ${best_rtfm[$r]:-0} )) && best_rtfm[$r]=$rr
    want=${BENCH_SNMPD_VARBINDS:-$n}
    walks=$(( (want + snmpd_walk - 1) / snmpd_walk ))
    echo "run $run/$runs, -Cr$r: snmpd, $walks full walks ..." >&2
    total=0
    t0=$(now)
    for ((w = 0; w < walks; w++)); do
      total=$(( total + $(walk "$snmpd_port" "$snmpd_oid" "$r") ))
    done
    t1=$(now)
    snmpd_n[$r]=$total
    sr=$(rate "$total" "$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')")
    (( sr > ${best_snmpd[$r]:-0} )) && best_snmpd[$r]=$sr
  done
done

{
  echo "rtfm4j: flowDataTable of $flows flows (rulesets/five-tuple.rules: the 19 columns" \
    "with instances), one walk per run; snmpd $(snmpd -v | awk '/version/ {print $3}'):" \
    "$snmpd_oid ($snmpd_walk varbinds) walked repeatedly;"
  echo "snmpbulkwalk -v2c over 127.0.0.1, each walk a new process; $(nproc) cores;" \
    "best of $runs runs; $(date -u +%Y-%m-%dT%H:%MZ)"
  printf '%-8s %-8s %12s %12s\n' agent -Cr varbinds varbinds/s
  for r in $repetitions; do
    printf '%-8s %-8s %12s %12s\n' rtfm4j "$r" "${rtfm_n[$r]}" "${best_rtfm[$r]}"
    printf '%-8s %-8s %12s %12s\n' snmpd "$r" "${snmpd_n[$r]}" "${best_snmpd[$r]}"
    awk -v a="${best_rtfm[$r]}" -v b="${best_snmpd[$r]}" -v r="$r" \
      'BEGIN {printf "ratio rtfm4j/snmpd at -Cr%s: %.2f\n", r, a / b}'
  done
} | tee "$out/snmp-result.txt"
