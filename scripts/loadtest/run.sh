#!/usr/bin/env bash
# Load benchmark (issue 5), all on loopback, release build, side by side in one run:
#   direct  — wrk → nginx upstream returning a fixed ~600-byte chat completion
#   proxy   — wrk → nginx as a plain keep-alive reverse proxy → upstream (one HTTP hop)
#   gateway — wrk → omniroute serve → upstream, openai→openai and anthropic→openai
# at concurrency 16 (requests/s) and 1 (p50 latency), ~1 KB requests; peak RSS of the gateway.
# Then streams: N concurrent streams (default 1,000, opened over 1 s) from `omniroute
# mock-upstream` (a `stamp` model: 200 ms to the first byte, then 5 events 100 ms apart, each
# stamped with the mock's clock), read by stream-check directly and through the gateway; each
# first event's relay delay is its arrival time minus the mock's stamp (goal: each within 5 ms).
# Usage: scripts/loadtest/run.sh [--duration 10s] [--runs 3] [--streams 1000] [--streams-only]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=10s
STREAMS=1000
STREAMS_ONLY=0
RUNS=3
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) DURATION=$2; shift 2 ;;
        --streams) STREAMS=$2; shift 2 ;;
        --streams-only) STREAMS_ONLY=1; shift ;;
        --runs) RUNS=$2; shift 2 ;;
        *) echo "usage: scripts/loadtest/run.sh [--duration 10s] [--streams 1000] [--streams-only] [--runs 3]" >&2; exit 2 ;;
    esac
done
[ -x /opt/swift/usr/bin/swift ] && export PATH=/opt/swift/usr/bin:$PATH
if [ "$STREAMS_ONLY" = 0 ] && { ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; }; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light wrk >/dev/null
    else
        echo "loadtest: please install nginx-light and wrk" >&2; exit 1
    fi
fi
scripts/release-build.sh --product omniroute >/dev/null
scripts/release-build.sh --product stream-check >/dev/null
BIN=$(swift build -c release --show-bin-path)/omniroute
CHECK=$(swift build -c release --show-bin-path)/stream-check
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; nginx -p "$work" -c "$work/upstream.conf" -s stop 2>/dev/null || true; nginx -p "$work" -c "$work/proxy.conf" -s stop 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
UP=19301; PROXY=19302; GATE=19303; MOCK=19304; SGATE=19305

if [ "$STREAMS_ONLY" = 0 ]; then
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

    # Warm-up (connections, caches), then RUNS rounds of the seven runs side by side; each
    # figure is the median over the rounds, each ratio the median of the rounds' ratios (the
    # gateway and its baseline measured minutes apart on a shared machine would not compare).
    wrk -t1 -c16 -d2s -s scripts/loadtest/openai.lua "http://127.0.0.1:$GATE/v1/chat/completions" >/dev/null 2>&1 || true
    : > "$work/rounds.txt"
    for round in $(seq "$RUNS"); do
        {
            run direct-c16 "http://127.0.0.1:$UP/v1/chat/completions" openai.lua 16
            run proxy-c16 "http://127.0.0.1:$PROXY/v1/chat/completions" openai.lua 16
            run gateway-openai-c16 "http://127.0.0.1:$GATE/v1/chat/completions" openai.lua 16
            run gateway-anthropic-c16 "http://127.0.0.1:$GATE/v1/messages" anthropic.lua 16
            run direct-c1 "http://127.0.0.1:$UP/v1/chat/completions" openai.lua 1
            run proxy-c1 "http://127.0.0.1:$PROXY/v1/chat/completions" openai.lua 1
            run gateway-openai-c1 "http://127.0.0.1:$GATE/v1/chat/completions" openai.lua 1
        } | while read -r name rps p50 rest; do echo "$round $name $rps $(to_us "$p50") $rest"; done >> "$work/rounds.txt"
    done
    rss=$(awk '/VmHWM/ {print $2}' /proc/$GPID/status)

    echo "loadtest: wrk -t1 -d$DURATION, $RUNS rounds, medians; ~1 KB requests, ~600-byte answers, all on loopback (2 cores shared by wrk, nginx and the gateway)"
    awk -v rss="$rss" '
        function median(list,   n, a, i, j, t) {
            n = split(list, a, " ")
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        {
            if (!($2 in seen)) { seen[$2] = 1; order[++count] = $2 }
            rps[$2] = rps[$2] " " $3; p50[$2] = p50[$2] " " $4
            value[$1, $2, "rps"] = $3; value[$1, $2, "p50"] = $4
            if (NF > 4) { extra = ""; for (i = 5; i <= NF; i++) extra = extra " " $i; errors[$2] = errors[$2] extra }
            rounds[$1] = 1
        }
        END {
            printf "%-24s %12s %10s\n", "run", "requests/s", "p50 µs"
            for (i = 1; i <= count; i++) printf "%-24s %12.0f %10.0f%s\n", order[i], median(rps[order[i]]), median(p50[order[i]]), errors[order[i]]
            for (r in rounds) {
                openai = openai " " 100 * value[r, "gateway-openai-c16", "rps"] / value[r, "proxy-c16", "rps"]
                anthropic = anthropic " " 100 * value[r, "gateway-anthropic-c16", "rps"] / value[r, "proxy-c16", "rps"]
                added = added " " value[r, "gateway-openai-c1", "p50"] - value[r, "direct-c1", "p50"]
            }
            printf "gateway openai→openai: %.0f %% of nginx-proxy requests/s (median of the rounds: %s) (goal ≥ 50 %%)\n", median(openai), openai
            printf "gateway anthropic→openai: %.0f %% of nginx-proxy requests/s (median of the rounds: %s) (goal ≥ 35 %%)\n", median(anthropic), anthropic
            printf "added p50 at c=1: %.0f µs over direct (median of the rounds: %s) (goal ≤ 150 µs)\n", median(added), added
            printf "gateway peak RSS: %.1f MB (goal ≤ 80 MB)\n", rss / 1024
        }' "$work/rounds.txt"
    # Out of the way of the stream runs.
    kill "$GPID" 2>/dev/null || true
    nginx -p "$work" -c "$work/upstream.conf" -s stop 2>/dev/null || true
    nginx -p "$work" -c "$work/proxy.conf" -s stop 2>/dev/null || true
fi

# Streams: every stream holds a socket to the gateway and one from it to the mock.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((2 * STREAMS + 256)) ]; then
    echo "loadtest: open files limited to $(ulimit -n) (ulimit -n); $((2 * STREAMS + 256)) needed for $STREAMS streams" >&2; exit 1
fi
"$BIN" mock-upstream --port "$MOCK" 2>"$work/mock.log" &
MPID=$!
sed "s/UPSTREAM/$MOCK/" scripts/loadtest/gateway-streams.yaml > "$work/gateway-streams.yaml"
"$BIN" serve --config "$work/gateway-streams.yaml" --port "$SGATE" --data-dir "$work/streams-data" \
    --connections-per-host $((STREAMS + 100)) 2>"$work/serve-streams.log" &
SPID=$!
for _ in $(seq 100); do grep -q listening "$work/mock.log" 2>/dev/null && grep -q listening "$work/serve-streams.log" 2>/dev/null && break; sleep 0.1; done
body() { printf '{"model":"%s","stream":true,"max_tokens":64,"messages":[{"role":"user","content":"Count the seconds."}]}' "$1"; }
stream_check() { # label url model streams
    "$CHECK" --label "$1" --url "$2" --key sk-omni-bench --body "$(body "$3")" --streams "$4" --ramp-ms 1000 --goal-ms 5 \
        --pids "$MPID,$SPID" > "$work/streams-$1.txt" 2>&1
}
# Warm-up (code paths, a first set of connections), then the measured runs, direct first.
stream_check warm-direct "http://127.0.0.1:$MOCK/v1/chat/completions" stamp-20ms 50 || true
stream_check warm-gateway "http://127.0.0.1:$SGATE/v1/chat/completions" bench/stamp-20ms 50 || true
status=0
stream_check direct "http://127.0.0.1:$MOCK/v1/chat/completions" stamp-200ms "$STREAMS" || status=1
stream_check gateway "http://127.0.0.1:$SGATE/v1/chat/completions" bench/stamp-200ms "$STREAMS" || status=1
# Once more on the same gateway, warm: its descriptor table grown, its upstream connections pooled.
stream_check gateway-warm "http://127.0.0.1:$SGATE/v1/chat/completions" bench/stamp-200ms "$STREAMS" || status=1
srss=$(awk '/VmHWM/ {print $2}' /proc/$SPID/status)
echo
echo "streams: $STREAMS concurrent streams opened over 1 s, mock-upstream model stamp-200ms (first byte after 200 ms, then 5 events 100 ms apart), stream-check on 1 event loop, all on loopback"
grep -v '^result ' "$work/streams-direct.txt" || true
grep -v '^result ' "$work/streams-gateway.txt" || true
grep -v '^result ' "$work/streams-gateway-warm.txt" || true
field() { sed -n "s/^result .* $2=\([^ ]*\).*/\1/p" "$work/streams-$1.txt"; }
if [ -n "$(field gateway p50_ms)" ] && [ -n "$(field direct p99_ms)" ]; then
    echo "$STREAMS streams: first byte relayed p50 $(field gateway p50_ms) ms, p99 $(field gateway p99_ms) ms, max $(field gateway max_ms) ms after the upstream's" \
         "(direct p50 $(field direct p50_ms) ms, p99 $(field direct p99_ms) ms, max $(field direct max_ms) ms);" \
         "$(field gateway within)/$STREAMS within 5 ms (goal: each within 5 ms); $(field gateway failed) failed; gateway peak RSS $(awk -v r="$srss" 'BEGIN { printf "%.1f", r/1024 }') MB"
    echo "$STREAMS streams again, warm gateway: p50 $(field gateway-warm p50_ms) ms, p99 $(field gateway-warm p99_ms) ms, max $(field gateway-warm max_ms) ms;" \
         "$(field gateway-warm within)/$STREAMS within 5 ms; $(field gateway-warm failed) failed"
    for run in direct gateway gateway-warm; do
        others=$(field "$run" cpu_others)
        if [ -n "$others" ] && [ "$others" -gt 15 ]; then
            echo "warning: other processes used $others % of a core during the $run run: its figures are disturbed (run again on a quiet machine)"
        fi
    done
else
    echo "$STREAMS streams: stream-check gave no result" >&2
    cat "$work/streams-direct.txt" "$work/streams-gateway.txt" >&2 || true
    status=1
fi
exit $status
