package main

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// The methods the stand-in leaves out (docs/other-languages.md): each answers Unimplemented and
// says that this is the stand-in, so nobody mistakes the gap for the real host's behaviour.

func leftOut(what string) error {
	return status.Errorf(codes.Unimplemented,
		"%s is not implemented by the stand-in Python language host of this repository's tests (docs/other-languages.md)", what)
}

// RunPlugin would run a provider or policy pack written in Python; nothing here is one.
func (h *languageHost) RunPlugin(*pulumirpc.RunPluginRequest, grpc.ServerStreamingServer[pulumirpc.RunPluginResponse]) error {
	return leftOut("running Python plugins (RunPlugin)")
}

// GenerateProgram serves `pulumi convert`.
func (h *languageHost) GenerateProgram(context.Context, *pulumirpc.GenerateProgramRequest) (*pulumirpc.GenerateProgramResponse, error) {
	return nil, leftOut("program generation (GenerateProgram, pulumi convert)")
}

// GenerateProject serves `pulumi convert` and `pulumi import --out`.
func (h *languageHost) GenerateProject(context.Context, *pulumirpc.GenerateProjectRequest) (*pulumirpc.GenerateProjectResponse, error) {
	return nil, leftOut("project generation (GenerateProject, pulumi convert)")
}

// Pack builds a distributable package of an SDK (`pulumi package pack-sdk`).
func (h *languageHost) Pack(context.Context, *pulumirpc.PackRequest) (*pulumirpc.PackResponse, error) {
	return nil, leftOut("packing SDKs (Pack)")
}

// Template and RuntimeOptionsPrompts serve `pulumi new`.
func (h *languageHost) Template(context.Context, *pulumirpc.TemplateRequest) (*pulumirpc.TemplateResponse, error) {
	return nil, leftOut("templates (Template, pulumi new)")
}

func (h *languageHost) RuntimeOptionsPrompts(context.Context, *pulumirpc.RuntimeOptionsRequest) (*pulumirpc.RuntimeOptionsResponse, error) {
	return nil, leftOut("runtime option prompts (RuntimeOptionsPrompts, pulumi new)")
}
