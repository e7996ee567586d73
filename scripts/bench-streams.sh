#!/usr/bin/env bash
# Stream relay speed: 2,000-event text stream openai → anthropic and anthropic → openai,
# against a baseline that splits lines and JSONSerialization-parses each data line.
# Release build, one core; exits non-zero unless ≥ 1,000,000 events/s and faster than the baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/release-build.sh --product translate-speed >&2
bin="$(scripts/release-build.sh --product translate-speed --show-bin-path)/translate-speed"
pin=()
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then pin=(taskset -c 0); fi
"${pin[@]}" "$bin" --streams
