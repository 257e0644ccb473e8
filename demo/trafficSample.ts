import type { Colour } from "../components/colour";

/** The two public addresses of a blue/green pair, named by role (never by colour). */
export type AddressRole = "production" | "staging";

/** Both roles, in display order. */
export const addressRoles: readonly AddressRole[] = ["production", "staging"];

/**
 * One HTTP request that the traffic generator sent to an address, as the client saw it.
 * Times are wall-clock milliseconds since the traffic started.
 */
export interface TrafficSample {
    /** Which address the request went to. */
    readonly role: AddressRole;
    /** When the request was sent. */
    readonly sentAtMs: number;
    /** How long it took until the answer (or the error) arrived. */
    readonly durationMs: number;
    /** True when the address answered 200 with a colour: the client was served. */
    readonly ok: boolean;
    /** The HTTP status, when there was an answer. */
    readonly status?: number;
    /** The colour of the backend that answered. */
    readonly colour?: Colour;
    /** The application version that answered. */
    readonly version?: string;
    /** Why the request failed (`ECONNREFUSED`, `timeout`, `HTTP 503`, ...). */
    readonly error?: string;
}
