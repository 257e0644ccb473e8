/** The two colours of a blue/green pair. */
export type Colour = "blue" | "green";

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
