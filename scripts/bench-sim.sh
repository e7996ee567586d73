#!/usr/bin/env bash
# Simulator speed (issue 6 goal: 24 simulated hours at 100 requests/s, 8.64 M requests, in
# ≤ 60 s on one core). Release build, pinned to one core; plays --hours H (default 0.2) of
# the goal's traffic --runs N times (default 5) and reports the median CPU per simulated
# request and what a day takes at that rate. The machine is shared: CPU time per request is
# the figure to compare (wall time varies with the neighbours). The engine's own share of it
# is in scripts/bench-flow.sh (no simulator, no I/O).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH=/opt/swift/usr/bin:$PATH
hours=0.2 runs=5 core=${BENCH_CORE:-0}
while [ $# -gt 0 ]; do
    case "$1" in
        --hours) hours=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        *) echo "usage: $0 [--hours H] [--runs N]" >&2; exit 2 ;;
    esac
done
scripts/release-build.sh --product sim-speed >/dev/null
results=()
for _ in $(seq "$runs"); do
    line=$(taskset -c "$core" .build/release/sim-speed --hours "$hours")
    echo "$line"
    results+=("$(echo "$line" | sed -E 's/.*, ([0-9.]+) µs per request.*/\1/')")
done
median=$(printf '%s\n' "${results[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
awk -v us="$median" -v runs="$runs" 'BEGIN {
    printf "sim-speed: median of %d runs: %.2f µs of CPU per simulated request; a day at 100/s (8.64 M) = %.0f s of CPU (goal ≤ 60 s, %.1f× off)\n",
        runs, us, us * 8.64, us * 8.64 / 60
}'
