import * as pulumi from "@pulumi/pulumi";
import type { Colour } from "../colour";
import type { VipSwapArgs } from "./vipSwap";

/**
 * `VipSwap` as a custom resource of the vipswap provider plugin, type `vipswap:index:VipSwap`: what
 * `BlueGreenDeployment` registers when it runs inside the plugin, for programs in YAML, Python and the other
 * languages (docs/other-languages.md, "VipSwap inside the component provider"). Same inputs and outputs as the
 * dynamic `VipSwap` (vipSwap.ts); the plugin serves its check, diff, create, update, read and delete with the same
 * runtime (vipSwapRuntime.ts), so the state holds no serialized provider and the program's folder needs no
 * `@pulumi/pulumi`.
 *
 * The engine resolves its provider as the default provider of the package `vipswap`: the plugin that the program
 * added with `pulumi package add`.
 */
export class PackageVipSwap extends pulumi.CustomResource {
    /** The resource's type token in the vipswap package's schema. */
    static readonly typeToken = "vipswap:index:VipSwap";

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

    constructor(name: string, args: VipSwapArgs, opts: pulumi.CustomResourceOptions = {}) {
        super(
            PackageVipSwap.typeToken,
            name,
            { liveColour: undefined, productionAddress: undefined, stagingAddress: undefined, lastSwapReport: undefined, ...args },
            opts,
        );
    }
}
