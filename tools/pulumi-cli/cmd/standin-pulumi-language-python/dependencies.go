package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/pulumi/pulumi/sdk/v3/python/toolchain"
)

// InstallDependencies makes the project's virtualenv if it is missing and installs requirements.txt
// into it (`pulumi install`, and the CLI's install after `pulumi new`).
func (h *languageHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	if req.GetIsPlugin() {
		return errors.New("the stand-in Python language host does not install Python plugins (docs/other-languages.md)")
	}
	env, err := environmentFor(req.GetInfo())
	if err != nil {
		return err
	}
	closer, stdout, stderr, err := rpcutil.MakeInstallDependenciesStreams(server, req.GetIsTerminal())
	if err != nil {
		return err
	}
	defer closer.Close()
	if err := h.install(server.Context(), env, stdout, stderr); err != nil {
		return err
	}
	return closer.Close()
}

// install creates the virtualenv when it is missing, then runs `pip install -r requirements.txt` in
// the program's folder. Unlike the real host it does not upgrade pip, setuptools and wheel first:
// the pip that `python -m venv` brings installs the pinned requirements, and skipping the upgrade
// keeps reinstalls to pip's cache.
func (h *languageHost) install(ctx context.Context, env pythonEnvironment, stdout, stderr io.Writer) error {
	if env.venvDir != "" && !env.hasVenv() {
		fmt.Fprintf(stdout, "Creating virtual environment %s ...\n", env.venvDir)
		cmd, err := toolchain.Command(ctx, "-m", "venv", env.venvDir)
		if err != nil {
			return fmt.Errorf("no python to create the virtualenv with: %w", err)
		}
		cmd.Stdout, cmd.Stderr = stdout, stderr
		if err := h.Programs.Run(cmd); err != nil {
			return fmt.Errorf("creating the virtualenv %s: %w", env.venvDir, err)
		}
	}
	if _, err := os.Stat(filepath.Join(env.programDir, "requirements.txt")); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	fmt.Fprintln(stdout, "Installing dependencies from requirements.txt ...")
	return h.pip(ctx, env, stdout, stderr, "install", "-r", "requirements.txt")
}

// pip runs `python -m pip <args>` of the environment in the program's folder.
func (h *languageHost) pip(ctx context.Context, env pythonEnvironment, stdout, stderr io.Writer, args ...string) error {
	cmd, err := env.python(ctx, append([]string{"-m", "pip"}, args...)...)
	if err != nil {
		return err
	}
	cmd.Dir = env.programDir
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := h.Programs.Run(cmd); err != nil {
		return fmt.Errorf("pip %s in %s: %w", strings.Join(args, " "), env.programDir, err)
	}
	return nil
}

// About reports the environment's python, as the real host does.
func (h *languageHost) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	info := req.GetInfo()
	if info == nil {
		info = &pulumirpc.ProgramInfo{}
	}
	env, err := environmentFor(info)
	if err != nil {
		return nil, err
	}
	tc, err := env.pipToolchain()
	if err != nil {
		return nil, err
	}
	about, err := tc.About(ctx)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.AboutResponse{
		Executable: about.PythonExecutable,
		Version:    about.PythonVersion.String(),
		Metadata:   map[string]string{"toolchain": "Pip", "toolchainVersion": about.ToolchainVersion.String(), "standIn": "true"},
	}, nil
}

// GetProgramDependencies lists the packages installed in the environment (`pip list`).
func (h *languageHost) GetProgramDependencies(
	ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	env, err := environmentFor(req.GetInfo())
	if err != nil {
		return nil, err
	}
	tc, err := env.pipToolchain()
	if err != nil {
		return nil, err
	}
	installed, err := tc.ListPackages(ctx, req.GetTransitiveDependencies())
	if err != nil {
		return nil, fmt.Errorf("listing the Python packages: %w", err)
	}
	deps := make([]*pulumirpc.DependencyInfo, 0, len(installed))
	for _, dep := range installed {
		deps = append(deps, &pulumirpc.DependencyInfo{Name: dep.Name, Version: dep.Version})
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: deps}, nil
}
