import * as pulumi from "@pulumi/pulumi";
import type { Colour } from "../colour";
import type { HealthGateSettings } from "../health/healthGateSettings";
import { createVipSwapProvider, defaultRuntimeModule } from "./vipSwapProvider";

/** The settings of a `VipSwap` beside its target's names. Never credentials: inputs are stored in the state file. */
export interface VipSwapSettingsArgs {
    /** The colour that must serve production. */
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

/** A paired pair: two load balancers between which the production and staging addresses move (the floating-IP method). */
export interface PairedVipSwapArgs extends VipSwapSettingsArgs {
    /** Absent or `pairedLoadBalancers`. */
    readonly kind?: "pairedLoadBalancers";
    /** The resource group of both load balancers and both addresses. */
    readonly resourceGroupName: pulumi.Input<string>;
    /** The blue load balancer's name. */
    readonly blueLoadBalancerName: pulumi.Input<string>;
    /** The green load balancer's name. */
    readonly greenLoadBalancerName: pulumi.Input<string>;
    /** The public frontend's name, the same on both load balancers. */
    readonly frontendName: pulumi.Input<string>;
    /** The production public IP address's name. */
    readonly productionIpName: pulumi.Input<string>;
    /** The staging public IP address's name. */
    readonly stagingIpName: pulumi.Input<string>;
}

/** A shared load balancer: its production and staging rules trade the two colours' pools (the pool switch). */
export interface SharedVipSwapArgs extends VipSwapSettingsArgs {
    readonly kind: "sharedLoadBalancer";
    /** The resource group of the load balancer. */
    readonly resourceGroupName: pulumi.Input<string>;
    /** The load balancer's name. */
    readonly loadBalancerName: pulumi.Input<string>;
    /** The frontend that holds the production address. */
    readonly productionFrontendName: pulumi.Input<string>;
    /** The frontend that holds the staging address. */
    readonly stagingFrontendName: pulumi.Input<string>;
    /** The blue scale set's backend pool. */
    readonly bluePoolName: pulumi.Input<string>;
    /** The green scale set's backend pool. */
    readonly greenPoolName: pulumi.Input<string>;
}

/**
 * The arguments of a `VipSwap`: which colour must be live and the names of the pair's Azure resources, flat, in
 * either topology (the `SwapTarget` fields, components/swap/swapTarget.ts). `kind` is plain: it picks the method and
 * cannot change on a live pair (`check` refuses it).
 */
export type VipSwapArgs = PairedVipSwapArgs | SharedVipSwapArgs;

/** The target half of {@link VipSwapArgs}: either kind's names as inputs, flat (what the component passes on). */
export type VipSwapTargetArgs = Omit<PairedVipSwapArgs, keyof VipSwapSettingsArgs> | Omit<SharedVipSwapArgs, keyof VipSwapSettingsArgs>;

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
 * Keeps production on the `activeColour` scale set: for a paired pair by moving the production and staging addresses
 * between the two load balancers (docs/design.md), for a shared load balancer by switching its rules' pools
 * (docs/swap-engine.md). Its type is `pulumi-nodejs:dynamic/vipswap:VipSwap`.
 *
 * `pulumi up` reconciles with what Azure has (a half-done or hand-made swap is healed), `pulumi refresh` records the
 * live assignment, and deleting it removes only a leftover floating IP (a shared pair has none).
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
