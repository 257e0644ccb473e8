// Command standin-pulumi-language-python is a STAND-IN for Pulumi's Python language host
// (`pulumi-language-python`), built here because the Go module proxy does not serve the real one
// (github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3 answers 403 "not available";
// docs/other-languages.md has the exact error). It is installed under the real host's name next to
// the real Pulumi CLI, for this repository's end-to-end tests only.
//
// It serves the engine's LanguageRuntime gRPC service for a pip project: InstallDependencies makes
// the virtualenv of Pulumi.yaml's `runtime.options.virtualenv` and runs `pip install -r
// requirements.txt`; Run starts this folder's exec shim (`pulumi-language-python-exec`, Python) in
// the virtualenv's python, which configures the real `pulumi` SDK from PyPI and runs the program's
// __main__.py; GetRequiredPackages reads the pulumi-plugin.json of the installed packages;
// GeneratePackage generates an SDK with the real Python code generator (pkg/v3/codegen/python) and
// Link records it in requirements.txt (`pulumi package add` then installs it through
// InstallDependencies). docs/other-languages.md ("Python: the host module is not served, so a
// stand-in") lists what it does and what it leaves out; everything it leaves out answers
// Unimplemented with a message that says so.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"

	"vipswap.local/tools/pulumi-cli/internal/standin"
)

// execShimName is the Python script Run starts, installed beside this binary by tools/pulumi-cli/build.sh.
const execShimName = "pulumi-language-python-exec"

func main() {
	engineAddress := standin.ParseCommandLine()
	self, err := os.Executable()
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not find the stand-in's own path: %w", err))
	}
	shim := filepath.Join(filepath.Dir(self), execShimName)
	if _, err := os.Stat(shim); err != nil {
		cmdutil.Exit(fmt.Errorf("the stand-in Python host needs its exec shim beside it (%s): %w; run npm run pulumi-cli", shim, err))
	}
	host := &languageHost{execShim: shim}
	host.EngineAddress = engineAddress
	standin.Serve(engineAddress, host)
}

// languageHost is the stand-in's LanguageRuntime server; standin.Host answers what both stand-ins answer alike.
// Its own methods are split by concept: run.go (Run), dependencies.go (InstallDependencies,
// GetProgramDependencies, About), packages.go (GetRequiredPackages), sdk.go (GeneratePackage, Link),
// unimplemented.go (the rest).
type languageHost struct {
	standin.Host

	execShim string
}
