import { tagKeys } from "../../components/blueGreenTags";
import { Colour, isColour } from "../../components/colour";
import { tagValue } from "./propertyReaders";

/**
 * The tags by which the component (components/blueGreenTags.ts) and users who build a pair by hand mark the
 * resources of a blue/green pair. Addresses are named by role, never by colour (docs/design.md).
 */
export const roleTag = tagKeys.role;
/** The colour of a load balancer or scale set: `blue` or `green` (`shared` for what serves both). */
export const colourTag = tagKeys.colour;
/** The deployment (pair) a resource belongs to; the component sets it to its own name. */
export const pairTag = tagKeys.deployment;

/** The two roles of the public addresses. */
export type Role = "production" | "staging";

/**
 * The address role from the `vipswap:role` tag. The component writes `production-address` / `staging-address`;
 * hand-made pairs may write the shorter `production` / `staging`.
 */
export function roleOf(props: unknown): Role | undefined {
    switch (tagValue(props, roleTag)) {
        case "production":
        case "production-address":
            return "production";
        case "staging":
        case "staging-address":
            return "staging";
        default:
            return undefined;
    }
}

/** The `vipswap:colour` tag when it is `blue` or `green`. */
export function colourOf(props: unknown): Colour | undefined {
    const colour = tagValue(props, colourTag);
    return isColour(colour) ? colour : undefined;
}
