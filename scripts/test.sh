#!/usr/bin/env bash
# All tests: set up, unit, property and end-to-end tests (Swift Testing), a fuzzing smoke run,
# the official SDKs against the server, every simulator scenario twice, then the
# bench with its JUnit XML checked by a real JUnit parser.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
[ -x /opt/swift/usr/bin/swift ] && export PATH=/opt/swift/usr/bin:$PATH
swift build --build-tests
# Swift Testing only: there are no XCTest cases, and XCTest's "Executed 0 tests" would read as none ran.
# One test at a time: on two cores the parallel run let CPU-bound property tests hold both
# threads of the cooperative pool for seconds, where the in-process mock providers' handlers
# run, so end-to-end tests with real timeouts (a 300 ms first-byte timeout, live mode) failed
# about one run in two. Serial costs ~29 s instead of ~13 s and fails only for real faults.
swift test --skip-build --disable-xctest --no-parallel
# A short libFuzzer + ASan run of every harness (decoders, SSE parser, stream codecs);
# the full campaign is `scripts/fuzz` (1,000,000 executions per harness).
scripts/fuzz --smoke
# The official openai, anthropic and google-genai SDKs through `serve` and `mock-upstream`.
scripts/sdk-test.sh
# Every simulator scenario, twice: expectations pass, reports byte-identical, JUnit valid.
scripts/sim-test.sh
scripts/run-bench.sh
