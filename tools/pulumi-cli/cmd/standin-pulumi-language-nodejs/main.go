// Command standin-pulumi-language-nodejs is a STAND-IN for Pulumi's Node.js language host
// (`pulumi-language-nodejs`), built here because the Go module proxy does not serve the real one
// (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 answers 403 "not available";
// docs/pulumi-behaviour.md §8 has the exact error). It is installed under the real host's name next
// to the real Pulumi CLI, for this repository's end-to-end tests only.
//
// The language host's job is narrow, and this stand-in does that job the way the real host of
// v3.248.0 does it: it serves the engine's LanguageRuntime gRPC service, and its Run starts
// `node @pulumi/pulumi/cmd/run` with the monitor and engine addresses, the stack's config in
// PULUMI_CONFIG and the program's entry point, so the user's program runs in the real Node SDK.
// RunPlugin starts `@pulumi/pulumi/cmd/run-policy-pack` for policy packs (through the Go SDK's own
// PolicyProxy, which hands the pack its stack configuration) and `@pulumi/pulumi/cmd/run-plugin`
// for other plugins. Everything the SDK does (TypeScript, closures, dynamic providers) is the
// SDK's own code.
//
// Left out, because nothing here uses them: program and SDK generation (`pulumi convert`, `package
// gen-sdk`), the debugger attach, bun, yarn/pnpm, and the monitor proxy and synchronous-invoke
// pipes (the program talks to the engine's monitor directly).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/google/shlex"

	"github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"vipswap.local/tools/pulumi-cli/internal/standin"
)

func main() {
	flag.String("runtime", "nodejs", "Only nodejs is supported by the stand-in")
	host := &languageHost{}
	host.EngineAddress = standin.ParseCommandLine()
	standin.Serve(host.EngineAddress, host)
}

// languageHost is the stand-in's LanguageRuntime server; standin.Host answers what both stand-ins answer alike.
type languageHost struct {
	standin.Host
}

// options are the `runtime.options` of Pulumi.yaml (or PulumiPolicy.yaml / PulumiPlugin.yaml).
type options struct {
	typescript   bool
	tsconfigPath string
	nodeArgs     []string
}

func parseOptions(raw map[string]any) (options, error) {
	opts := options{typescript: true}
	if v, ok := raw["typescript"]; ok {
		b, isBool := v.(bool)
		if !isBool {
			return opts, errors.New("typescript option must be a boolean")
		}
		opts.typescript = b
	}
	if v, ok := raw["tsconfig"].(string); ok {
		opts.tsconfigPath = v
	}
	if v, ok := raw["nodeargs"].(string); ok {
		args, err := shlex.Split(v)
		if err != nil {
			return opts, fmt.Errorf("nodeargs: %w", err)
		}
		opts.nodeArgs = args
	}
	return opts, nil
}

func (o options) env() []string {
	var env []string
	if o.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if o.tsconfigPath != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+o.tsconfigPath)
	}
	return env
}

func (h *languageHost) GetRequiredPackages(
	ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	packages, err := findResourcePackages(req.Info.ProgramDirectory)
	if err != nil {
		fmt.Fprintf(os.Stderr, "stand-in language host: while listing packages: %v\n", err)
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: packages}, nil
}

func (h *languageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	opts, err := parseOptions(req.Info.Options.AsMap())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	runPath, err := locateModule("@pulumi/pulumi/cmd/run", req.Info.ProgramDirectory)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	configJSON, err := programConfig(req.GetConfig())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	secretKeys, err := json.Marshal(nonNil(req.GetConfigSecretKeys()))
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	args := append([]string{}, opts.nodeArgs...)
	args = append(args, runPath)
	flagArg := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flagArg("monitor", req.GetMonitorAddress())
	flagArg("engine", h.EngineAddress)
	flagArg("organization", req.GetOrganization())
	flagArg("project", req.GetProject())
	flagArg("root-directory", req.Info.RootDirectory)
	flagArg("stack", req.GetStack())
	flagArg("pwd", req.Info.ProgramDirectory)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	flagArg("parallel", fmt.Sprint(req.GetParallel()))
	args = append(args, req.Info.EntryPoint)
	args = append(args, req.GetArgs()...)

	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Env = append(os.Environ(), "PULUMI_CONFIG="+configJSON, "PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys))
	cmd.Env = append(cmd.Env, opts.env()...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return standin.RunResponse(h.Programs.Run(cmd), "node"), nil
}

func (h *languageHost) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	ctx := server.Context()
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	opts, err := parseOptions(req.Info.Options.AsMap())
	if err != nil {
		return err
	}
	isPolicyPack := req.Kind == string(apitype.AnalyzerPlugin)
	module := "@pulumi/pulumi/cmd/run-plugin"
	if isPolicyPack {
		module = "@pulumi/pulumi/cmd/run-policy-pack"
	}
	runPath, err := locateModule(module, req.Info.ProgramDirectory)
	if err != nil {
		return err
	}
	args := append([]string{runPath}, opts.nodeArgs...)
	// Policy packs take their directory last, other plugins first (as the real host passes them).
	if isPolicyPack {
		args = append(append(args, req.Args...), req.Info.ProgramDirectory)
	} else {
		args = append(append(args, req.Info.ProgramDirectory), req.Args...)
	}
	env := append(append([]string{}, req.Env...), opts.env()...)

	var proxy *sdk.PolicyProxy
	if isPolicyPack {
		// The engine configures a policy pack over gRPC before it runs; the SDK's proxy answers that
		// handshake, and the pack gets the stack's configuration in its environment.
		proxy, stdout, err = sdk.NewPolicyProxy(ctx, stdout)
		if err != nil {
			return fmt.Errorf("could not start the policy pack proxy: %w", err)
		}
		cfg, err := proxy.AwaitConfiguration(ctx)
		if err != nil {
			return fmt.Errorf("could not get the stack configuration: %w", err)
		}
		if cfg != nil {
			env = append(env,
				"PULUMI_NODEJS_ORGANIZATION="+cfg.Organization,
				"PULUMI_NODEJS_PROJECT="+cfg.Project,
				"PULUMI_NODEJS_STACK="+cfg.Stack,
				fmt.Sprintf("PULUMI_NODEJS_DRY_RUN=%t", cfg.DryRun))
			if cfg.Config != nil {
				b, err := json.Marshal(cfg.Config)
				if err != nil {
					return err
				}
				env = append(env, "PULUMI_CONFIG="+string(b))
			}
		}
	}

	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = req.Pwd
	if isPolicyPack {
		cmd.Dir = req.Info.ProgramDirectory
	}
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if proxy != nil {
		if err := cmd.Start(); err != nil {
			return err
		}
		return proxy.Attach(ctx, cmd)
	}
	if err := h.Programs.Run(cmd); err != nil {
		return fmt.Errorf("plugin %s: %w", req.Name, err)
	}
	return closer.Close()
}

func (h *languageHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	closer, stdout, stderr, err := rpcutil.MakeInstallDependenciesStreams(server, req.IsTerminal)
	if err != nil {
		return err
	}
	defer closer.Close()
	cmd := exec.CommandContext(server.Context(), "npm", "install", "--no-audit", "--no-fund")
	cmd.Dir = req.Info.ProgramDirectory
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := h.Programs.Run(cmd); err != nil {
		return fmt.Errorf("npm install in %s: %w", cmd.Dir, err)
	}
	return closer.Close()
}

func (h *languageHost) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	out, err := exec.Command("node", "--version").Output()
	if err != nil {
		return nil, err
	}
	return &pulumirpc.AboutResponse{Executable: "node", Version: strings.TrimSpace(string(out))}, nil
}

func (h *languageHost) GetProgramDependencies(
	ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	deps, err := declaredDependencies(req.Info.ProgramDirectory)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: deps}, nil
}

// programConfig turns the engine's config into what @pulumi/pulumi reads from PULUMI_CONFIG: the
// keys in the `<namespace>:config:<name>` form that every SDK version understands.
func programConfig(cfg map[string]string) (string, error) {
	out := make(map[string]string, len(cfg))
	for k, v := range cfg {
		key, err := config.ParseKey(k)
		if err != nil {
			return "", err
		}
		out[key.Namespace()+":config:"+key.Name()] = v
	}
	b, err := json.Marshal(out)
	return string(b), err
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// locateModule resolves a module of the program's own @pulumi/pulumi, from the program's folder.
func locateModule(module, dir string) (string, error) {
	script := fmt.Sprintf("try{console.log(require.resolve(%q))}catch(e){console.error(e.code==='MODULE_NOT_FOUND'?"+
		"'The Pulumi SDK (@pulumi/pulumi) is not installed in '+process.cwd()+': run npm install there.':e.message);process.exit(1)}", module)
	cmd := exec.Command("node", "-e", script)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return "", errors.New(strings.TrimSpace(string(exitErr.Stderr)))
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// packageJSON is the part of a package.json that says whether a package brings a resource plugin.
type packageJSON struct {
	Name         string            `json:"name"`
	Version      string            `json:"version"`
	Dependencies map[string]string `json:"dependencies"`
	Pulumi       struct {
		Resource bool   `json:"resource"`
		Name     string `json:"name"`
		Version  string `json:"version"`
		Server   string `json:"server"`
	} `json:"pulumi"`
}

func readPackageJSON(path string) (packageJSON, error) {
	var info packageJSON
	b, err := os.ReadFile(path)
	if err != nil {
		return info, err
	}
	return info, json.Unmarshal(b, &info)
}

// findResourcePackages lists the packages under the program's node_modules whose package.json says
// `"pulumi": {"resource": true}`: the provider plugins the program needs, as the real host lists them.
func findResourcePackages(programDir string) ([]*pulumirpc.PackageDependency, error) {
	var found []*pulumirpc.PackageDependency
	seen := map[string]bool{}
	root := filepath.Join(programDir, "node_modules")
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return nil // an unreadable folder lists nothing, as for the real host
		}
		if d.IsDir() || d.Name() != "package.json" {
			return nil
		}
		info, err := readPackageJSON(path)
		if err != nil || !info.Pulumi.Resource {
			return nil
		}
		name := info.Pulumi.Name
		if name == "" {
			name = strings.TrimPrefix(info.Name, "@pulumi/")
		}
		ver := info.Pulumi.Version
		if ver == "" {
			ver = info.Version
		}
		if key := name + "@" + ver; !seen[key] {
			seen[key] = true
			found = append(found, &pulumirpc.PackageDependency{
				Name: name, Kind: "resource", Version: "v" + strings.TrimPrefix(ver, "v"), Server: info.Pulumi.Server,
			})
		}
		return nil
	})
	return found, err
}

// declaredDependencies reports the program's direct dependencies with their installed versions.
func declaredDependencies(programDir string) ([]*pulumirpc.DependencyInfo, error) {
	project, err := readPackageJSON(filepath.Join(programDir, "package.json"))
	if err != nil {
		return nil, err
	}
	var deps []*pulumirpc.DependencyInfo
	for name, wanted := range project.Dependencies {
		installed, err := readPackageJSON(filepath.Join(programDir, "node_modules", name, "package.json"))
		v := wanted
		if err == nil {
			v = installed.Version
		}
		deps = append(deps, &pulumirpc.DependencyInfo{Name: name, Version: v})
	}
	return deps, nil
}
