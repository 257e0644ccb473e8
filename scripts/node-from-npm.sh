#!/usr/bin/env bash
# A Node release line from the npm registry (the `node` package ships the real binary), for CI and the consumer
# test: `scripts/node-from-npm.sh 24` installs the newest Node 24 into the git-ignored .tools/node24/, reuses a
# finished install, and prints the directory to put first on PATH:
#   PATH="$(scripts/node-from-npm.sh 24):$PATH" npm test
set -euo pipefail
major="${1:-}"
if [[ ! "$major" =~ ^[0-9]+$ ]]; then
    echo "usage: $0 <major version>, e.g. $0 24" >&2
    exit 2
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
tool="$root/.tools/node$major"
bin="$tool/node_modules/.bin"

# The `node` package's preinstall script fetches the platform's binary; check that it ran and gave this major.
is_installed() { [[ -x "$bin/node" ]] && [[ "$("$bin/node" --version 2>/dev/null)" == "v$major."* ]]; }

if ! is_installed; then
    rm -rf "$tool"
    mkdir -p "$tool"
    echo "installing Node $major from the npm registry into $tool ..." >&2
    npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$tool" "node@$major" >&2
    if ! is_installed; then
        echo "error: $bin/node is not a Node $major binary after 'npm install node@$major'." >&2
        echo "The node package's preinstall script must run: check npm's ignore-scripts setting and the registry." >&2
        exit 1
    fi
fi
echo "$bin"
