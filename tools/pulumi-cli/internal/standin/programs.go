// Package standin holds what the stand-in language hosts (cmd/standin-pulumi-language-nodejs and
// cmd/standin-pulumi-language-python, docs/end-to-end.md) do alike: read the engine's command line and serve the
// LanguageRuntime service with the methods both answer the same way (host.go), keep track of the processes they
// start so that the engine's Cancel reaches them, and turn a program's exit into the engine's RunResponse.
package standin

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// ExitAfterActionableMessage is the exit code with which a program says it has already printed its error, so the
// engine should stop without adding its own ("bail"), as the SDKs' own hosts treat it.
const ExitAfterActionableMessage = 32

// Programs are the processes a host has started and not yet seen end.
type Programs struct {
	mu      sync.Mutex
	running map[*exec.Cmd]struct{}
}

// Run starts cmd and waits for its end, where Interrupt can reach it meanwhile.
func (p *Programs) Run(cmd *exec.Cmd) error {
	if err := cmd.Start(); err != nil {
		return err
	}
	p.mu.Lock()
	if p.running == nil {
		p.running = map[*exec.Cmd]struct{}{}
	}
	p.running[cmd] = struct{}{}
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		delete(p.running, cmd)
		p.mu.Unlock()
	}()
	return cmd.Wait()
}

// Interrupt sends SIGINT to every process still running (the engine's Cancel, on Ctrl-C).
func (p *Programs) Interrupt() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for cmd := range p.running {
		if cmd.Process != nil {
			_ = cmd.Process.Signal(os.Interrupt)
		}
	}
}

// RunResponse is what the engine is told of a program run that ended with err: nothing on success, a bail after
// ExitAfterActionableMessage, the exit code otherwise, and, when the program could not start, what could not run.
func RunResponse(err error, what string) *pulumirpc.RunResponse {
	if err == nil {
		return &pulumirpc.RunResponse{}
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		if exitErr.ExitCode() == ExitAfterActionableMessage {
			return &pulumirpc.RunResponse{Bail: true}
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode())}
	}
	return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run %s: %v", what, err)}
}
