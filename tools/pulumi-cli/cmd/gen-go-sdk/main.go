// Command gen-go-sdk writes the Go SDK of a Pulumi package schema with the real Go code generator
// (github.com/pulumi/pulumi/pkg/v3/codegen/go at the CLI's version), for the Go program test
// (test/e2e/goSdk.test.ts). It exists because `pulumi package add` cannot generate a Go SDK here: the CLI asks the Go
// language host for it, and the Go module proxy refuses the host's module (docs/other-languages.md, "Go").
//
//	gen-go-sdk <schema.json> <output folder>
//
// The schema is the one the plugin serves (`pulumi package get-schema plugin/`). As `pulumi package add` does for a
// local package, the SDK is generated with SupportPack on, so it is a Go module of its own (its own go.mod, module
// path example.com/pulumi-<name>/sdk/go) that a program takes with a `replace`.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"golang.org/x/mod/modfile"
)

// noOtherPackages is the schema loader: the vipswap schema refers to no other package (only pulumi.json's builtins,
// which the binder resolves itself), so a reference to one fails with its name rather than fetching a plugin.
type noOtherPackages struct{}

func (noOtherPackages) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema refers to the package %q; gen-go-sdk loads no other package", name)
}

func (l noOtherPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(d.Name, d.Version)
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: gen-go-sdk <schema.json> <output folder>")
		os.Exit(2)
	}
	modulePath, err := generate(os.Args[1], os.Args[2])
	if err != nil {
		fmt.Fprintf(os.Stderr, "gen-go-sdk: %v\n", err)
		os.Exit(1)
	}
	// The module path is what a program's go.mod must require and replace.
	fmt.Println(modulePath)
}

// generate binds the schema at schemaPath, writes its Go SDK under outDir (which must not exist yet, so that no file
// of an older SDK survives) and returns the SDK's module path.
func generate(schemaPath, outDir string) (string, error) {
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return "", fmt.Errorf("reading the schema: %w", err)
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return "", fmt.Errorf("%s is not a package schema: %w", schemaPath, err)
	}
	pkg, diags, err := schema.BindSpec(spec, noOtherPackages{}, schema.ValidationOptions{})
	if err != nil {
		return "", fmt.Errorf("binding the schema: %w", err)
	}
	if diags.HasErrors() {
		return "", fmt.Errorf("the schema does not bind: %s", diags.Error())
	}
	pkg.SupportPack = true

	files, err := gogen.GeneratePackage("gen-go-sdk", pkg, nil)
	if err != nil {
		return "", fmt.Errorf("generating the Go SDK: %w", err)
	}
	if _, err := os.Stat(outDir); err == nil {
		return "", fmt.Errorf("%s already exists: give a new folder", outDir)
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	for rel, contents := range files {
		target := filepath.Join(outDir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(target, contents, 0o644); err != nil {
			return "", err
		}
	}
	modulePath := modfile.ModulePath(files["go.mod"])
	if modulePath == "" {
		return "", errors.New("the generator wrote no go.mod with a module path")
	}
	return modulePath, nil
}
