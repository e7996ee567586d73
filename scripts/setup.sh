#!/usr/bin/env bash
# Installs what building and testing OmniRoute needs on a fresh Debian machine, then
# builds the release binary. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH=/opt/swift/usr/bin:$PATH
fi
command -v swift >/dev/null 2>&1 || { echo "setup: no Swift toolchain found (expected /opt/swift)" >&2; exit 1; }

# Debian packages: libxml2 for FoundationXML (JUnit XML checks), python3 for the JUnit parser
# check and the SDK tests, curl for scripts/demo.sh.
missing=()
for pkg in libxml2 python3 python3-venv curl; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    else
        echo "setup: please install: ${missing[*]}" >&2
    fi
fi

# A JUnit parser of the kind CI dashboards use, to check the bench's XML (scripts/check-junit.py).
if [ ! -x .build-venv/bin/python ]; then
    python3 -m venv .build-venv
fi
if ! .build-venv/bin/python -c "import junitparser" 2>/dev/null; then
    .build-venv/bin/pip install -q junitparser
fi
# The official SDKs, as clients of the gateway in scripts/sdk-test.sh.
if ! .build-venv/bin/python -c "import openai, anthropic, google.genai" 2>/dev/null; then
    .build-venv/bin/pip install -q openai anthropic google-genai
fi

scripts/release-build.sh --product omniroute
