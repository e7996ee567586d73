#!/usr/bin/env bash
# Every scenario in Scenarios/ through the release binary, twice: every expectation must pass,
# the second run's reports must equal the first's byte for byte (determinism), and the JUnit
# XML must satisfy junitparser. Scenarios too long for CI are played shortened, and the run
# says so (SHORTENED below: file, then --set overrides).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH=/opt/swift/usr/bin:$PATH
BIN=$(swift build -c release --show-bin-path)/omniroute
[ -x "$BIN" ] || swift build -c release --product omniroute
declare -A SHORTENED=()
out=Reports/simulation
rm -rf "$out" "$out-again"
start=$(date +%s)
status=0
args=()
for file in Scenarios/*.yaml; do
    name=$(basename "$file" .yaml)
    if [ -n "${SHORTENED[$name]:-}" ]; then
        echo "sim-test: $name shortened for CI: ${SHORTENED[$name]}"
        # shellcheck disable=SC2086
        "$BIN" simulate "$file" --quiet --out "$out/$name" ${SHORTENED[$name]} || status=1
        # shellcheck disable=SC2086
        "$BIN" simulate "$file" --quiet --out "$out-again/$name" ${SHORTENED[$name]} >/dev/null || status=1
    else
        args+=("$file")
    fi
done
"$BIN" simulate "${args[@]}" --quiet --out "$out" || status=1
"$BIN" simulate "${args[@]}" --quiet --out "$out-again" >/dev/null || status=1
if ! diff -r "$out" "$out-again" >/dev/null; then
    echo "sim-test: two runs of the same scenarios and seeds differ:" >&2
    diff -rq "$out" "$out-again" >&2 || true
    status=1
fi
.build-venv/bin/python scripts/check-junit.py "$out/junit.xml"
rm -rf "$out-again"
echo "sim-test: $(ls Scenarios/*.yaml | wc -l) scenarios, twice, in $(( $(date +%s) - start )) s; reports in $out"
exit $status
