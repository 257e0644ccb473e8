package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"vipswap.local/tools/pulumi-cli/internal/standin"
)

// Run starts the exec shim in the project's python with the monitor and engine addresses, the
// project, stack and organization, dry run and parallelism as flags, and the stack's config and
// secret keys in PULUMI_CONFIG and PULUMI_CONFIG_SECRET_KEYS (JSON), as the real host passes them.
// The shim configures `pulumi.runtime` from those and runs the program's entry point.
func (h *languageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	if req.GetAttachDebugger() {
		return &pulumirpc.RunResponse{Error: "the stand-in Python language host cannot attach a debugger (docs/other-languages.md)"}, nil
	}
	env, err := environmentFor(req.GetInfo())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	config, err := json.Marshal(nonNilMap(req.GetConfig()))
	if err != nil {
		return nil, fmt.Errorf("serializing the config: %w", err)
	}
	secretKeys, err := json.Marshal(nonNilSlice(req.GetConfigSecretKeys()))
	if err != nil {
		return nil, fmt.Errorf("serializing the secret keys: %w", err)
	}

	args := []string{h.execShim}
	flagArg := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flagArg("monitor", req.GetMonitorAddress())
	flagArg("engine", h.EngineAddress)
	flagArg("project", req.GetProject())
	flagArg("stack", req.GetStack())
	flagArg("organization", req.GetOrganization())
	flagArg("root-directory", req.GetInfo().GetRootDirectory())
	flagArg("pwd", req.GetPwd())
	flagArg("parallel", strconv.Itoa(int(req.GetParallel())))
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	// The entry point is relative to the program's folder ("." for its __main__.py); what follows
	// it is the program's own argv.
	args = append(args, "--", req.GetInfo().GetEntryPoint())
	args = append(args, req.GetArgs()...)

	cmd, err := env.python(ctx, args...)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Env = append(cmd.Env, "PULUMI_CONFIG="+string(config), "PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys))
	cmd.Dir = req.GetInfo().GetProgramDirectory()
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return standin.RunResponse(h.Programs.Run(cmd), "the Python exec shim"), nil
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func nonNilSlice(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
