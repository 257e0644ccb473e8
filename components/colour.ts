/**
 * The two colours of a blue/green pair, as a value so that the component provider's schema inference sees an enum
 * (a bare literal union has no members it can name: docs/other-languages.md). `Colour.Blue === "blue"`.
 */
export const Colour = {
    /** The blue scale set and load balancer. */
    Blue: "blue",
    /** The green scale set and load balancer. */
    Green: "green",
} as const;

/** The two colours of a blue/green pair: `"blue"` or `"green"`. */
export type Colour = (typeof Colour)[keyof typeof Colour];

/** Every colour, in a fixed order (used for config validation and messages). */
export const colours: readonly Colour[] = ["blue", "green"];

/** True when `value` is one of the two colours. */
export function isColour(value: unknown): value is Colour {
    return value === "blue" || value === "green";
}

/** The colour that is not `colour`. */
export function otherColour(colour: Colour): Colour {
    return colour === "blue" ? "green" : "blue";
}
