import * as pulumi from "@pulumi/pulumi";
import type { Colour } from "../colour";
import type { HealthGateSettings } from "../health/healthGateSettings";
import type { PairedSwapTarget, SharedSwapTarget } from "../swap/swapTarget";
import { createVipSwapProvider, defaultRuntimeModule } from "./vipSwapProvider";

/** Each field of a swap target as a Pulumi input (the resource takes the target's fields as its own inputs). */
type TargetInputs<T> = { readonly [K in keyof T]: pulumi.Input<T[K]> };

/** The fields of a paired or a shared swap target (swapTarget.ts), each a Pulumi input. */
export type VipSwapTargetArgs = TargetInputs<PairedSwapTarget> | TargetInputs<SharedSwapTarget>;

/**
 * The arguments of a `VipSwap`: which colour must be live and the names of the Azure resources of the pair, as the
 * fields of a paired or a shared swap target (swapTarget.ts).
 * Never credentials: inputs are stored in the state file (credentials come from the environment and stack config).
 */
export type VipSwapArgs = VipSwapSettingsArgs & VipSwapTargetArgs;

/** The arguments of a `VipSwap` besides the names of the pair's resources. */
export interface VipSwapSettingsArgs {
    /** The colour whose load balancer must hold the production address. */
    readonly activeColour: pulumi.Input<Colour>;
    /** How often a swap polls Azure, in milliseconds (default 500). */
    readonly pollIntervalMs?: pulumi.Input<number>;
    /** How long a swap may take before it stops, in milliseconds. */
    readonly timeoutMs?: pulumi.Input<number>;
    /** The health gates around a swap (docs/health-gates.md); absent means the defaults. */
    readonly healthGate?: pulumi.Input<HealthGateSettings>;
    /**
     * A fingerprint of each colour's scale set model; with it, a flip to a colour whose scale set changes in the same
     * `pulumi up` is refused at preview (the swap would put it live before it is updated). `BlueGreenDeployment` sets it.
     */
    readonly scaleSetRevisions?: pulumi.Input<Record<Colour, pulumi.Input<string>>>;
}

/** Options of a `VipSwap` beyond Pulumi's own. */
export interface VipSwapOptions extends pulumi.CustomResourceOptions {
    /**
     * Where the host process finds the compiled provider runtime (see vipSwapProvider.ts). Defaults to the one
     * next to this file, or in `dist/` when running from TypeScript sources.
     */
    readonly runtimeModule?: string;
}

/** One provider object per runtime location: Pulumi caches the serialized text per provider object. */
const providers = new Map<string, pulumi.dynamic.ResourceProvider>();

function providerFor(runtimeModule: string): pulumi.dynamic.ResourceProvider {
    let provider = providers.get(runtimeModule);
    if (!provider) {
        provider = createVipSwapProvider(runtimeModule);
        providers.set(runtimeModule, provider);
    }
    return provider;
}

/**
 * Keeps the production address on the `activeColour` load balancer, swapping the production and staging addresses
 * between the two load balancers when it changes (DESIGN.md). Its type is `pulumi-nodejs:dynamic/vipswap:VipSwap`.
 *
 * `pulumi up` reconciles with what Azure has (a half-done or hand-made swap is healed), `pulumi refresh` records the
 * live assignment, and deleting it removes only a leftover floating IP.
 */
export class VipSwap extends pulumi.dynamic.Resource {
    /** The colour whose load balancer holds production, or "intermediate" while a swap is half done. */
    declare public readonly liveColour: pulumi.Output<Colour | "intermediate">;
    /** The production address's IP. */
    declare public readonly productionAddress: pulumi.Output<string | undefined>;
    /** The staging address's IP. */
    declare public readonly stagingAddress: pulumi.Output<string | undefined>;
    /** The report of the last swap that moved an address: steps with times, unattached windows, retries. */
    declare public readonly lastSwapReport: pulumi.Output<Record<string, unknown> | undefined>;
    /** The colour asked for. */
    declare public readonly activeColour: pulumi.Output<Colour>;

    constructor(name: string, args: VipSwapArgs, opts: VipSwapOptions = {}) {
        const { runtimeModule, ...resourceOptions } = opts;
        super(
            providerFor(runtimeModule ?? defaultRuntimeModule()),
            name,
            { liveColour: undefined, productionAddress: undefined, stagingAddress: undefined, lastSwapReport: undefined, ...args },
            resourceOptions,
            "vipswap",
            "VipSwap",
        );
    }
}
