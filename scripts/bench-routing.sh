#!/usr/bin/env bash
# Routing decisions per second (issue 4 goal: ≥ 1,000,000/s on one core) for a combo of
# 3 providers × 10 accounts, every account × combo strategy pair, with a bare `resolve`
# as the side-by-side baseline. Release build, pinned to one core, median of N runs.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH=/opt/swift/usr/bin:$PATH
scripts/release-build.sh --product route-speed >/dev/null
taskset -c 0 .build/release/route-speed "$@"
