#!/usr/bin/env bash
# Every scenario in Scenarios/ through the release binary, full length, twice: every
# expectation must pass, the second run's reports must equal the first's byte for byte
# (determinism), and the JUnit XML must satisfy junitparser (as a CI dashboard reads it);
# then two scenarios in live mode.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH=/opt/swift/usr/bin:$PATH
[ -x .build-venv/bin/python ] || scripts/setup.sh
BIN=$(swift build -c release --show-bin-path)/omniroute
scripts/release-build.sh --product omniroute >/dev/null
out=Reports/simulation
rm -rf "$out" "$out-again"
start=$(date +%s)
status=0
"$BIN" simulate Scenarios/*.yaml --quiet --out "$out" || status=1
"$BIN" simulate Scenarios/*.yaml --quiet --out "$out-again" >/dev/null || status=1
if ! diff -r "$out" "$out-again" >/dev/null; then
    echo "sim-test: two runs of the same scenarios and seeds wrote different reports:" >&2
    diff -rq "$out" "$out-again" >&2 || true
    status=1
fi
rm -rf "$out-again"
.build-venv/bin/python scripts/check-junit.py "$out/junit.xml"
# The simulator held to the truth: two scenarios played for real, 20× faster than written,
# against a real serve on loopback; they must agree with their simulations (live.md).
for name in provider-5xx-burst stream-cut; do
    "$BIN" simulate "Scenarios/$name.yaml" --quiet --live --live-speed 20 --out "Reports/live/$name" | tail -n 1 || status=1
done
echo "sim-test: $(ls Scenarios/*.yaml | wc -l) scenarios played twice in $(( $(date +%s) - start )) s, identical; reports in $out"
exit $status
