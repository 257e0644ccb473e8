package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// listPluginFilesScript prints, as JSON, every installed distribution that ships a top-level
// `<package>/pulumi-plugin.json` (what generated Pulumi SDKs carry), with its version and the
// file's path. It reads the distributions' RECORD files through importlib.metadata.
const listPluginFilesScript = `import importlib.metadata as md, json
found = []
for dist in md.distributions():
    for f in dist.files or []:
        if f.name == "pulumi-plugin.json" and len(f.parts) == 2:
            found.append({"package": dist.metadata["Name"], "version": dist.version, "path": str(f.locate())})
print(json.dumps(found))
`

type installedPluginFile struct {
	Package string `json:"package"`
	Version string `json:"version"`
	Path    string `json:"path"`
}

// GetRequiredPackages lists the resource plugins the program needs: one per installed package whose
// pulumi-plugin.json says `"resource": true`, named and versioned by that file (or, where it is
// silent, by the Python package), as the real host lists them. Like the real host it first makes the
// virtualenv if it is missing, so `pulumi up` right after `pulumi new` works.
func (h *languageHost) GetRequiredPackages(
	ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	env, err := environmentFor(req.GetInfo())
	if err != nil {
		return nil, err
	}
	if env.venvDir != "" && !env.hasVenv() {
		if err := h.install(ctx, env, os.Stderr, os.Stderr); err != nil {
			return nil, err
		}
	}
	cmd, err := env.python(ctx, "-c", listPluginFilesScript)
	if err != nil {
		return nil, err
	}
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("listing the installed Pulumi packages: %w", err)
	}
	var files []installedPluginFile
	if err := json.Unmarshal(out, &files); err != nil {
		return nil, fmt.Errorf("reading the list of installed Pulumi packages: %w", err)
	}
	packages := []*pulumirpc.PackageDependency{}
	for _, f := range files {
		dep, err := packageFromPluginFile(f)
		if err != nil {
			return nil, err
		}
		if dep != nil {
			packages = append(packages, dep)
		}
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: packages}, nil
}

// packageFromPluginFile turns one pulumi-plugin.json into the plugin it asks for, or nil when it
// says `"resource": false` or its version cannot be told.
func packageFromPluginFile(f installedPluginFile) (*pulumirpc.PackageDependency, error) {
	b, err := os.ReadFile(f.Path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", f.Path, err)
	}
	var info plugin.PulumiPluginJSON
	if err := json.Unmarshal(b, &info); err != nil {
		return nil, fmt.Errorf("%s of the Python package %s is not valid JSON: %w", f.Path, f.Package, err)
	}
	if !info.Resource {
		return nil, nil
	}
	name := info.Name
	if name == "" {
		name = strings.TrimPrefix(strings.ReplaceAll(strings.ToLower(f.Package), "_", "-"), "pulumi-")
	}
	version := info.Version
	if version == "" {
		version = pluginVersionOf(f.Version)
		if version == "" {
			fmt.Fprintf(os.Stderr, "stand-in Python host: cannot tell the plugin version of %s %s; skipped\n", f.Package, f.Version)
			return nil, nil
		}
	}
	dep := &pulumirpc.PackageDependency{
		Name: name, Kind: "resource", Version: "v" + strings.TrimPrefix(version, "v"), Server: info.Server,
	}
	if p := info.Parameterization; p != nil {
		dep.Parameterization = &pulumirpc.PackageParameterization{Name: p.Name, Version: p.Version, Value: p.Value}
	}
	return dep, nil
}

var releaseVersion = regexp.MustCompile(`^\d+\.\d+(\.\d+)?$`)

// pluginVersionOf is a plain release's semver (1.2 -> 1.2.0, 1.2.3 -> 1.2.3). The real host also
// translates PEP 440 pre-releases; the stand-in skips those packages with a message instead.
func pluginVersionOf(pythonVersion string) string {
	if !releaseVersion.MatchString(pythonVersion) {
		return ""
	}
	if strings.Count(pythonVersion, ".") == 1 {
		return pythonVersion + ".0"
	}
	return pythonVersion
}
