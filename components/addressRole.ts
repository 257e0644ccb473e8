import { otherColour, type Colour } from "./colour";

/** The two public addresses of a pair, named by role: production is the one in DNS and allow-lists. */
export type AddressRole = "production" | "staging";

/**
 * Which address the load balancer of `colour` declares when `activeColour` is live:
 * the live colour's frontend holds production, the other one holds staging (docs/design.md, "The Pulumi wiring").
 */
export function addressRoleOf(colour: Colour, activeColour: Colour): AddressRole {
    return colour === activeColour ? "production" : "staging";
}

/**
 * Which colour the address of `role` serves when `activeColour` is live: production serves the live colour, staging
 * the other one. In the shared topology this is the pool that the frontend's rules point at (docs/topologies.md).
 */
export function colourServing(role: AddressRole, activeColour: Colour): Colour {
    return role === "production" ? activeColour : otherColour(activeColour);
}
