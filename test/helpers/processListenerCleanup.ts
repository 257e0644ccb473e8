/**
 * Jest setup (jest.config.js `setupFilesAfterEnv`): the `exit` listeners a test adds to its file's `process` are
 * removed after the test.
 *
 * `@pulumi/pulumi` schedules its promise-leak report with `process.on("exit", ...)` once per loading of its runtime
 * (runtime/debuggable.js). A test that loads a Pulumi program afresh, as test/component/stackConfig.test.ts does
 * with `jest.isolateModulesAsync` for each stack configuration, loads that runtime again each time, and the
 * eleventh listener raised `MaxListenersExceededWarning`. Jest gives each test file its own copy of `process`
 * whose `exit` is never emitted, so these listeners could never run; each only kept a module graph alive. In a
 * Pulumi program the runtime is loaded once, so this is the harness's to undo, not a product leak.
 */
const inheritedExitListeners = new Set(process.listeners("exit"));

afterEach(() => {
    for (const listener of process.listeners("exit")) {
        if (!inheritedExitListeners.has(listener)) process.off("exit", listener);
    }
});
