#!/usr/bin/env bash
# How long the meter reader takes to collect a million flows over loopback by each method
# (rtfm reader --method package|column|table), beside one snmpbulkwalk of flowDataTable.
#
# Usage: bench/reader-collect.sh
#   Builds bench/out/flows-1m.pcap once: BENCH_FLOWS (default 1000000) UDP flows of one packet
#   each (raw IP, distinct source address and port), written by python3. The meter reads it with
#   rulesets/five-tuple.rules into a table of exactly BENCH_FLOWS flows (nothing recovered:
#   --inactivity-timeout at its maximum, --flood-mark 0) and serves it (--serve). Then, one after
#   the other, each timed as a whole command (JVM start included):
#     - rtfm reader --once --format csv --method package | column | table (default attributes:
#       the 28 columns of the meter's --flows-out CSV)
#     - snmpbulkwalk -v2c -Cr25 of flowDataTable (every instance: 19 columns of the five-tuple
#       rule set's flows)
#   and checks that each reader pass wrote BENCH_FLOWS flows.
# Environment: BENCH_FLOWS; BENCH_VARBINDS (the reader's --varbinds, default 50); BENCH_METHODS
#   ("package column table"); BENCH_WALK=0 skips snmpbulkwalk; RTFM_PORT (16181) on 127.0.0.1;
#   RTFM_JAVA_OPTS.
# Writes only under bench/out/ (gitignored).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
out="$root/bench/out"
mkdir -p "$out"
flows=${BENCH_FLOWS:-1000000}
varbinds=${BENCH_VARBINDS:-50}
methods=${BENCH_METHODS:-package column table}
port=${RTFM_PORT:-16181}
cap="$out/flows-$flows.pcap"
rules="$root/rulesets/five-tuple.rules"
community=bench-rw
# flowDataTable (RFC 2720 flowData 1).
flow_data_table=.1.3.6.1.2.1.40.2.1
max_timeout=21474836
limit=1800

# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
need snmpbulkwalk snmp
need python3 python3

if [[ ! -s $cap ]]; then
  echo "writing $cap ($flows one-packet UDP flows) ..." >&2
  python3 - "$cap.part" "$flows" <<'EOF'
import struct, sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, 'wb') as f:
    # pcap header: microseconds, version 2.4, snaplen 65535, LINKTYPE_RAW (101)
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 101))
    t0 = 1_700_000_000
    for i in range(n):
        src = 0x0a000000 + (i >> 4)           # 10.x.y.z, 16 ports per address
        sport = 1024 + (i & 15)
        ip = struct.pack('!BBHHHBBHII', 0x45, 0, 28, 0, 0, 64, 17, 0, src, 0xc0a80001)
        udp = struct.pack('!HHHH', sport, 53, 8, 0)
        us = i * 10                           # 100k packets per second of capture time
        f.write(struct.pack('<IIII', t0 + us // 1_000_000, us % 1_000_000, 28, 28))
        f.write(ip + udp)
EOF
  mv "$cap.part" "$cap"
fi

# Build the jar before timing anything (bin/rtfm builds it when stale).
"$root/bin/rtfm" >/dev/null 2>&1 || true

meter_pid=""
cleanup() {
  # Only the meter this script started, by its process id.
  set +e
  if [[ -n $meter_pid ]]; then
    kill "$meter_pid" 2>/dev/null
    wait "$meter_pid" 2>/dev/null
  fi
}
trap cleanup EXIT

stats="$out/reader-meter-stats.txt"
rm -f "$stats"
echo "metering $cap into $flows flows ..." >&2
"$root/bin/rtfm" meter -r "$cap" -R "$rules" --max-flows "$((flows + 16))" \
  --inactivity-timeout "$max_timeout" --flood-mark 0 --flows-out /dev/null \
  --stats-out "$stats" -q --snmp "127.0.0.1:$port" --rw-community "$community" --serve \
  >"$out/reader-meter.log" 2>&1 &
meter_pid=$!
for ((i = 0; i < limit; i++)); do
  grep -q '^seconds=' "$stats" 2>/dev/null && break
  kill -0 "$meter_pid" 2>/dev/null || { echo "the meter stopped; see $out/reader-meter.log" >&2; exit 1; }
  sleep 1
done
active=$(sed -n 's/^flows\.active=//p' "$stats")
[[ $active == "$flows" ]] || { echo "the meter holds $active flows, not $flows" >&2; exit 1; }

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", b - a}'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN {printf "%.0f", n / s}'; }

results=()
for m in $methods; do
  dir="$out/reader-$m"
  rm -rf "$dir"
  echo "reader --method $m ..." >&2
  t0=$(now)
  RTFM_JAVA_OPTS="${RTFM_JAVA_OPTS:--XX:+UseParallelGC}" timeout "$limit" "$root/bin/rtfm" reader \
    --meter "127.0.0.1:$port" -c "$community" --rule-set 5 --out "$dir" --once --format csv \
    --method "$m" --varbinds "$varbinds" --timeout 10 >"$out/reader-$m.log" 2>&1
  t1=$(now)
  got=$(find "$dir" -name 'pass-*.csv' -exec cat {} + | grep -vc '^RuleSet,' || true)
  [[ $got == "$flows" ]] || { echo "--method $m wrote $got flows, not $flows; see $out/reader-$m.log" >&2; exit 1; }
  s=$(secs "$t0" "$t1")
  results+=("$(printf '%-34s %10s %8s %12s' "rtfm reader --method $m" "$got" "$s" "$(rate "$got" "$s")")")
done

if [[ ${BENCH_WALK:-1} != 0 ]]; then
  echo "snmpbulkwalk of flowDataTable ..." >&2
  t0=$(now)
  n=$(timeout "$limit" snmpbulkwalk -v2c -c public -On -Ox -t 10 -r 0 -Cr25 "127.0.0.1:$port" \
    "$flow_data_table" | awk '/^\./ {n++} END {print n + 0}')
  t1=$(now)
  s=$(secs "$t0" "$t1")
  results+=("$(printf '%-34s %10s %8s %12s' "snmpbulkwalk -Cr25 flowDataTable" "$((n / 19)) rows" "$s" "$(rate "$((n / 19))" "$s")")")
  results+=("  ($n varbinds, $(rate "$n" "$s") varbinds/s)")
fi

{
  echo "collect $flows flows (rulesets/five-tuple.rules) over 127.0.0.1; reader --varbinds" \
    "$varbinds, whole commands timed (JVM start included); $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
  printf '%-34s %10s %8s %12s\n' what flows seconds flows/s
  printf '%s\n' "${results[@]}"
} | tee "$out/reader-result.txt"
