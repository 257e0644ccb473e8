package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/blang/semver"

	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// GeneratePackage writes the Python SDK of a schema into the request's folder with the real Python
// code generator (`pulumi package add`, `pulumi package gen-sdk --language python`). The schema's
// references to other packages are resolved through the engine's schema loader.
func (h *languageHost) GeneratePackage(
	ctx context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	loader, err := schema.NewLoaderClient(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.GetSchema()), &spec); err != nil {
		return nil, fmt.Errorf("the package schema is not valid JSON: %w", err)
	}
	cached := schema.NewCachedLoader(loader)
	pkg, diags, err := schema.BindSpec(spec, cached, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
	}
	files, err := python.GeneratePackage("pulumi-language-python", pkg, req.GetExtraFiles(), cached)
	if err != nil {
		return nil, err
	}
	for name, data := range files {
		path := filepath.Join(req.GetDirectory(), name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return nil, err
		}
	}
	return &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
}

// Link makes generated SDKs part of the project, after GeneratePackage: each SDK's folder
// (relative to the project) goes into requirements.txt, replacing a line for the same Python
// package, with the Go SDK's own pip toolchain (so the file is edited as the real host edits it).
// It answers the import lines. Like the real host's Link it installs nothing itself: `pulumi
// package add` calls InstallDependencies right after it, which pip-installs requirements.txt, the
// SDK's folder included, into the virtualenv.
func (h *languageHost) Link(ctx context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	env, err := environmentFor(req.GetInfo())
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(env.root, "requirements.txt")); err != nil {
		return nil, fmt.Errorf("the stand-in Python language host links SDKs into requirements.txt, and %s has none: %w", env.root, err)
	}
	loader, err := schema.NewLoaderClient(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	cached := schema.NewCachedLoader(loader)

	linked := map[string]string{} // Python package name -> SDK folder, relative to the project
	var imports []string
	for _, dep := range req.GetPackages() {
		if dep.GetPackage().GetName() == "pulumi" {
			linked["pulumi"] = dep.GetPath()
			continue
		}
		pyPackage, importName, err := pythonNamesOf(ctx, cached, dep.GetPackage())
		if err != nil {
			return nil, err
		}
		linked[pyPackage] = dep.GetPath()
		imports = append(imports, fmt.Sprintf("  import %s as %s", pyPackage, importName))
	}
	tc, err := env.pipToolchain()
	if err != nil {
		return nil, err
	}
	if err := tc.LinkPackages(ctx, linked); err != nil {
		return nil, fmt.Errorf("recording the SDKs in requirements.txt: %w", err)
	}
	sort.Strings(imports)
	return &pulumirpc.LinkResponse{
		ImportInstructions: "You can import the SDK in your Python code with:\n\n" + strings.Join(imports, "\n") + "\n",
	}, nil
}

// pythonNamesOf is the Python package a generated SDK of dep is (the schema's
// `language.python.packageName`, or `pulumi_<name>` as the code generator names it) and the name
// to import it as.
func pythonNamesOf(ctx context.Context, loader schema.ReferenceLoader, dep *pulumirpc.PackageDependency) (string, string, error) {
	desc := &schema.PackageDescriptor{Name: dep.GetName(), DownloadURL: dep.GetServer()}
	if v, err := semver.ParseTolerant(dep.GetVersion()); err == nil {
		desc.Version = &v
	}
	if p := dep.GetParameterization(); p != nil {
		desc.Parameterization = &schema.ParameterizationDescriptor{Name: p.GetName(), Value: p.GetValue()}
		if v, err := semver.ParseTolerant(p.GetVersion()); err == nil {
			desc.Parameterization.Version = v
		}
	}
	ref, err := schema.LoadPackageReferenceV2(ctx, loader, desc)
	if err != nil {
		return "", "", fmt.Errorf("loading the schema of %s: %w", dep.GetName(), err)
	}
	pkg, err := ref.Definition()
	if err != nil {
		return "", "", err
	}
	if err := pkg.ImportLanguages(map[string]schema.Language{"python": python.Importer}); err != nil {
		return "", "", err
	}
	if info, ok := pkg.Language["python"].(python.PackageInfo); ok && info.PackageName != "" {
		return info.PackageName, info.PackageName, nil
	}
	return python.PyPack(ref.Namespace(), ref.Name()), strings.ReplaceAll(ref.Name(), "-", "_"), nil
}
