import type { Colour } from "./colour";

/** Tag keys the component sets on every resource it creates (policies and the CLI find resources by them). */
export const tagKeys = {
    /** The component name the resource belongs to. */
    deployment: "vipswap:deployment",
    /** `blue`, `green`, or `shared` for what serves both colours (addresses, network, resource group). */
    colour: "vipswap:colour",
    /** What the resource is for (see {@link ResourceRole}). */
    role: "vipswap:role",
    /** The `appVersion` label of a colour, on its scale set. */
    appVersion: "vipswap:appVersion",
} as const;

/** The `vipswap:colour` tag value of a resource that serves both colours. */
export type TagColour = Colour | "shared";

/** The `vipswap:role` tag values. */
export type ResourceRole =
    | "resource-group"
    | "virtual-network"
    | "network-security-group"
    | "production-address"
    | "staging-address"
    | "outbound-address"
    | "load-balancer"
    | "scale-set";

/**
 * The user's tags plus the component's own. The component's keys win: they must stay true, because the swap and
 * the policies rely on them.
 */
export function vipswapTags(
    userTags: Readonly<Record<string, string>> | undefined,
    deployment: string,
    colour: TagColour,
    role: ResourceRole,
): Record<string, string> {
    return {
        ...(userTags ?? {}),
        [tagKeys.deployment]: deployment,
        [tagKeys.colour]: colour,
        [tagKeys.role]: role,
    };
}
