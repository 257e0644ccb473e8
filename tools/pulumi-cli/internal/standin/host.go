package standin

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Host is the part of the LanguageRuntime service both stand-ins answer alike. A stand-in embeds it and adds the
// methods of its own language; whatever neither defines answers Unimplemented.
type Host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	// EngineAddress is the engine's gRPC address: from the command line, or from Handshake.
	EngineAddress string
	// Programs are the processes this host started, so that Cancel reaches them.
	Programs Programs
}

// Handshake records the engine's address (newer engines send it here instead of on the command line).
func (h *Host) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.EngineAddress = req.EngineAddress
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

// GetPluginInfo answers the version the stand-in was built with (the CLI's, set by tools/pulumi-cli/build.sh).
func (h *Host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// GetRequiredPlugins is superseded by GetRequiredPackages; the real hosts answer Unimplemented too.
func (h *Host) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return nil, status.Errorf(codes.Unimplemented, "method GetRequiredPlugins not implemented")
}

// Cancel interrupts the programs, installs and plugins this host started (the engine calls it on Ctrl-C).
func (h *Host) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	h.Programs.Interrupt()
	return &emptypb.Empty{}, nil
}

// ParseCommandLine reads what the engine passes a language host: `-version` (print it and exit), `-tracing`
// (ignored: a stand-in emits no traces), the flags the caller defined before, and the engine's address as the
// first argument (empty when the engine sends it in Handshake instead).
func ParseCommandLine() (engineAddress string) {
	showVersion := flag.Bool("version", false, "Print the plugin version and exit")
	flag.String("tracing", "", "Ignored: the stand-in emits no traces")
	flag.Parse()
	if *showVersion {
		fmt.Println(version.Version)
		os.Exit(0)
	}
	if args := flag.Args(); len(args) > 0 {
		return args[0]
	}
	return ""
}

// engineCheckInterval is how often a stand-in asks whether its engine is still there. The real hosts ask every 5
// minutes; the stand-ins ask every 5 seconds, because the v3.248.0 engine does not always close the language host it
// ran a plugin through (after a stack's first `pulumi up` of the vipswap plugin, the host was left with init as its
// parent: docs/end-to-end.md, "Left-over processes"), and a host left for 5 minutes would outlive the test that
// started it.
const engineCheckInterval = 5 * time.Second

// Serve serves host as the engine expects of a plugin: it prints the port on the first line of stdout, exits when
// the engine at engineAddress goes away (as every plugin must), and returns when the server stops; a failure to
// serve exits the process with the error.
func Serve(engineAddress string, host pulumirpc.LanguageRuntimeServer) {
	cancel := make(chan bool)
	if engineAddress != "" {
		ctx, stop := context.WithCancel(context.Background())
		go func() { <-ctx.Done(); close(cancel) }()
		if err := rpcutil.Healthcheck(ctx, engineAddress, engineCheckInterval, stop); err != nil {
			cmdutil.Exit(fmt.Errorf("could not start the health check: %w", err))
		}
	}
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
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		cmdutil.Exit(err)
	}
}
