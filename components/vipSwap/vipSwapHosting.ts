import type * as pulumi from "@pulumi/pulumi";
import { PackageVipSwap } from "./packageVipSwap";
import { VipSwap, type VipSwapArgs } from "./vipSwap";

/**
 * Which `VipSwap` the component registers (docs/other-languages.md, "VipSwap inside the component provider"):
 * - `dynamic` (the default): the dynamic resource `pulumi-nodejs:dynamic/vipswap:VipSwap`, for TypeScript programs.
 *   It needs no plugin: the engine runs Pulumi's dynamic-provider host from the program's own `@pulumi/pulumi`.
 * - `package`: the custom resource `vipswap:index:VipSwap` of the vipswap provider plugin. The plugin's component
 *   host chooses it (plugin/componentHost.ts), since there the program is YAML, Python, ... and its folder has no
 *   `@pulumi/pulumi` for the dynamic-provider host.
 */
export type VipSwapHosting = "dynamic" | "package";

let hosting: VipSwapHosting = "dynamic";

/** Makes every `BlueGreenDeployment` of this process register `VipSwap` as `hosting` says. */
export function setVipSwapHosting(value: VipSwapHosting): void {
    hosting = value;
}

/** The hosting in effect. */
export function vipSwapHosting(): VipSwapHosting {
    return hosting;
}

/** A `VipSwap` of the hosting in effect. */
export function newVipSwap(name: string, args: VipSwapArgs, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
    return hosting === "package" ? new PackageVipSwap(name, args, opts) : new VipSwap(name, args, opts);
}
