#!/usr/bin/env bash
# Puts a Pulumi CLI for the end-to-end tests in .tools/pulumi/bin (git-ignored), and prints that folder.
#
# 1. A `pulumi` already on PATH at 3.248.0 or newer, with its own pulumi-language-nodejs beside it, is used as it is.
# 2. Otherwise the CLI is built from the Go module proxy at the version the lock file pins for
#    @pulumi/pulumi (3.248.0), with the wrapper module in this folder, together with the STAND-IN Node.js
#    language host of cmd/standin-pulumi-language-nodejs (the proxy does not serve the real one:
#    docs/pulumi-behaviour.md §8). A finished build is reused while its inputs are unchanged.
# 3. With neither Go nor a CLI, it stops and says what to install.
# In every case it also builds the Pulumi YAML language host (pulumi-language-yaml) from github.com/pulumi/pulumi-yaml
# with the module in yaml-host/ (docs/other-languages.md), unless one is already beside the CLI on PATH, and the
# STAND-IN Python language host of cmd/standin-pulumi-language-python with its exec shim (the proxy does not serve the
# real one either: docs/other-languages.md), unless a pulumi-language-python is already beside the CLI on PATH.
# Nothing here contacts Pulumi's download site.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/.tools/pulumi/bin"
version="3.248.0"
min_version="3.248.0"

version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }
log() { echo "pulumi-cli: $*" >&2; }

dynamic_plugin="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
if [ ! -x "$dynamic_plugin" ]; then
  log "node_modules/@pulumi/pulumi is not installed: run npm ci (or npm install) first."
  exit 1
fi

# The YAML language host: its own module and stamp, so that adding it does not rebuild the CLI.
build_yaml_host() {
  local yaml_version yaml_stamp
  yaml_version="$(awk '$1 == "github.com/pulumi/pulumi-yaml" { print $2 }' "$here/yaml-host/go.mod")"
  yaml_stamp="$( (cat "$here/yaml-host/go.mod" "$here/yaml-host/go.sum" "$here/yaml-host/main.go" "$here/build.sh"; go version) | sha256sum | cut -d' ' -f1)"
  if [ -x "$out/pulumi-language-yaml" ] && [ "$(cat "$out/.stamp-yaml" 2>/dev/null)" = "$yaml_stamp" ]; then return 0; fi
  log "building the Pulumi YAML language host $yaml_version from the Go module proxy ..."
  rm -f "$out/.stamp-yaml"
  (cd "$here/yaml-host" && CGO_ENABLED=0 go build \
    -ldflags "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=$yaml_version" \
    -o "$out/pulumi-language-yaml" .)
  echo "$yaml_stamp" > "$out/.stamp-yaml"
}

# The stand-in Python language host and its exec shim: their own stamp, so that changing them does not rebuild the CLI.
python_host_dir="$here/cmd/standin-pulumi-language-python"
build_python_host() {
  local python_stamp
  python_stamp="$( (cat "$here/go.mod" "$here/go.sum" "$here/build.sh"; find "$python_host_dir" "$here/internal" -type f | sort | xargs cat; go version) | sha256sum | cut -d' ' -f1)"
  if [ -x "$out/pulumi-language-python" ] && [ -x "$out/pulumi-language-python-exec" ] \
      && [ "$(cat "$out/.stamp-python" 2>/dev/null)" = "$python_stamp" ]; then return 0; fi
  log "building the stand-in Python language host ..."
  rm -f "$out/.stamp-python"
  (cd "$here" && CGO_ENABLED=0 go build -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" \
    -o "$out/pulumi-language-python" ./cmd/standin-pulumi-language-python)
  install -m 0755 "$python_host_dir/pulumi-language-python-exec" "$out/pulumi-language-python-exec"
  echo "$python_stamp" > "$out/.stamp-python"
}

if ambient="$(command -v pulumi 2>/dev/null)" && [ "$ambient" != "$out/pulumi" ]; then
  ambient_version="$("$ambient" version 2>/dev/null | sed 's/^v//')"
  if [ -n "$ambient_version" ] && version_ge "$ambient_version" "$min_version" \
      && [ -x "$(dirname "$ambient")/pulumi-language-nodejs" ]; then
    log "using the Pulumi CLI on PATH: $ambient (v$ambient_version)"
    mkdir -p "$out"
    for bin in pulumi pulumi-language-nodejs; do ln -sf "$(dirname "$ambient")/$bin" "$out/$bin"; done
    cp "$dynamic_plugin" "$out/pulumi-resource-pulumi-nodejs"
    if [ -x "$(dirname "$ambient")/pulumi-language-yaml" ]; then
      ln -sf "$(dirname "$ambient")/pulumi-language-yaml" "$out/pulumi-language-yaml"
    elif command -v go >/dev/null 2>&1; then
      build_yaml_host
    else
      log "no pulumi-language-yaml beside $ambient and no Go to build one: the YAML tests cannot run."
    fi
    if [ -x "$(dirname "$ambient")/pulumi-language-python" ]; then
      for bin in pulumi-language-python pulumi-language-python-exec; do ln -sf "$(dirname "$ambient")/$bin" "$out/$bin"; done
    elif command -v go >/dev/null 2>&1; then
      build_python_host
    else
      log "no pulumi-language-python beside $ambient and no Go to build one: the Python tests cannot run."
    fi
    echo "$out"
    exit 0
  fi
fi

if ! command -v go >/dev/null 2>&1; then
  log "neither a Pulumi CLI >= $min_version (with pulumi-language-nodejs beside it) nor Go is on PATH."
  log "Install Go 1.25 or newer (the CLI is built from its Go modules), or put Pulumi CLI $min_version+ on PATH."
  exit 1
fi

stamp_inputs() {
  cat "$here/go.mod" "$here/go.sum" "$here/build.sh"
  # gen-go-sdk is not part of the CLI (test/e2e/goSdk.test.ts builds it itself), so it does not rebuild the CLI.
  find "$here/cmd" "$here/internal" -type f -name '*.go' -not -path "$python_host_dir/*" -not -path "$here/cmd/gen-go-sdk/*" | sort | xargs cat
  go version
}
stamp="$(stamp_inputs | sha256sum | cut -d' ' -f1)"
if [ -x "$out/pulumi" ] && [ -x "$out/pulumi-language-nodejs" ] && [ "$(cat "$out/.stamp" 2>/dev/null)" = "$stamp" ]; then
  cp "$dynamic_plugin" "$out/pulumi-resource-pulumi-nodejs"
  build_yaml_host
  build_python_host
  log "reusing the finished build in $out"
  echo "$out"
  exit 0
fi

mkdir -p "$out"
rm -f "$out/.stamp"
ldflags="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version"
start=$(date +%s)
log "building Pulumi CLI v$version from the Go module proxy (a cold build takes a few minutes) ..."
(cd "$here" && CGO_ENABLED=0 go build -ldflags "$ldflags" -o "$out/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
log "building the stand-in Node.js language host ..."
(cd "$here" && CGO_ENABLED=0 go build -ldflags "$ldflags" -o "$out/pulumi-language-nodejs" ./cmd/standin-pulumi-language-nodejs)
cp "$dynamic_plugin" "$out/pulumi-resource-pulumi-nodejs"
build_yaml_host
build_python_host
echo "$stamp" > "$out/.stamp"
log "built in $(( $(date +%s) - start )) s: $("$out/pulumi" version)"
echo "$out"
