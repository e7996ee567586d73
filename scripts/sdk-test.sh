#!/usr/bin/env bash
# The official Python SDKs (openai, anthropic, google-genai from PyPI, in the project's venv)
# against a real `omniroute serve` with `omniroute mock-upstream` behind it, both started
# here on free loopback ports and stopped at the end. Retries are off in every client.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH=/opt/swift/usr/bin:$PATH
[ -x .build-venv/bin/python ] || python3 -m venv .build-venv
.build-venv/bin/python -c "import openai, anthropic, google.genai" 2>/dev/null || .build-venv/bin/pip install -q openai anthropic google-genai
BIN=$(swift build -c release --show-bin-path)/omniroute
[ -x "$BIN" ] || scripts/release-build.sh --product omniroute
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
free_port() { .build-venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
MOCK=$(free_port); GATE=$(free_port)
"$BIN" mock-upstream --port "$MOCK" --words-per-second 5000 2>"$work/mock.log" &
sed "s/MOCK_PORT/$MOCK/g" scripts/sdk/gateway.yaml > "$work/gateway.yaml"
"$BIN" serve --config "$work/gateway.yaml" --port "$GATE" --data-dir "$work/data" 2>"$work/serve.log" &
for _ in $(seq 100); do
    grep -q listening "$work/serve.log" 2>/dev/null && grep -q listening "$work/mock.log" 2>/dev/null && break
    sleep 0.1
done
.build-venv/bin/python scripts/sdk/sdk_check.py "http://127.0.0.1:$GATE" sk-omni-sdk || { cat "$work/serve.log" >&2; exit 1; }
