import { randomUUID } from "node:crypto";
import { hostname, userInfo } from "node:os";
import { type Colour, isColour } from "../colour";

/**
 * Who is swapping a pair, written as tags on the floating IP when a swap creates it. The floating IP exists exactly
 * while a swap is under way (or was interrupted), so its tags say which swap holds the pair: another swap that
 * starts meanwhile reads them and stops with who, when and towards which colour, instead of failing later on a raw
 * Azure error about an address the first swap moved or deleted under it. The tags are labels, never credentials.
 */
export interface SwapClaim {
    /** Random per run of the swap. */
    readonly swapId: string;
    /** A non-secret identity label, e.g. `alice@build-7` or `pulumi:shop/prod`. */
    readonly owner: string;
    /** ISO time the swap started. */
    readonly startedAt: string;
    /** The colour the swap makes live. */
    readonly towards: Colour;
}

/** The tag names of a claim, beside `vipswap:role=floating`. */
export const claimTagNames = {
    swapId: "vipswap:swap-id",
    owner: "vipswap:swap-by",
    startedAt: "vipswap:swap-started",
    towards: "vipswap:swap-towards",
} as const;

/** How long a claim holds by default: a swap takes well under a minute on Azure, a stuck update a few (docs/swap-engine.md). */
export const defaultStaleClaimMs = 15 * 60_000;

/** Azure tag values hold at most 256 characters (Microsoft Learn, "Use tags to organize your Azure resources", Limitations). */
const maxTagValue = 256;

/** A new claim for a swap run starting now. */
export function newClaim(owner: string, towards: Colour, now = Date.now()): SwapClaim {
    return { swapId: randomUUID(), owner: owner.slice(0, maxTagValue), startedAt: new Date(now).toISOString(), towards };
}

/** The identity label a swap uses when the caller gives none: `user@host` of the process. */
export function defaultSwapOwner(): string {
    let user = process.env.USER ?? process.env.USERNAME;
    try {
        user ??= userInfo().username;
    } catch {
        // No passwd entry (some containers): the host alone still tells two machines apart.
    }
    return `${user ?? "unknown"}@${hostname()}`;
}

/** The tags that carry a claim. */
export function claimTags(claim: SwapClaim): Record<string, string> {
    return {
        [claimTagNames.swapId]: claim.swapId,
        [claimTagNames.owner]: claim.owner,
        [claimTagNames.startedAt]: claim.startedAt,
        [claimTagNames.towards]: claim.towards,
    };
}

/** The claim in a floating IP's tags, or undefined when it has none (made by hand, or by an older vipswap). */
export function readClaim(tags: Readonly<Record<string, string>> | undefined): SwapClaim | undefined {
    const swapId = tags?.[claimTagNames.swapId];
    const owner = tags?.[claimTagNames.owner];
    const startedAt = tags?.[claimTagNames.startedAt];
    const towards = tags?.[claimTagNames.towards];
    if (!swapId || !owner || !startedAt || Number.isNaN(Date.parse(startedAt)) || !isColour(towards)) return undefined;
    return { swapId, owner, startedAt, towards };
}

/** What the swap about to act knows about itself. */
export interface ClaimPolicy {
    readonly self: Pick<SwapClaim, "swapId" | "owner">;
    /** Epoch ms. */
    readonly now: number;
    /** A claim older than this no longer holds. */
    readonly staleAfterMs: number;
    /** Proceed whatever the claim says (`--take-over`). */
    readonly takeOver: boolean;
}

/** Another swap that holds the pair, and for how long it has. */
export interface OtherSwap {
    readonly claim: SwapClaim;
    readonly ageMs: number;
}

/**
 * The other swap that holds the pair, or undefined when this swap may go on: no claim, its own, one by the same
 * owner (a rerun after an interruption heals it, as it always did), one older than `staleAfterMs`, or `takeOver`.
 */
export function otherSwapInProgress(claim: SwapClaim | undefined, policy: ClaimPolicy): OtherSwap | undefined {
    if (!claim || policy.takeOver || claim.swapId === policy.self.swapId || claim.owner === policy.self.owner) return undefined;
    const ageMs = Math.max(0, policy.now - Date.parse(claim.startedAt));
    return ageMs < policy.staleAfterMs ? { claim, ageMs } : undefined;
}

/** e.g. "a swap towards green by alice@build-7, started 2026-12-01T18:00:00.000Z (42 s ago, swap id 3f…)". */
export function describeClaim(claim: SwapClaim, now = Date.now()): string {
    const ageMs = Math.max(0, now - Date.parse(claim.startedAt));
    const age = ageMs < 120_000 ? `${Math.round(ageMs / 1000)} s` : `${Math.round(ageMs / 60_000)} min`;
    return `a swap towards ${claim.towards} by ${claim.owner}, started ${claim.startedAt} (${age} ago, swap id ${claim.swapId})`;
}

/** The message of a swap stopped by another one: who, when, towards which colour, and how to wait or take over. */
export function otherSwapMessage(other: OtherSwap, desired: Colour, staleAfterMs: number): string {
    const minutes = Math.round(staleAfterMs / 60_000);
    return (
        `The swap to ${desired} stopped before its next write: ${describeClaim(other.claim, Date.parse(other.claim.startedAt) + other.ageMs)} holds this pair ` +
        `(its floating IP says so). Wait for it to end and run the swap again, or, if that swap is no longer running ` +
        `(its process was killed), take over with --take-over (takeOver: true); a claim older than ${minutes} min is taken over by itself.`
    );
}
