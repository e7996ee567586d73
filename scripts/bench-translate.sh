#!/usr/bin/env bash
# Speed of our translate vs Foundation Codable, release build, one core.
#
#   scripts/bench-translate.sh [--runs N] [--min-seconds S] [--json FILE] [--compare FILE] ...
#
# Builds the translate-speed product in release mode, runs it pinned to CPU 0 (taskset,
# when available) and prints the table. Exits non-zero unless openai → anthropic on the
# 4 KB request reaches 50,000 req/s and beats the Foundation baselines (--check).
# Extra arguments go to the binary (see `translate-speed --help`).
set -euo pipefail

cd "$(dirname "$0")/.."


scratch=(); [ -n "${SCRATCH_PATH:-}" ] && scratch=(--scratch-path "$SCRATCH_PATH")
scripts/release-build.sh --product translate-speed "${scratch[@]}" >&2
bin="$(scripts/release-build.sh --product translate-speed "${scratch[@]}" --show-bin-path)/translate-speed"

pin=()
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
    pin=(taskset -c 0)
    echo "pinned to CPU 0 with taskset" >&2
else
    echo "note: taskset not available, running unpinned" >&2
fi

"${pin[@]}" "$bin" --check "$@"
