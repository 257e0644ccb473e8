import type { Colour } from "../components/colour";
import { addressRoles, type AddressRole, type TrafficSample } from "./trafficSample";

/** What the clients of one address currently get: served by a colour, or failing. */
export type AddressState = Colour | "failing" | "waiting";

/** The clients of an address started getting something else. */
export interface TrafficChange {
    readonly role: AddressRole;
    readonly from: AddressState;
    readonly to: AddressState;
    /** When the first request that saw the new state was sent (demo clock, wall ms). */
    readonly atMs: number;
    /**
     * When that request's answer (or failure) came back, so when the change could first be known: `atMs` plus the
     * request's duration. Progress lines are stamped with it, so that they stay in the order they are printed.
     */
    readonly seenAtMs: number;
    /** The error of that request, when the new state is `failing`. */
    readonly error?: string;
}

/** Running counts for one address. */
export interface AddressCounts {
    readonly state: AddressState;
    readonly sent: number;
    readonly failed: number;
}

/**
 * Follows the samples as they arrive and reports only changes ("production: blue -> failing"), so that the
 * live progress says what traffic sees without a line per request. Pure state; no I/O, no clock.
 */
export class TrafficWatch {
    readonly #counts = new Map<AddressRole, { state: AddressState; sent: number; failed: number; lastSentAtMs: number }>();

    constructor() {
        for (const role of addressRoles) this.#counts.set(role, { state: "waiting", sent: 0, failed: 0, lastSentAtMs: -Infinity });
    }

    /** Takes one sample; returns the change it shows, if any. */
    observe(sample: TrafficSample): TrafficChange | undefined {
        const counts = this.#counts.get(sample.role)!;
        counts.sent += 1;
        if (!sample.ok) counts.failed += 1;
        // A request that was sent before the latest one seen, but answered after it, says nothing new.
        if (sample.sentAtMs < counts.lastSentAtMs) return undefined;
        counts.lastSentAtMs = sample.sentAtMs;
        const state: AddressState = sample.ok && sample.colour ? sample.colour : "failing";
        if (state === counts.state) return undefined;
        const change: TrafficChange = {
            role: sample.role,
            from: counts.state,
            to: state,
            atMs: sample.sentAtMs,
            seenAtMs: sample.sentAtMs + sample.durationMs,
            ...(sample.error ? { error: sample.error } : {}),
        };
        counts.state = state;
        return change;
    }

    /** The current counts of an address. */
    counts(role: AddressRole): AddressCounts {
        const { state, sent, failed } = this.#counts.get(role)!;
        return { state, sent, failed };
    }
}
