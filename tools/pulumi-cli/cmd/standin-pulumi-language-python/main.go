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
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"vipswap.local/tools/pulumi-cli/internal/standin"
)

// execShimName is the Python script Run starts, installed beside this binary by tools/pulumi-cli/build.sh.
const execShimName = "pulumi-language-python-exec"

func main() {
	showVersion := flag.Bool("version", false, "Print the plugin version and exit")
	flag.String("tracing", "", "Ignored: the stand-in emits no traces")
	flag.Parse()
	if *showVersion {
		fmt.Println(version.Version)
		return
	}
	self, err := os.Executable()
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not find the stand-in's own path: %w", err))
	}
	shim := filepath.Join(filepath.Dir(self), execShimName)
	if _, err := os.Stat(shim); err != nil {
		cmdutil.Exit(fmt.Errorf("the stand-in Python host needs its exec shim beside it (%s): %w; run npm run pulumi-cli", shim, err))
	}

	engineAddress := ""
	if args := flag.Args(); len(args) > 0 {
		engineAddress = args[0]
	}
	cancel := make(chan bool)
	if engineAddress != "" {
		// Exit when the engine goes away, as every plugin must.
		ctx, stop := context.WithCancel(context.Background())
		go func() { <-ctx.Done(); close(cancel) }()
		if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, stop); err != nil {
			cmdutil.Exit(fmt.Errorf("could not start the health check: %w", err))
		}
	}
	host := &languageHost{engineAddress: engineAddress, execShim: shim}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start the language host: %w", err))
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		cmdutil.Exit(err)
	}
}

// languageHost is the stand-in's LanguageRuntime server. Its methods are split by concept:
// run.go (Run), dependencies.go (InstallDependencies, GetProgramDependencies, About),
// packages.go (GetRequiredPackages), sdk.go (GeneratePackage, Link), unimplemented.go (the rest).
type languageHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	engineAddress string
	execShim      string
	programs      standin.Programs
}

func (h *languageHost) Handshake(
	ctx context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.engineAddress = req.EngineAddress
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *languageHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// GetRequiredPlugins is superseded by GetRequiredPackages; the real host answers Unimplemented too.
func (h *languageHost) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return nil, status.Errorf(codes.Unimplemented, "method GetRequiredPlugins not implemented")
}

// Cancel interrupts the programs and installs this host started (the engine calls it on Ctrl-C).
func (h *languageHost) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	h.programs.Interrupt()
	return &emptypb.Empty{}, nil
}
