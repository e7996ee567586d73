#!/usr/bin/env bash
# Load benchmark (issue 5), all on loopback, release build, side by side in one run:
#   direct  — wrk → nginx upstream returning a fixed ~600-byte chat completion
#   proxy   — wrk → nginx as a plain keep-alive reverse proxy → upstream (one HTTP hop)
#   gateway — wrk → omniroute serve → upstream, openai→openai and anthropic→openai
# at concurrency 16 (requests/s) and 1 (p50 latency), ~1 KB requests; peak RSS of the gateway.
# Usage: scripts/loadtest/run.sh [--duration 10s]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=10s
[ "${1:-}" = "--duration" ] && DURATION=$2
[ -x /opt/swift/usr/bin/swift ] && export PATH=/opt/swift/usr/bin:$PATH
if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light wrk >/dev/null
    else
        echo "loadtest: please install nginx-light and wrk" >&2; exit 1
    fi
fi
swift build -c release --product omniroute >/dev/null
BIN=$(swift build -c release --show-bin-path)/omniroute
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; nginx -p "$work" -c "$work/upstream.conf" -s stop 2>/dev/null || true; nginx -p "$work" -c "$work/proxy.conf" -s stop 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
UP=19301; PROXY=19302; GATE=19303

sed "s/PORT/$UP/" scripts/loadtest/upstream.conf > "$work/upstream.conf"
sed "s/PORT/$PROXY/; s/UPSTREAM/$UP/" scripts/loadtest/proxy.conf > "$work/proxy.conf"
mkdir -p "$work/logs"
nginx -p "$work" -c "$work/upstream.conf"
nginx -p "$work" -c "$work/proxy.conf"
sed "s/UPSTREAM/$UP/" scripts/loadtest/gateway.yaml > "$work/gateway.yaml"
"$BIN" serve --config "$work/gateway.yaml" --port "$GATE" --data-dir "$work/data" 2>"$work/serve.log" &
GPID=$!
for _ in $(seq 100); do grep -q listening "$work/serve.log" 2>/dev/null && break; sleep 0.1; done

run() { # name url script connections
    wrk -t1 -c"$4" -d"$DURATION" --latency -s "scripts/loadtest/$3" "$2" > "$work/$1.txt" 2>&1 || true
    local rps p50
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/$1.txt")
    p50=$(awk '$1=="50%" {print $2}' "$work/$1.txt")
    local errors; errors=$(grep -E "Non-2xx|Socket errors" "$work/$1.txt" | tr '\n' ' ' || true)
    echo "$1 $rps $p50 $errors"
}
to_us() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us/,"",v); print v } else if (v ~ /ms$/) { sub(/ms/,"",v); print v*1000 } else { sub(/s/,"",v); print v*1000000 } }'; }

# Warm-up (connections, caches), then the measured runs.
wrk -t1 -c16 -d2s -s scripts/loadtest/openai.lua "http://127.0.0.1:$GATE/v1/chat/completions" >/dev/null 2>&1 || true
results=()
results+=("$(run direct-c16 "http://127.0.0.1:$UP/v1/chat/completions" openai.lua 16)")
results+=("$(run proxy-c16 "http://127.0.0.1:$PROXY/v1/chat/completions" openai.lua 16)")
results+=("$(run gateway-openai-c16 "http://127.0.0.1:$GATE/v1/chat/completions" openai.lua 16)")
results+=("$(run gateway-anthropic-c16 "http://127.0.0.1:$GATE/v1/messages" anthropic.lua 16)")
results+=("$(run direct-c1 "http://127.0.0.1:$UP/v1/chat/completions" openai.lua 1)")
results+=("$(run proxy-c1 "http://127.0.0.1:$PROXY/v1/chat/completions" openai.lua 1)")
results+=("$(run gateway-openai-c1 "http://127.0.0.1:$GATE/v1/chat/completions" openai.lua 1)")
rss=$(awk '/VmHWM/ {print $2}' /proc/$GPID/status)

echo "loadtest: wrk -t1 -d$DURATION, ~1 KB requests, ~600-byte answers, all on loopback (2 cores shared by wrk, nginx and the gateway)"
printf '%-24s %12s %10s\n' run "requests/s" "p50"
for line in "${results[@]}"; do set -- $line; printf '%-24s %12s %10s %s\n' "$1" "$2" "$3" "${*:4}"; done
proxy=$(printf '%s\n' "${results[@]}" | awk '$1=="proxy-c16" {print $2}')
gopenai=$(printf '%s\n' "${results[@]}" | awk '$1=="gateway-openai-c16" {print $2}')
ganth=$(printf '%s\n' "${results[@]}" | awk '$1=="gateway-anthropic-c16" {print $2}')
d1=$(to_us "$(printf '%s\n' "${results[@]}" | awk '$1=="direct-c1" {print $3}')")
g1=$(to_us "$(printf '%s\n' "${results[@]}" | awk '$1=="gateway-openai-c1" {print $3}')")
awk -v p="$proxy" -v o="$gopenai" -v a="$ganth" -v d="$d1" -v g="$g1" -v r="$rss" 'BEGIN {
    printf "gateway openai→openai: %.0f %% of nginx-proxy requests/s (goal ≥ 50 %%)\n", 100*o/p
    printf "gateway anthropic→openai: %.0f %% of nginx-proxy requests/s (goal ≥ 35 %%)\n", 100*a/p
    printf "added p50 at c=1: %.0f µs over direct (goal ≤ 150 µs)\n", g-d
    printf "gateway peak RSS: %.1f MB (goal ≤ 80 MB)\n", r/1024
}'
