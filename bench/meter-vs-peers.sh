#!/usr/bin/env bash
# One table from one run: rtfm4j's meter (five-tuple rule set; 1 thread, and 2 threads when the
# meter has --threads) against softflowd, argus, nfpcapd and pmacctd on the same large capture:
# wall time of each whole command (JVM start included), packets/s and its ratio to softflowd's,
# CPU time and peak RSS from /usr/bin/time -v, the packets and flows each tool reports; then heap
# bytes per flow at 1M flows (bench/jmh HeapPerFlow) and whether the issue's targets are met.
#
# Usage: bench/meter-vs-peers.sh [CAPTURE]
#   CAPTURE defaults to bench/out/bench.pcap, built once with ../shared/tools/make-bench-capture.sh
#   (BENCH_COPIES copies of the corpus, default 60: about 7M packets, 2.7 GB).
# Environment: BENCH_RUNS (runs per tool, alternating, best wall time reported; default 3);
#   BENCH_TOOLS (which rows to run, default "rtfm1 rtfm2 softflowd argus nfpcapd pmacctd");
#   BENCH_HEAP_FLOWS (flows for the heap figure, default 1000000; 0 skips it); BENCH_COPIES;
#   RTFM_JAVA_OPTS (passed to java by bin/rtfm, e.g. -Xmx8g).
# Writes only under bench/out/ (gitignored): the table as bench/out/peers-result.txt, each tool's
# logs, output and /usr/bin/time reports in bench/out/peers/.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
out="$root/bench/out"
work="$out/peers"
mkdir -p "$work"
cap="$(readlink -f "${1:-$out/bench.pcap}")"
rules="$root/rulesets/five-tuple.rules"
runs=${BENCH_RUNS:-3}
tools=${BENCH_TOOLS:-rtfm1 rtfm2 softflowd argus nfpcapd pmacctd}
requested=$tools
heap_flows=${BENCH_HEAP_FLOWS:-1000000}
limit=2h   # no tool may hang the benchmark forever

# The issue's targets.
target_1t=2.0        # rtfm4j 1 thread, packets/s as a multiple of softflowd's
target_2t=3.4        # rtfm4j 2 threads, the same
target_heap=200      # heap bytes per flow at 1M flows, at most

softflowd_max_flows=4000000
export_to=127.0.0.1:9995
# pmacctd reading a savefile sleeps on purpose (pmacct 1.7.7): before the first packet for
# pcap_savefile_delay seconds (2 when it is 0, the default; 1 is the least it accepts), and 2 s
# at the end of the file before it signals its plugins (PM_sigint_handler, signals.c). Both are
# taken off its wall time below. It also sleeps 1 ms after each buffer it hands to a plugin
# (plugin_hooks.c): big buffers keep that to about 1 ms per 30,000 packets, which stays in.
pmacctd_start_sleep=1
pmacctd_end_sleep=2
pmacctd_buffer=10240000
pmacctd_pipe=102400000
pmacctd_cache_entries=65537

# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
has() { [[ " $tools " == *" $1 "* ]]; }
has softflowd && need softflowd softflowd
has argus && { need argus argus-server; need racount argus-client; }
has nfpcapd && need nfpcapd nfdump
has pmacctd && need pmacctd pmacct
need capinfos tshark
[[ -x /usr/bin/time ]] || need /usr/bin/time time

bench_capture "$cap" "$root"

# Build the jar before timing anything (bin/rtfm builds it when stale).
"$root/bin/rtfm" >/dev/null 2>&1 || true
if "$root/bin/rtfm" meter --help 2>&1 | grep -q -- '--threads'; then
  threads_option=1
else
  threads_option=0
  tools=${tools//rtfm2/}
fi

packets=$(capinfos -c -M "$cap" | awk -F': *' '/Number of packets/ {print $2}')

cat >"$work/pmacctd.conf" <<EOF
daemonize: false
pcap_savefile: $cap
pcap_savefile_delay: $pmacctd_start_sleep
aggregate: src_host, dst_host, src_port, dst_port, proto
plugins: print
print_output: csv
print_output_file: $work/pmacctd-flows.csv
print_output_file_append: true
print_refresh_time: 86400
print_cache_entries: $pmacctd_cache_entries
plugin_buffer_size: $pmacctd_buffer
plugin_pipe_size: $pmacctd_pipe
EOF

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
# Seconds of a tool's wall time that are its own fixed sleeps (taken off below).
fixed_sleeps() {
  if [[ $1 == pmacctd ]]; then echo $((pmacctd_start_sleep + pmacctd_end_sleep)); else echo 0; fi
}

timed() {  # timed TOOL N COMMAND...: one whole command under /usr/bin/time -v and timeout
  local tool=$1 n=$2; shift 2
  warm
  /usr/bin/time -v -o "$work/$tool.$n.time" timeout "$limit" "$@" >"$work/$tool.log" 2>&1 \
    </dev/null || { echo "$tool failed; see $work/$tool.log" >&2; exit 1; }
}
run_rtfm1() {
  timed rtfm1 "$1" "$root/bin/rtfm" meter -r "$cap" -R "$rules" \
    --flows-out "$work/rtfm1-flows.csv" --stats-out "$work/rtfm1-stats.txt"
}
run_rtfm2() {
  timed rtfm2 "$1" "$root/bin/rtfm" meter --threads 2 -r "$cap" -R "$rules" \
    --flows-out "$work/rtfm2-flows.csv" --stats-out "$work/rtfm2-stats.txt"
}
run_softflowd() {
  # Default pid file and control socket: softflowd 1.1.0 reading a file blocks in accept() on
  # its control socket when given "-c PATH" with PATH longer than 12 characters.
  timed softflowd "$1" softflowd -r "$cap" -n "$export_to" -m "$softflowd_max_flows"
}
run_argus() {
  rm -f "$work/argus.out"   # argus appends to an existing output file
  timed argus "$1" argus -X -r "$cap" -w "$work/argus.out"
}
run_nfpcapd() {
  rm -rf "$work/nfpcapd"; mkdir -p "$work/nfpcapd"
  timed nfpcapd "$1" nfpcapd -r "$cap" -l "$work/nfpcapd"
}
run_pmacctd() {
  rm -f "$work/pmacctd-flows.csv"
  timed pmacctd "$1" pmacctd -f "$work/pmacctd.conf"
}
# The run with the shortest wall time of a tool's runs (its /usr/bin/time report).
best() {  # best TOOL
  local f best_file="" best_wall=""
  for f in "$work/$1".*.time; do
    local w; w=$(wall_seconds "$f")
    if [[ -z $best_wall ]] || awk -v a="$w" -v b="$best_wall" 'BEGIN {exit !(a < b)}'; then
      best_wall=$w; best_file=$f
    fi
  done
  echo "$best_file"
}
all_walls() { local f; for f in "$work/$1".*.time; do printf ' %s' "$(wall_seconds "$f")"; done; }

for t in rtfm1 rtfm2 softflowd argus nfpcapd pmacctd; do rm -f "$work/$t".*.time; done
for ((i = 1; i <= runs; i++)); do
  for t in $tools; do
    echo "run $i/$runs: $t ..." >&2
    "run_$t" "$i"
  done
done

# thread_cpu TOOL COMMAND...: one extra, untimed run of an rtfm4j command; prints its CPU seconds
# by kind of thread, sampled from /proc/PID/task every 20 ms (threads that end between two samples
# are missed, and each thread's last 20 ms may be): the packet threads against what the JVM and
# the meter's helpers take from the same cores.
thread_cpu() {
  local tool=$1; shift
  warm
  local start; start=$(date +%s.%N)
  "$@" >"$work/$tool-threads.log" 2>&1 </dev/null &
  local pid=$! t line comm rest f
  local -A ticks=() kind=()
  while kill -0 "$pid" 2>/dev/null; do
    for t in /proc/"$pid"/task/[0-9]*; do
      read -r line 2>/dev/null <"$t/stat" || continue
      comm=${line#*(}; comm=${comm%)*}
      rest=${line##*) }
      read -r -a f <<<"$rest"
      ticks[${t##*/}]=$((f[11] + f[12]))   # utime + stime (stat fields 14 and 15)
      case $comm in
        java|rtfm-match-*) kind[${t##*/}]=packets ;;
        C1\ Compiler*|C2\ Compiler*) kind[${t##*/}]=jit ;;
        rtfm-flow-write*) kind[${t##*/}]=writer ;;
        rtfm-prefetch*) kind[${t##*/}]=prefetch ;;
        *) kind[${t##*/}]=other ;;
      esac
    done
    sleep 0.02
  done
  wait "$pid" || { echo "$tool (threads run) failed; see $work/$tool-threads.log" >&2; exit 1; }
  local wall; wall=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.2f", e - s}')
  local hz; hz=$(getconf CLK_TCK)
  local -A sum=([packets]=0 [jit]=0 [writer]=0 [prefetch]=0 [other]=0)
  for t in "${!ticks[@]}"; do sum[${kind[$t]}]=$((sum[${kind[$t]}] + ticks[$t])); done
  awk -v hz="$hz" -v w="$wall" -v p="${sum[packets]}" -v j="${sum[jit]}" -v wr="${sum[writer]}" \
      -v pf="${sum[prefetch]}" -v o="${sum[other]}" 'BEGIN {
    printf "packet threads %.2f, JIT compilers %.2f, flow writer %.2f, prefetch %.2f, other %.2f;", \
      p / hz, j / hz, wr / hz, pf / hz, o / hz
    printf " %.2f CPU s in %.2f s wall (%.1f cores busy on average)", \
      (p + j + wr + pf + o) / hz, w, (p + j + wr + pf + o) / hz / w }'
}
declare -A threads_cpu
if has rtfm1; then
  echo "rtfm1: CPU by thread (extra run) ..." >&2
  threads_cpu[rtfm1]=$(thread_cpu rtfm1 "$root/bin/rtfm" meter -r "$cap" -R "$rules" \
    --flows-out "$work/rtfm1-threads-flows.csv" --stats-out /dev/null)
fi
if has rtfm2; then
  echo "rtfm2: CPU by thread (extra run) ..." >&2
  threads_cpu[rtfm2]=$(thread_cpu rtfm2 "$root/bin/rtfm" meter --threads 2 -r "$cap" \
    -R "$rules" --flows-out "$work/rtfm2-threads-flows.csv" --stats-out /dev/null)
fi

heap=""
if [[ $heap_flows -gt 0 ]]; then
  echo "heap bytes per flow at $heap_flows flows ..." >&2
  RTFM_JMH_MAIN=org.rtfm4j.bench.HeapPerFlow timeout "$limit" "$root/bench/jmh/run.sh" \
    "$heap_flows" >"$work/heap.log" 2>&1 || { echo "HeapPerFlow failed; see $work/heap.log" >&2; exit 1; }
  heap=$(sed -n 's/.*; \([0-9.]*\) heap bytes per flow.*/\1/p' "$work/heap.log")
  [[ -n $heap ]] || { echo "no heap figure in $work/heap.log" >&2; exit 1; }
fi

# The packets and flows each tool says it processed, where it says it.
tool_packets() {
  case $1 in
    rtfm1|rtfm2) sed -n 's/^packets\.read=//p' "$work/$1-stats.txt" ;;
    softflowd) awk -F': *' '/^Packets processed/ {p = $2} /^Ignored packets/ {split($2, a, " "); i = a[1]}
                 END {print p + i}' "$work/softflowd.log" ;;
    argus) racount -r "$work/argus.out" | awk '$1 == "sum" {print $3}' ;;
    nfpcapd) sed -n 's/^Total: Processed: \([0-9]*\),.*/\1/p' "$work/nfpcapd.log" ;;
    pmacctd) awk -F, 'NR > 1 && $1 != "SRC_IP" {s += $6} END {print s + 0}' "$work/pmacctd-flows.csv" ;;
  esac
}
tool_flows() {
  case $1 in
    rtfm1|rtfm2) sed -n 's/^flows\.records=//p' "$work/$1-stats.txt" ;;
    softflowd) awk '/^Flows expired/ {print $3}' "$work/softflowd.log" ;;
    argus) racount -r "$work/argus.out" | awk '$1 == "sum" {print $2}' ;;
    nfpcapd) awk '/^Ident:/ {gsub(",", ""); f += $4} END {print f + 0}' "$work/nfpcapd.log" ;;
    pmacctd) awk -F, 'NR > 1 && $1 != "SRC_IP"' "$work/pmacctd-flows.csv" | wc -l ;;
  esac
}
label() {
  case $1 in rtfm1) echo "rtfm4j 1T" ;; rtfm2) echo "rtfm4j 2T" ;; *) echo "$1" ;; esac
}

declare -A wall pps
for t in $tools; do
  f=$(best "$t")
  wall[$t]=$(awk -v w="$(wall_seconds "$f")" -v s="$(fixed_sleeps "$t")" 'BEGIN {printf "%.2f", w - s}')
  pps[$t]=$(awk -v p="$packets" -v w="${wall[$t]}" 'BEGIN {printf "%.0f", p / w}')
done
ratio() {  # ratio TOOL [FORMAT]: its packets/s over softflowd's
  if [[ -n ${pps[softflowd]:-} && -n ${pps[$1]:-} ]]; then
    awk -v a="${pps[$1]}" -v b="${pps[softflowd]}" -v f="${2:-%.2f}" 'BEGIN {printf f, a / b}'
  else
    echo "-"
  fi
}
verdict() {  # verdict VALUE OP LIMIT: met / NOT met
  if awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {exit !(op == ">=" ? v >= l : v <= l)}'; then
    echo "met"
  else
    echo "NOT met"
  fi
}

{
  echo "capture: $cap; $packets packets; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ);" \
    "best of $runs run(s) per tool, alternating; page cache warmed before each"
  printf '%-10s %12s %9s %12s %7s %8s %9s %10s\n' \
    tool packets wall_s packets/s x_sfd cpu_s maxRSS_MB flows
  for t in rtfm1 rtfm2 softflowd argus nfpcapd pmacctd; do
    if [[ $t == rtfm2 && $threads_option -eq 0 && " $requested " == *" rtfm2 "* ]]; then
      printf '%-10s %s\n' "$(label rtfm2)" "n/a (no --threads option)"
      continue
    fi
    has "$t" || continue
    f=$(best "$t")
    printf '%-10s %12s %9s %12s %7s %8s %9s %10s\n' "$(label "$t")" "$(tool_packets "$t")" \
      "${wall[$t]}" "${pps[$t]}" "$(ratio "$t")" "$(cpu_seconds "$f")" "$(max_rss_mb "$f")" \
      "$(tool_flows "$t")"
  done
  if [[ -n $heap ]]; then
    echo "heap bytes per flow at $heap_flows five-tuple flows (bench/jmh HeapPerFlow): $heap"
  fi
  echo "targets:"
  if [[ -n ${pps[rtfm1]:-} && -n ${pps[softflowd]:-} ]]; then
    echo "  rtfm4j 1 thread >= ${target_1t}x softflowd packets/s: $(ratio rtfm1)x -" \
      "$(verdict "$(ratio rtfm1 %.6f)" ">=" "$target_1t")"
  else
    echo "  rtfm4j 1 thread >= ${target_1t}x softflowd packets/s: not measured"
  fi
  if [[ -n ${pps[rtfm2]:-} && -n ${pps[softflowd]:-} ]]; then
    echo "  rtfm4j 2 threads >= ${target_2t}x softflowd packets/s: $(ratio rtfm2)x -" \
      "$(verdict "$(ratio rtfm2 %.6f)" ">=" "$target_2t")"
  elif [[ $threads_option -eq 0 ]]; then
    echo "  rtfm4j 2 threads >= ${target_2t}x softflowd packets/s: not measured (no --threads option)"
  else
    echo "  rtfm4j 2 threads >= ${target_2t}x softflowd packets/s: not measured"
  fi
  if [[ -n $heap && $heap_flows -eq 1000000 ]]; then
    echo "  <= $target_heap heap bytes per flow at 1M flows: $heap -" \
      "$(verdict "$heap" "<=" "$target_heap")"
  elif [[ -n $heap ]]; then
    echo "  <= $target_heap heap bytes per flow at 1M flows: not measured (measured at $heap_flows)"
  else
    echo "  <= $target_heap heap bytes per flow at 1M flows: not measured"
  fi
  for t in rtfm1 rtfm2; do
    if [[ -n ${threads_cpu[$t]:-} ]]; then
      echo "$(label "$t") CPU s by thread (one more run, untimed; /proc every 20 ms):" \
        "${threads_cpu[$t]}"
    fi
  done
  echo "notes:"
  echo "  packets/s = capture packets / wall time of the whole command (JVM start included);" \
    "x_sfd = packets/s over softflowd's"
  echo "  packets = what each tool says it read: rtfm4j packets.read (--stats-out);" \
    "softflowd 'Packets processed' + 'Ignored packets'; argus: packets in its records (racount);" \
    "nfpcapd 'Total: Processed'; pmacctd: PACKETS summed over its print plugin's CSV (IP only)"
  echo "  flows = rtfm4j flows.records; softflowd 'Flows expired'; argus records (racount," \
    "status records of long flows included); nfpcapd sum of 'Flows' per file; pmacctd CSV rows"
  if has pmacctd; then
    echo "  pmacctd wall_s = measured - $(fixed_sleeps pmacctd) s of fixed sleeps" \
      "(${pmacctd_start_sleep} s before reading, pcap_savefile_delay: ${pmacctd_start_sleep}," \
      "the least it takes; ${pmacctd_end_sleep} s at end of file before stopping its plugin);" \
      "its 1 ms sleep per ${pmacctd_buffer}-byte plugin buffer stays in"
  fi
  if has pmacctd && grep -q 'missing data' "$work/pmacctd.log"; then
    echo "  pmacctd's plugin fell behind and lost data ('missing data detected' in" \
      "$work/pmacctd.log): its packets are short by that much"
  fi
  if has argus; then
    echo "  argus 3.0.8.2 notices the end of the file only at its once-a-second check, so its" \
      "wall time includes up to 1 s of waiting (not taken off)"
  fi
  echo "  two processes or threads: pmacctd (core + print plugin), nfpcapd (packet, flow and" \
    "writer threads), argus (input + output threads); rtfm4j's cpu_s includes the JVM's JIT" \
    "compiler and GC threads; maxRSS is the largest single process"
  printf '  versions:'
  for p in softflowd argus-server nfdump pmacct; do
    v=$(dpkg-query -W -f '${Version}' "$p" 2>/dev/null) && printf ' %s %s;' "$p" "$v"
  done
  printf ' java %s\n' "$(java -version 2>&1 | awk -F'"' 'NR == 1 {print $2}')"
  printf '  all wall times (s, as measured):'
  for t in $tools; do printf ' %s%s;' "$(label "$t")" "$(all_walls "$t")"; done
  echo
} | tee "$out/peers-result.txt"
