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
"$bin" bench --fixtures Fixtures --junit Reports/junit.xml "$@" || status=$?
.build-venv/bin/python scripts/check-junit.py Reports/junit.xml
exit $status
