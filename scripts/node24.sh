#!/usr/bin/env bash
# Node 24 for CI and the consumer test, from the npm registry (the `node` package ships the real binary), in the
# git-ignored .tools/node24/. A finished install is reused. Prints the directory to put first on PATH.
#   PATH="$(scripts/node24.sh):$PATH" npm test
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tool="$root/.tools/node24"
bin="$tool/node_modules/.bin"

# The `node` package's preinstall script fetches the platform's binary; check that it ran and gave Node 24.
is_node24() { [[ -x "$bin/node" ]] && [[ "$("$bin/node" --version 2>/dev/null)" == v24.* ]]; }

if ! is_node24; then
    rm -rf "$tool"
    mkdir -p "$tool"
    echo "installing Node 24 from the npm registry into $tool ..." >&2
    npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$tool" "node@24" >&2
    if ! is_node24; then
        echo "error: $bin/node is not a Node 24 binary after 'npm install node@24'." >&2
        echo "The node package's preinstall script must run: check npm's ignore-scripts setting and the registry." >&2
        exit 1
    fi
fi
echo "$bin"
