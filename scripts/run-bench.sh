#!/usr/bin/env bash
# The main job: set up, build release, run the translation bench over Fixtures/ and
# ../shared/corpus, write Reports/junit.xml, and check it with a JUnit parser.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
[ -x /opt/swift/usr/bin/swift ] && export PATH=/opt/swift/usr/bin:$PATH
bin=$(swift build -c release --show-bin-path)/omniroute
mkdir -p Reports
status=0
"$bin" bench --fixtures Fixtures --junit Reports/junit.xml "$@" | tee Reports/bench.log || status=$?
.build-venv/bin/python scripts/check-junit.py Reports/junit.xml
# The bench's summary ("bench: N passed, M failed") as the closing line.
grep '^bench: [0-9]* passed' Reports/bench.log | tail -n 1
exit $status
