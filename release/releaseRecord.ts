/**
 * The small record a release or rollback keeps in the stack config itself (`<project>:releaseState`), so that a
 * rerun continues from where it stopped and the record is in version control with the rest of Pulumi.<stack>.yaml.
 * Everything else a rerun needs is derived from the stack's config, its last update and Azure.
 */
import { type Colour, isColour } from "../components/colour";

/** Where a release or rollback is. Each stage is entered by one config change (with the record in the same write). */
export type ReleaseStage =
    /** First release of a new stack: the live colour's version is set; `pulumi up` deploys it. */
    | "firstDeploy"
    /** The idle colour's version is set; `pulumi up` deploys it to staging, then the pre-swap gate runs. */
    | "staging"
    /** `activeColour` is flipped; `pulumi up` is the gated swap. */
    | "swapping"
    /** The swap is done; the old colour is kept at full capacity until `keepOldUntil`. */
    | "keepingOld"
    /** The old colour's capacity is set to `scaleOldTo`; `pulumi up` scales it. */
    | "scalingOld"
    /** Rollback: the colour to go back to is being brought to the live colour's capacity. */
    | "restoring";

/** The record (plain JSON in the stack config). */
export interface ReleaseRecord {
    /** What wrote it. */
    readonly kind: "release" | "rollback";
    readonly stage: ReleaseStage;
    /** The version label being released (release only). */
    readonly version?: string;
    /** The colour that was live when the release or rollback began. */
    readonly from: Colour;
    /** The colour that is to be live at the end. */
    readonly to: Colour;
    /** ISO time the release began. */
    readonly startedAt: string;
    /** What the idle colour had before the release changed it, so that a rollback before the swap can put it back. */
    readonly previous?: { readonly version: string; readonly customData: string; readonly capacity: number };
    /** Keep the old colour this long after the swap, in ms, then scale it to `scaleOldTo`. */
    readonly keepOldMs?: number;
    /** The old colour's capacity after `keepOldMs`. */
    readonly scaleOldTo?: number;
    /** ISO time after which the old colour is scaled down (stage keepingOld). */
    readonly keepOldUntil?: string;
}

const stages: readonly ReleaseStage[] = ["firstDeploy", "staging", "swapping", "keepingOld", "scalingOld", "restoring"];

/** The config keys a release reads and writes, in the project's namespace. */
export interface ReleaseKeys {
    readonly activeColour: string;
    readonly record: string;
    appVersion(colour: Colour): string;
    customData(colour: Colour): string;
    capacity(colour: Colour): string;
}

/** The keys of a project whose config namespace is `namespace` (its name, e.g. `vipswap`). */
export function releaseKeys(namespace: string): ReleaseKeys {
    return {
        activeColour: `${namespace}:activeColour`,
        record: `${namespace}:releaseState`,
        appVersion: (colour) => `${namespace}:${colour}AppVersion`,
        customData: (colour) => `${namespace}:${colour}CustomData`,
        capacity: (colour) => `${namespace}:${colour}Capacity`,
    };
}

/** A record that cannot be read: it was edited by hand or written by something else. */
export class ReleaseRecordError extends Error {
    constructor(key: string, problem: string) {
        super(
            `The stack config key ${key} does not hold a release record vipswap can read (${problem}). It is written by ` +
                `\`vipswap release\`; put back the committed version of the stack's config file, or remove the key with ` +
                `\`pulumi config rm ${key}\` if no release is in progress.`,
        );
        this.name = "ReleaseRecordError";
    }
}

/** Reads the record from its config text; undefined when there is none. */
export function parseReleaseRecord(text: string | undefined, key: string): ReleaseRecord | undefined {
    if (text === undefined || text.trim() === "") return undefined;
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch {
        throw new ReleaseRecordError(key, "not JSON");
    }
    const r = raw as Record<string, unknown>;
    if (typeof r !== "object" || r === null) throw new ReleaseRecordError(key, "not an object");
    if (r.kind !== "release" && r.kind !== "rollback") throw new ReleaseRecordError(key, `kind ${JSON.stringify(r.kind)}`);
    if (!stages.includes(r.stage as ReleaseStage)) throw new ReleaseRecordError(key, `stage ${JSON.stringify(r.stage)}`);
    if (!isColour(r.from) || !isColour(r.to)) throw new ReleaseRecordError(key, "from/to are not colours");
    if (r.kind === "release" && typeof r.version !== "string") throw new ReleaseRecordError(key, "no version");
    return raw as ReleaseRecord;
}

/** The record as config text (one line of JSON, so the YAML diff stays one line). */
export function serializeReleaseRecord(record: ReleaseRecord): string {
    return JSON.stringify(record);
}
