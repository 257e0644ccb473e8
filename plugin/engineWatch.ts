/**
 * The plugin ends when the engine that started it is gone, as the engine expects of every plugin (Pulumi's Go plugins
 * ask the engine's gRPC health service periodically: `rpcutil.Healthcheck` in sdk/v3 v3.248.0; docs/other-languages.md,
 * "When the engine is gone").
 *
 * Why it matters here: the engine starts plugins outside the CLI's process group, so a `pulumi` killed outright
 * (SIGKILL, a CI runner's hard timeout) leaves this plugin and its component host running with no one to answer;
 * the Node SDK's own provider server never checks. Ending then is a crash in the swap engine's terms, which it is
 * built for: every write is an `If-Match` of what it read and the next `pulumi up` reconciles from what Azure has.
 */
import * as grpc from "@grpc/grpc-js";

/** The engine's address among a plugin's arguments: the first one that is not a flag (the engine adds flags such as
 * `--logtostderr` and `-v=9` before it). */
export function engineAddress(args: readonly string[]): string | undefined {
    return args.find((arg) => !arg.startsWith("-"));
}

/** Options of {@link watchEngine}. */
export interface WatchEngineOptions {
    /** Time between two health checks. */
    readonly intervalMs: number;
    /** How long one check may take before the engine counts as gone. */
    readonly timeoutMs: number;
    /** Stops the watch (the plugin shutting down by itself). */
    readonly abortSignal?: AbortSignal;
}

/** A plugin's default: an orphaned swap stops within a minute, and a busy engine has 30 s to answer. */
export const defaultWatchEngineOptions: WatchEngineOptions = { intervalMs: 30_000, timeoutMs: 30_000 };

/**
 * Asks the engine at `address` `grpc.health.v1.Health/Check` every `intervalMs` and calls `onGone` once with the
 * reason when a check fails. An engine that does not implement the health service counts as alive, as it does for
 * Pulumi's own plugins. The timer does not keep the process alive.
 */
export function watchEngine(address: string, onGone: (reason: string) => void, options: WatchEngineOptions = defaultWatchEngineOptions): void {
    const client = new grpc.Client(address, grpc.credentials.createInsecure());
    let timer: NodeJS.Timeout | undefined;
    const stop = () => {
        if (timer) clearTimeout(timer);
        client.close();
    };
    options.abortSignal?.addEventListener("abort", stop, { once: true });
    const check = () => {
        // An empty HealthCheckRequest (no service name) is zero bytes on the wire.
        client.makeUnaryRequest(
            "/grpc.health.v1.Health/Check",
            (request: Buffer) => request,
            (response: Buffer) => response,
            Buffer.alloc(0),
            { deadline: Date.now() + options.timeoutMs },
            (error) => {
                if (options.abortSignal?.aborted) return;
                if (error && error.code !== grpc.status.UNIMPLEMENTED) {
                    stop();
                    onGone(`the engine at ${address} did not answer its health check (${grpc.status[error.code] ?? error.code}: ${error.details})`);
                    return;
                }
                schedule();
            },
        );
    };
    const schedule = () => {
        timer = setTimeout(check, options.intervalMs);
        timer.unref();
    };
    schedule();
}
