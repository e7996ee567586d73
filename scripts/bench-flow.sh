#!/usr/bin/env bash
# The engine's CPU per proxied request without I/O (RequestFlow from arrival to usage row,
# for the load benchmark's openai and anthropic requests and nginx's answer), and a usage
# row's cost in the SQLite store. Release build, pinned to one core, medians of 7 runs.
# The load benchmark's per-request CPU is these plus the HTTP edge and the kernel.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH=/opt/swift/usr/bin:$PATH
scripts/release-build.sh --product flow-speed >/dev/null
taskset -c 0 .build/release/flow-speed scripts/loadtest
