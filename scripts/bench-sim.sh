#!/usr/bin/env bash
# Simulator speed (issue 6 goal: 24 simulated hours at 100 requests/s in ≤ 60 s on one core):
# release build, pinned to one core; plays --hours H (default 1) and extrapolates to a day.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH=/opt/swift/usr/bin:$PATH
swift build -c release --product sim-speed >/dev/null
taskset -c 0 .build/release/sim-speed "$@"
