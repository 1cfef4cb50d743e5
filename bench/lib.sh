# Shared by the bench/ scripts (sourced, not run): installing what a benchmark needs, and the
# benchmark capture.

# need COMMAND DEBIAN-PACKAGE: as root, installs the package when COMMAND is missing (updating
# the package lists only if the first try fails); otherwise says what to install and exits.
need() {
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

# bench_capture CAP ROOT: builds the benchmark capture CAP once (BENCH_COPIES copies of the
# corpus, default 60: about 7M packets, 2.7 GB) with ROOT/../shared/tools/make-bench-capture.sh.
bench_capture() {
  local cap=$1 root=$2
  [[ -s $cap ]] && return 0
  local maker="$root/../shared/tools/make-bench-capture.sh"
  [[ -x $maker ]] || { echo "no $maker: pass a capture as argument" >&2; exit 1; }
  echo "building $cap (a few minutes) ..." >&2
  "$maker" "$cap.part" "${BENCH_COPIES:-60}" >&2
  mv "$cap.part" "$cap"
}
