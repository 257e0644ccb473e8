// Command yaml-host serves the Pulumi YAML language host of github.com/pulumi/pulumi-yaml v1.25.0 (the newest
// release the Go module proxy serves): the host itself is that module's pkg/server library; this file is only our
// own main around it, which adds the one RPC that the v3.248.0 CLI needs and v1.25.0 lacks: Link.
//
// `pulumi package add` asks the project's language host to generate an SDK (GeneratePackage) and then to link it
// into the project (Link). A YAML program needs no SDK: it names the package's types directly, and the CLI itself
// writes the package into Pulumi.yaml's `packages:` after Link returns. v1.25.0 predates Link, so the CLI stops with
// "linking package: method Link not implemented". The host is also told to load package schemas through the engine
// (useRPCLoader): loading plugins itself, with the plugin code of the v3.206.0 SDK it is built on, would pass a
// plugin's runtime options as flags (`-typescript=false`) that a v3.248 Node.js language host does not take.
// Run, GeneratePackage and the rest are pulumi-yaml's own code. (docs/other-languages.md)
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/pulumi/pulumi-yaml/pkg/server"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// linkingHost is pulumi-yaml's language host plus Link.
type linkingHost struct {
	pulumirpc.LanguageRuntimeServer
}

// Link has nothing to link into a YAML project: its programs refer to a package by its schema tokens.
func (linkingHost) Link(context.Context, *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	return &pulumirpc.LinkResponse{}, nil
}

func main() {
	var tracing, root, compiler string
	flag.StringVar(&tracing, "tracing", "", "Emit tracing to a Zipkin-compatible tracing endpoint")
	flag.StringVar(&root, "root", "", "Root of the program execution")
	flag.StringVar(&compiler, "compiler", "", "[obsolete] Compiler to use to pre-process YAML")
	flag.Parse()
	args := flag.Args()
	logging.InitLogging(false, 0, false)
	cmdutil.InitTracing("pulumi-language-yaml", "pulumi-language-yaml", tracing)

	var engineAddress string
	var cancelChannel chan bool
	if len(args) > 0 {
		engineAddress = args[0]
		var err error
		if cancelChannel, err = setupHealthChecks(engineAddress); err != nil {
			cmdutil.Exit(fmt.Errorf("could not start health check host RPC server: %w", err))
		}
	}

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancelChannel,
		Init: func(srv *grpc.Server) error {
			host := server.NewLanguageHost(engineAddress, tracing, true /* useRPCLoader: the engine loads schemas */)
			pulumirpc.RegisterLanguageRuntimeServer(srv, linkingHost{host})
			return nil
		},
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start language host RPC server: %w", err))
	}
	// The spawner reads the port from the first line.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("language host RPC stopped serving: %w", err))
	}
}

// setupHealthChecks stops serving when the engine goes away or on SIGINT, as upstream's host does.
func setupHealthChecks(engineAddress string) (chan bool, error) {
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	cancelChannel := make(chan bool)
	go func() {
		<-ctx.Done()
		cancel()
		close(cancelChannel)
	}()
	if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, cancel); err != nil {
		return nil, err
	}
	return cancelChannel, nil
}
