/**
 * The release's step planning, state by state: what a run (or a rerun after any interruption) does next, and the
 * refusals that change nothing. The planner is pure; the end-to-end tests (test/e2e/release*.test.ts) run it for real.
 */
import { planRelease, planRevertFlip, planRollback, type ReleaseView } from "../../release/releasePlan";
import { type ReleaseRecord, releaseKeys, serializeReleaseRecord, parseReleaseRecord } from "../../release/releaseRecord";

const keys = releaseKeys("vipswap");
const now = new Date("2026-12-01T12:00:00Z");
const fresh = { gatePassed: false, healthy: false };

function view(config: Record<string, string>, extra: Partial<ReleaseView> = {}): ReleaseView {
    const record = config[keys.record] ? parseReleaseRecord(config[keys.record], keys.record) : undefined;
    return { stackName: "prod", keys, config, defaultCapacity: 2, deployed: true, converged: true, ...(record ? { record } : {}), ...extra };
}

const live = { "vipswap:activeColour": "blue", "vipswap:blueAppVersion": "1.0.0", "vipswap:greenAppVersion": "0.9.0" };
const staging: ReleaseRecord = {
    kind: "release",
    stage: "staging",
    version: "2.0.0",
    from: "blue",
    to: "green",
    startedAt: now.toISOString(),
    previous: { version: "0.9.0", customData: "", capacity: 2 },
};
const withRecord = (record: ReleaseRecord, config: Record<string, string>) => ({ ...config, [keys.record]: serializeReleaseRecord(record) });

describe("planRelease", () => {
    it("starts by setting the idle colour's version with the record, then pulumi up", () => {
        const decision = planRelease(view(live), { version: "2.0.0", now }, fresh);
        expect(decision).toMatchObject({ kind: "configure", step: "deploy-staging", up: true, final: false });
        if (decision.kind !== "configure") throw new Error("unreachable");
        expect(decision.set["vipswap:greenAppVersion"]).toBe("2.0.0");
        expect(decision.set["vipswap:activeColour"]).toBeUndefined();
        expect(parseReleaseRecord(decision.set[keys.record], keys.record)).toMatchObject({ stage: "staging", from: "blue", to: "green" });
    });

    it("brings an idle colour that an earlier release scaled down back to the live colour's capacity", () => {
        const decision = planRelease(view({ ...live, "vipswap:greenCapacity": "0", "vipswap:blueCapacity": "3" }), { version: "2.0.0", now }, fresh);
        expect(decision.kind === "configure" && decision.set["vipswap:greenCapacity"]).toBe("3");
    });

    it("deploys the first release to the live colour without a swap", () => {
        const decision = planRelease(view({}, { deployed: false, converged: false }), { version: "1.0.0", now }, fresh);
        expect(decision).toMatchObject({ kind: "configure", step: "deploy", up: true });
        if (decision.kind !== "configure") throw new Error("unreachable");
        expect(decision.set["vipswap:blueAppVersion"]).toBe("1.0.0");
        expect(decision.set["vipswap:activeColour"]).toBeUndefined();
        expect(decision.says).toMatch(/first release.*no swap/);
    });

    it("refuses a version that is already live, and undeployed config, changing nothing", () => {
        expect(planRelease(view(live), { version: "1.0.0", now }, fresh)).toMatchObject({ kind: "refuse", usage: true, reason: expect.stringMatching(/already live on blue/) });
        expect(planRelease(view(live, { converged: false }), { version: "2.0.0", now }, fresh)).toMatchObject({ kind: "refuse", reason: expect.stringMatching(/not deployed yet/) });
    });

    it("continues a release whose pulumi up did not finish, without writing config", () => {
        const config = withRecord(staging, { ...live, "vipswap:greenAppVersion": "2.0.0" });
        expect(planRelease(view(config, { converged: false }), { version: "2.0.0", now }, fresh)).toMatchObject({ kind: "up", step: "deploy-staging" });
    });

    it("gates staging, then flips activeColour with the record at swapping", () => {
        const config = withRecord(staging, { ...live, "vipswap:greenAppVersion": "2.0.0" });
        expect(planRelease(view(config), { now }, fresh)).toEqual({ kind: "gate", step: "gate", colour: "green" });
        const flip = planRelease(view(config), { now }, { gatePassed: true, healthy: false });
        expect(flip).toMatchObject({ kind: "configure", step: "swap", up: true, set: { "vipswap:activeColour": "green" } });
    });

    it("after the swap keeps the old colour until the delay is over, then scales it down, then removes the record", () => {
        const swapping: ReleaseRecord = { ...staging, stage: "swapping", keepOldMs: 60_000, scaleOldTo: 0 };
        const config = { ...live, "vipswap:activeColour": "green", "vipswap:greenAppVersion": "2.0.0" };
        const keep = planRelease(view(withRecord(swapping, config)), { now }, fresh);
        expect(keep).toMatchObject({ kind: "configure", step: "keep-old", up: false });
        const keeping = parseReleaseRecord(keep.kind === "configure" ? keep.set[keys.record] : "", keys.record)!;
        expect(keeping.keepOldUntil).toBe("2026-12-01T12:01:00.000Z");
        expect(planRelease(view(withRecord(keeping, config)), { now }, fresh)).toMatchObject({ kind: "wait", until: new Date("2026-12-01T12:01:00Z") });
        const later = new Date("2026-12-01T12:01:01Z");
        expect(planRelease(view(withRecord(keeping, config)), { now: later, finish: true }, fresh)).toMatchObject({
            kind: "configure",
            step: "scale-old",
            set: { "vipswap:blueCapacity": "0" },
        });
        const scaling = { ...keeping, stage: "scalingOld" as const };
        expect(planRelease(view(withRecord(scaling, { ...config, "vipswap:blueCapacity": "0" })), { now: later }, fresh)).toMatchObject({
            kind: "configure",
            step: "finish",
            remove: [keys.record],
            final: true,
        });
    });

    it("without --keep-old or --scale-old-to ends right after the swap with the old colour at full capacity", () => {
        const config = withRecord({ ...staging, stage: "swapping" }, { ...live, "vipswap:activeColour": "green", "vipswap:greenAppVersion": "2.0.0" });
        expect(planRelease(view(config), { now }, fresh)).toMatchObject({ kind: "configure", step: "finish", says: expect.stringMatching(/kept at full capacity/) });
    });

    it("refuses a stack whose config was edited by hand halfway, naming the key and the fix", () => {
        const config = withRecord(staging, { ...live, "vipswap:greenAppVersion": "2.0.1" });
        const decision = planRelease(view(config), { version: "2.0.0", now }, fresh);
        expect(decision).toMatchObject({ kind: "refuse" });
        expect(decision.kind === "refuse" && decision.reason).toMatch(/vipswap:greenAppVersion is "2\.0\.1", but the release set "2\.0\.0".*pulumi config set greenAppVersion 2\.0\.0/);
    });

    it("refuses another version while a release is in progress", () => {
        const config = withRecord(staging, { ...live, "vipswap:greenAppVersion": "2.0.0" });
        expect(planRelease(view(config), { version: "3.0.0", now }, fresh)).toMatchObject({ kind: "refuse", reason: expect.stringMatching(/release of 2\.0\.0 is in progress/) });
    });

    it("after a swap that Azure refused or rolled back, puts activeColour back and returns to staging", () => {
        const swapping: ReleaseRecord = { ...staging, stage: "swapping" };
        const decision = planRevertFlip(view(withRecord(swapping, live)), swapping);
        expect(decision).toMatchObject({ kind: "configure", set: { "vipswap:activeColour": "blue" }, up: true });
        expect(decision.kind === "configure" && parseReleaseRecord(decision.set[keys.record], keys.record)?.stage).toBe("staging");
    });
});

describe("planRollback", () => {
    it("before the swap puts the idle colour back as it was and ends", () => {
        const config = withRecord(staging, { ...live, "vipswap:greenAppVersion": "2.0.0" });
        expect(planRollback(view(config), { now }, fresh)).toMatchObject({
            kind: "configure",
            step: "restore-staging",
            set: { "vipswap:greenAppVersion": "0.9.0", "vipswap:activeColour": "blue" },
            remove: [keys.record],
            final: true,
        });
    });

    it("after a scale-down restores the capacity first, waits until healthy, gates, then swaps", () => {
        const config = { ...live, "vipswap:activeColour": "green", "vipswap:blueCapacity": "0", "vipswap:greenCapacity": "3" };
        const begin = planRollback(view(config), { now }, fresh);
        expect(begin).toMatchObject({ kind: "configure", step: "restore-capacity", up: true, set: { "vipswap:blueCapacity": "3" } });
        const record = parseReleaseRecord(begin.kind === "configure" ? begin.set[keys.record] : "", keys.record)!;
        const restored = withRecord(record, { ...config, "vipswap:blueCapacity": "3" });
        expect(planRollback(view(restored), { now }, fresh)).toEqual({ kind: "waitHealthy", step: "wait-healthy", colour: "blue" });
        expect(planRollback(view(restored), { now }, { gatePassed: false, healthy: true })).toEqual({ kind: "gate", step: "gate", colour: "blue" });
        expect(planRollback(view(restored), { now }, { gatePassed: true, healthy: true })).toMatchObject({ kind: "configure", step: "swap", set: { "vipswap:activeColour": "blue" } });
    });

    it("after the swap of a release goes back to the release's old colour", () => {
        const config = withRecord({ ...staging, stage: "keepingOld" }, { ...live, "vipswap:activeColour": "green", "vipswap:greenAppVersion": "2.0.0" });
        const decision = planRollback(view(config), { now }, fresh);
        expect(decision.kind === "configure" && parseReleaseRecord(decision.set[keys.record], keys.record)).toMatchObject({ kind: "rollback", from: "green", to: "blue" });
    });

    it("refuses a stack with nothing deployed", () => {
        expect(planRollback(view({}, { deployed: false }), { now }, fresh)).toMatchObject({ kind: "refuse", usage: true });
    });
});

describe("the release record", () => {
    it("refuses a record it cannot read, with the key and the fix", () => {
        expect(() => parseReleaseRecord("{not json", keys.record)).toThrow(/vipswap:releaseState .*not JSON.*pulumi config rm vipswap:releaseState/);
        expect(() => parseReleaseRecord('{"kind":"release","stage":"nowhere","from":"blue","to":"green"}', keys.record)).toThrow(/stage "nowhere"/);
    });
});
