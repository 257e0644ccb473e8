package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/pulumi/pulumi/sdk/v3/python/toolchain"
)

// pythonEnvironment is where a project's Python runs: the virtualenv of `runtime.options.virtualenv`
// (resolved against the project's root, as the real host resolves it), or the python on PATH when
// the option is absent.
type pythonEnvironment struct {
	root       string
	programDir string
	// virtualenv is the option as written in Pulumi.yaml; venvDir its absolute path ("" for none).
	virtualenv string
	venvDir    string
}

// environmentFor reads the runtime options the stand-in supports. Options that would change what
// the real host does in ways the stand-in does not copy are refused, not ignored.
func environmentFor(info *pulumirpc.ProgramInfo) (pythonEnvironment, error) {
	env := pythonEnvironment{root: info.GetRootDirectory(), programDir: info.GetProgramDirectory()}
	options := map[string]any{}
	if info.GetOptions() != nil {
		options = info.GetOptions().AsMap()
	}
	if v, ok := options["virtualenv"]; ok {
		s, isString := v.(string)
		if !isString {
			return env, errors.New("virtualenv option must be a string")
		}
		env.virtualenv = s
		env.venvDir = s
		if !filepath.IsAbs(s) {
			env.venvDir = filepath.Join(env.root, s)
		}
	}
	if v, ok := options["toolchain"]; ok && v != "pip" {
		return env, fmt.Errorf("the stand-in Python language host supports only the pip toolchain, not toolchain: %v "+
			"(docs/other-languages.md)", v)
	}
	if v, ok := options["typechecker"]; ok {
		return env, fmt.Errorf("the stand-in Python language host does not run type checkers (typechecker: %v); "+
			"remove the option (docs/other-languages.md)", v)
	}
	return env, nil
}

// hasVenv says whether the virtualenv exists (has a python).
func (e pythonEnvironment) hasVenv() bool {
	return e.venvDir != "" && toolchain.IsVirtualEnv(e.venvDir)
}

// python returns a command running the environment's python with the virtualenv activated (PATH,
// VIRTUAL_ENV), as the real host runs it. A configured virtualenv that does not exist is an error
// naming it and the command that creates it.
func (e pythonEnvironment) python(ctx context.Context, args ...string) (*exec.Cmd, error) {
	if e.venvDir == "" {
		return toolchain.Command(ctx, args...)
	}
	if !e.hasVenv() {
		return nil, fmt.Errorf("the virtualenv %q of Pulumi.yaml (%s) does not exist: run `pulumi install` in %s",
			e.virtualenv, e.venvDir, e.root)
	}
	cmd := exec.CommandContext(ctx, filepath.Join(e.venvDir, "bin", "python"), args...)
	cmd.Env = toolchain.ActivateVirtualEnv(os.Environ(), e.venvDir)
	return cmd, nil
}

// pipToolchain is the Go SDK's own pip toolchain for this environment: the stand-in uses it for
// what it must do exactly as the real host does (listing packages, editing requirements.txt).
func (e pythonEnvironment) pipToolchain() (toolchain.Toolchain, error) {
	return toolchain.ResolveToolchain(toolchain.PythonOptions{
		Root: e.root, ProgramDir: e.programDir, Virtualenv: e.virtualenv, Toolchain: toolchain.Pip,
	})
}
