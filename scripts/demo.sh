#!/usr/bin/env bash
# The newcomer's first command: set up, start `omniroute mock-upstream` (a provider stand-in
# on :9101) and `omniroute serve` with its bundled demo config (on :20128, or $PORT), show one
# request through the gateway in each of the four wire formats, then keep serving until
# Ctrl-C (DEMO_ONCE=1: stop after the requests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
[ -x /opt/swift/usr/bin/swift ] && export PATH=/opt/swift/usr/bin:$PATH
BIN=$(swift build -c release --show-bin-path)/omniroute
PORT=${PORT:-20128}
G=http://127.0.0.1:$PORT
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true' EXIT
"$BIN" mock-upstream --port 9101 2>/dev/null &
"$BIN" serve --port "$PORT" --data-dir ./data &
for _ in $(seq 100); do curl -sf "$G/health" >/dev/null && break; sleep 0.1; done

show() { echo; echo "\$ $1"; eval "$1"; echo; }
show "curl -s $G/v1/chat/completions -H 'Authorization: Bearer sk-omni-demo' -d '{\"model\":\"demo-anthropic/claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello from OpenAI format\"}]}'"
show "curl -s $G/v1/messages -H 'x-api-key: sk-omni-demo' -H 'anthropic-version: 2023-06-01' -d '{\"model\":\"always-on\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"Hello from Anthropic format\"}]}'"
show "curl -s '$G/v1beta/models/demo-openai/gpt-4o-mini:generateContent' -H 'x-goog-api-key: sk-omni-demo' -d '{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hello from Gemini format\"}]}]}'"
show "curl -sN $G/v1/responses -H 'Authorization: Bearer sk-omni-demo' -d '{\"model\":\"demo-gemini/gemini-2.5-flash\",\"stream\":true,\"input\":\"Hello from Responses format, streamed\"}'"
[ "${DEMO_ONCE:-}" = 1 ] && exit 0
echo "Serving on $G (key sk-omni-demo); Ctrl-C to stop."
wait
