#!/usr/bin/env bash
# All tests: set up, unit and property tests (Swift Testing), then the bench with its
# JUnit XML checked by a real JUnit parser.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
[ -x /opt/swift/usr/bin/swift ] && export PATH=/opt/swift/usr/bin:$PATH
swift build --build-tests
swift test --skip-build
scripts/run-bench.sh
