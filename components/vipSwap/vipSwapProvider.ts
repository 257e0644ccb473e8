import type * as pulumi from "@pulumi/pulumi";

/** What the runtime module (vipSwapRuntime.ts) exports: the provider's methods, run in the host. */
export interface VipSwapRuntime {
    /** Remembers the stack config (credentials stay in the host process). */
    configure(config: { get(key: string): string | undefined }): void;
    /** Validates the new inputs; with the old ones, refuses a flip onto a scale set changed in the same update. */
    check(news: Record<string, unknown>, olds: Record<string, unknown>): pulumi.dynamic.CheckResult;
    /** Compares the desired colour with the recorded inputs and with what Azure has; never replaces. */
    diff(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.DiffResult>;
    /** Adopts the pair (nothing to swap before the load balancers exist). */
    create(news: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult>;
    /** Reconciles towards the desired colour. */
    update(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.UpdateResult>;
    /** Reports the live assignment (`pulumi refresh`). */
    read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult>;
    /** Removes a leftover floating IP, and nothing else. */
    remove(props: Record<string, unknown>): Promise<void>;
}

/**
 * The `VipSwap` dynamic provider as Pulumi serializes it into state: a plain object whose methods capture one
 * string (where the compiled runtime module is) and `require()` everything else inside their bodies.
 *
 * Why not let Pulumi serialize the swap engine by value: its closure serializer rewrites classes into functions
 * and, as observed with @pulumi/pulumi 3.248, drops class fields, loses the message of `Error` subclasses and
 * cannot compile `#private` fields (the engine's `SwapError`, `StaticTokenCredential`). So the real code is
 * `require`d in the host process from the installed package (vipSwapRuntime.ts), and the state only holds this
 * shell. The runtime's location is recorded relative to the project directory when it lies inside it (the host's
 * working directory is the project's), so `read` and `delete` still find it after the checkout moves.
 */
export function createVipSwapProvider(runtimeModule: string): pulumi.dynamic.ResourceProvider {
    // Everything below runs in the host. `load` is a plain function: Pulumi serializes it by value.
    const load = (): VipSwapRuntime => {
        const path = require("node:path") as typeof import("node:path");
        const file = path.isAbsolute(runtimeModule) ? runtimeModule : path.resolve(process.cwd(), runtimeModule);
        try {
            return require(file);
        } catch (err) {
            if ((err as { code?: string }).code === "MODULE_NOT_FOUND" && (err as Error).message.includes(file)) {
                throw new Error(
                    `VipSwap's provider code is not at ${file}. Pulumi's dynamic-provider host loads compiled JavaScript: ` +
                        "install vipswap from npm, or run `npm run build` in the vipswap repository, and run again.",
                );
            }
            throw err;
        }
    };
    return {
        async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
            load().configure(req.config);
        },
        async check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
            return load().check(news, olds);
        },
        async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.DiffResult> {
            return load().diff(olds, news);
        },
        async create(inputs: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
            return load().create(inputs);
        },
        async update(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.UpdateResult> {
            return load().update(olds, news);
        },
        async read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
            return load().read(id, props);
        },
        async delete(_id: string, props: Record<string, unknown>): Promise<void> {
            await load().remove(props);
        },
    };
}

/**
 * Where the compiled runtime module is, as the host will look for it: relative to the project directory when it
 * lies inside it (the host's working directory is the project's, so a moved checkout still works), absolute
 * otherwise. When this file runs as TypeScript (ts-node, jest), the runtime is the build output's (`dist/`),
 * because the host runs plain JavaScript; a missing file is reported by the host when a method runs, so
 * constructing the resource (under mocks, in preview) never needs a build.
 */
export function defaultRuntimeModule(cwd: string = process.cwd()): string {
    const path = require("node:path") as typeof import("node:path");
    const file = __filename.endsWith(".ts")
        ? path.resolve(__dirname, "../../dist/components/vipSwap/vipSwapRuntime.js")
        : path.join(__dirname, "vipSwapRuntime.js");
    const relative = path.relative(cwd, file);
    return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}
