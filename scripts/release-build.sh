#!/usr/bin/env bash
# The release build every script and the deployment use: `swift build -c release` with the
# same flags each time (other flags would rebuild every module, dependencies included).
#
# -enforce-exclusivity=unchecked: Swift checks at run time that no two accesses to a class's
# (or a global's) stored property overlap. In release builds, for every module, dependencies
# included, that check is left out: SwiftNIO's channels run it on each read and write, and
# it was 6 % of the gateway's CPU a request (docs/server.md, "Speed"). Compile-time checking
# is unchanged, and the tests (`scripts/test.sh`, a debug build) run with the checks on.
set -euo pipefail
cd "$(dirname "$0")/.."
exec swift build -c release -Xswiftc -enforce-exclusivity=unchecked "$@"
