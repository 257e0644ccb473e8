import type { LoadBalancer } from "@azure/arm-network";
import { resolveHealthGatePlan } from "../../components/health/healthGateSettings";
import { swapWithHealthGates } from "../../components/health/swapWithHealthGates";
import { poolSwitchBody } from "../../components/swap/sharedLoadBalancer/poolSwitchBody";
import { inspectSwap, reconcileSwap, removeSwapLeftovers, SwapError } from "../../components/swap/swapEngine";
import { type EngineHarness, startHarness, testPollMs, writesIn } from "./engineHarness";
import { type SharedEnginePair, checkSharedHistory, freshSharedPair, sharedState } from "./sharedHarness";

/**
 * The pool switch against the emulator through the real SDK: one If-Match PUT that trades the production and staging
 * rules' pools, the addresses never detached; an interrupted switch finished; unknown states refused with their code
 * and nothing written; a concurrent writer stopped by 412; the health gate reads the rules that reach the new colour.
 */

let harness: EngineHarness;
beforeAll(async () => {
    harness = await startHarness();
});
afterEach(() => {
    harness.emulator.clearFaults();
    harness.emulator.releaseOperations();
});
afterAll(() => harness.stop());

const poll = { updateIntervalInMs: 5 };
const getLb = (pair: SharedEnginePair) => harness.client.loadBalancers.get(pair.target.resourceGroupName, pair.target.loadBalancerName);
const putLb = (pair: SharedEnginePair, body: LoadBalancer) =>
    harness.client.loadBalancers.beginCreateOrUpdateAndWait(pair.target.resourceGroupName, pair.target.loadBalancerName, body, poll);
const ruleNamed = (lb: LoadBalancer, name: string) => lb.loadBalancingRules!.find((r) => r.name === name)!;

/** The load balancer as read, without what every write changes (etags, provisioning states) and the rules' pools. */
function withoutPools(lb: LoadBalancer): unknown {
    const strip = (value: unknown): unknown => {
        if (Array.isArray(value)) return value.map(strip);
        if (!value || typeof value !== "object") return value;
        return Object.fromEntries(Object.entries(value).filter(([key]) => key !== "etag" && key !== "provisioningState").map(([key, v]) => [key, strip(v)]));
    };
    const body = strip(JSON.parse(JSON.stringify(lb))) as LoadBalancer;
    for (const rule of body.loadBalancingRules ?? []) {
        delete rule.backendAddressPool;
        delete rule.backendAddressPools;
    }
    // A pool's read-only back-references to its rules move with them.
    for (const pool of body.backendAddressPools ?? []) delete (pool as { loadBalancingRules?: unknown }).loadBalancingRules;
    return body;
}

/** Polls (every 2 ms) until `condition` holds; fails after 10 s. */
async function until(what: string, condition: () => boolean): Promise<void> {
    const giveUp = Date.now() + 10_000;
    while (!condition()) {
        if (Date.now() > giveUp) throw new Error(`Gave up waiting until ${what}.`);
        await new Promise((resolve) => setTimeout(resolve, 2));
    }
}

describe("the pool switch", () => {
    it("swaps blue -> green with one If-Match PUT, changing only the rules' pools, and back; the addresses never move", async () => {
        const pair = await freshSharedPair(harness);
        const before = await getLb(pair);
        const report = await reconcileSwap(harness.connection, pair.target, "green", { pollIntervalMs: testPollMs });
        expect(report).toMatchObject({ kind: "sharedLoadBalancer", from: "blue", to: "green", alreadyLive: false, productionUnattachedMs: 0, stagingUnattachedMs: 0 });
        expect(report.steps.map((s) => s.description)).toEqual(["production -> green pool, staging -> blue pool"]);
        expect(writesIn(harness.emulator.requestLog()).map((w) => `${w.method} ${w.path.split("/").pop()} ${w.status}`)).toEqual(["PUT app-lb 200"]);
        const after = await getLb(pair);
        expect(ruleNamed(after, "http-production").backendAddressPool?.id).toBe(pair.poolIds.green);
        expect(ruleNamed(after, "http-staging").backendAddressPool?.id).toBe(pair.poolIds.blue);
        expect(withoutPools(after)).toEqual(withoutPools(before));
        expect(await sharedState(harness, pair)).toMatchObject({ production: "green", staging: "blue", productionAddress: pair.productionIpAddress, stagingAddress: pair.stagingIpAddress });

        const back = await reconcileSwap(harness.connection, pair.target, "blue", { pollIntervalMs: testPollMs });
        expect(back).toMatchObject({ from: "green", to: "blue" });
        expect(await sharedState(harness, pair)).toMatchObject({ production: "blue", staging: "green", addressNames: ["app-outbound-ip", "app-production-ip", "app-staging-ip"] });
        expect(checkSharedHistory(harness.emulator, pair)).toEqual({ violations: [], changes: ["update app-lb", "update app-lb"] });
    });

    it("sends If-Match with the ETag it read: the PUT is refused with 412 when the ETag is stale", async () => {
        const pair = await freshSharedPair(harness);
        const t = pair.target;
        const error = await reconcileSwap(harness.connection, t, "green", {
            pollIntervalMs: testPollMs,
            // Runs after the engine's read and before its write: a person edits the load balancer's tags meanwhile.
            beforeFirstWrite: async () => {
                const lb = await getLb(pair);
                await putLb(pair, { ...lb, tags: { ...lb.tags, owner: "someone-else" } });
            },
        }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SwapError);
        expect(error).toMatchObject({ code: "PreconditionFailed", statusCode: 412 });
        expect((await getLb(pair)).tags?.owner).toBe("someone-else");
        expect(await sharedState(harness, pair)).toMatchObject({ production: "blue", staging: "green" });
        // A rerun reads the new ETag and switches, keeping the other writer's change.
        await reconcileSwap(harness.connection, t, "green", { pollIntervalMs: testPollMs });
        const lb = await getLb(pair);
        expect(lb.tags?.owner).toBe("someone-else");
        expect(await sharedState(harness, pair)).toMatchObject({ production: "green", staging: "blue" });
        expect(checkSharedHistory(harness.emulator, pair).violations).toEqual([]);
    });

    it("is a no-op when the desired colour is live: nothing is written", async () => {
        const pair = await freshSharedPair(harness);
        const report = await reconcileSwap(harness.connection, pair.target, "blue", { pollIntervalMs: testPollMs });
        expect(report).toMatchObject({ alreadyLive: true, steps: [] });
        expect(writesIn(harness.emulator.requestLog())).toEqual([]);
    });

    it("finishes an interrupted switch: with the switch's own PUT still running it waits, writes nothing, and reports done", async () => {
        const pair = await freshSharedPair(harness);
        harness.emulator.addFault({ method: "PUT", pathPattern: "/loadBalancers/app-lb$", action: { type: "hold" } });
        const lb = await getLb(pair);
        const body = poolSwitchBody(lb, pair.target, "green", "blue")!;
        await harness.client.loadBalancers.beginCreateOrUpdate(pair.target.resourceGroupName, pair.target.loadBalancerName, body, poll);
        expect(harness.emulator.operations().filter((o) => o.held)).toHaveLength(1);
        harness.emulator.clearRequestLog();
        const run = reconcileSwap(harness.connection, pair.target, "green", { pollIntervalMs: testPollMs });
        // Let the rerun find the operation in flight before it ends: it must wait for it, not write over it.
        await until("the rerun has read Azure", () => harness.emulator.requestLog().some((e) => !e.control && e.method === "GET"));
        expect(harness.emulator.releaseOperations()).toHaveLength(1);
        const report = await run;
        expect(report).toMatchObject({ to: "green", steps: [] });
        expect(writesIn(harness.emulator.requestLog())).toEqual([]);
        expect(await sharedState(harness, pair)).toMatchObject({ production: "green", staging: "blue" });
    });

    const refusals: [string, (lb: LoadBalancer, pair: SharedEnginePair) => void, string][] = [
        [
            "both rule sets on one pool",
            (lb, pair) => {
                // A different backend port, so that Azure allows the two rules on one pool (RulesUseSameBackendPortProtocolAndPool).
                Object.assign(ruleNamed(lb, "http-staging"), { backendAddressPool: { id: pair.poolIds.blue }, backendPort: 8080 });
            },
            "SamePoolOnBothFrontends",
        ],
        [
            "a rule on a third pool",
            (lb) => {
                lb.backendAddressPools!.push({ name: "canary" });
                ruleNamed(lb, "http-staging").backendAddressPool = { id: `${lb.id}/backendAddressPools/canary` };
            },
            "RuleOnUnknownPool",
        ],
        [
            "the rules of one frontend split across pools",
            (lb, pair) => {
                const second = { ...structuredClone(ruleNamed(lb, "http-production")), name: "https-production", id: undefined, frontendPort: 443, backendPort: 443, backendAddressPool: { id: pair.poolIds.green } };
                lb.loadBalancingRules!.push(second);
            },
            "FrontendSplitAcrossPools",
        ],
    ];
    for (const [what, edit, code] of refusals) {
        it(`refuses ${what} with UnknownState (${code}) towards either colour, writing nothing`, async () => {
            const pair = await freshSharedPair(harness);
            const lb = await getLb(pair);
            edit(lb, pair);
            await putLb(pair, lb);
            const before = await getLb(pair);
            harness.emulator.clearRequestLog();
            for (const to of ["green", "blue"] as const) {
                const error = await reconcileSwap(harness.connection, pair.target, to, { pollIntervalMs: testPollMs }).catch((e: unknown) => e);
                expect(error).toBeInstanceOf(SwapError);
                expect(error).toMatchObject({ code: "UnknownState", refusal: code, wroteAnything: false });
                expect((error as Error).message).toMatch(/by hand/);
            }
            expect(writesIn(harness.emulator.requestLog())).toEqual([]);
            expect((await getLb(pair)).etag).toBe(before.etag);
        });
    }

    it("refuses a target whose pool or frontend is missing with ValidationFailed naming it, before any write", async () => {
        const pair = await freshSharedPair(harness);
        const error = await reconcileSwap(harness.connection, { ...pair.target, greenPoolName: "grene" }, "green", { pollIntervalMs: testPollMs }).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: "ValidationFailed", wroteAnything: false });
        expect((error as Error).message).toContain('has no backend pool named "grene" for green (it has: blue, green, outbound)');
        const noFrontend = await inspectSwap(harness.connection, { ...pair.target, stagingFrontendName: "stage" }).catch((e: unknown) => e);
        expect((noFrontend as Error).message).toContain('no frontend named "stage" for staging');
        const missingLb = await inspectSwap(harness.connection, { ...pair.target, loadBalancerName: "nope" }).catch((e: unknown) => e);
        expect(missingLb).toMatchObject({ code: "ValidationFailed", statusCode: 404 });
        expect(writesIn(harness.emulator.requestLog())).toEqual([]);
    });

    it("refuses bad targets before any request: an unknown kind, one pool for both colours, one frontend for both roles", async () => {
        const pair = await freshSharedPair(harness);
        const bad = [
            [{ ...pair.target, kind: "oneBigLoadBalancer" }, /kind is "oneBigLoadBalancer"; use "pairedLoadBalancers" \(or leave it out\) or "sharedLoadBalancer"/],
            [{ ...pair.target, greenPoolName: "blue" }, /blue and green pools are both "blue"/],
            [{ ...pair.target, stagingFrontendName: "production" }, /production and staging frontends are both "production"/],
        ] as const;
        for (const [target, message] of bad) {
            const error = await reconcileSwap(harness.connection, target as never, "green").catch((e: unknown) => e);
            expect(error).toMatchObject({ code: "ValidationFailed", wroteAnything: false });
            expect((error as Error).message).toMatch(message);
        }
        expect(harness.emulator.requestLog().filter((e) => !e.control)).toEqual([]);
    });

    it("inspects the live colour and the addresses, and its clean-up removes nothing", async () => {
        const pair = await freshSharedPair(harness);
        const inspection = await inspectSwap(harness.connection, pair.target);
        expect(inspection).toMatchObject({
            kind: "sharedLoadBalancer",
            liveColour: "blue",
            description: "production -> blue pool, staging -> green pool",
            productionIpAddress: pair.productionIpAddress,
            stagingIpAddress: pair.stagingIpAddress,
            floatingIpExists: false,
            nextStepTowards: { blue: "done", green: "production -> green pool, staging -> blue pool" },
        });
        expect(await removeSwapLeftovers(harness.connection, pair.target)).toBe(false);
        expect(writesIn(harness.emulator.requestLog())).toEqual([]);
    });
});

describe("the pool switch behind the health gates", () => {
    const plan = resolveHealthGatePlan({});

    it("reads the rule health of the staging rules only (they reach the new colour) and refuses an unhealthy green pool, writing nothing", async () => {
        const pair = await freshSharedPair(harness, { withBackends: true });
        harness.emulator.setBackends({ loadBalancerId: pair.loadBalancerId, backendPoolName: "green", colour: "green", count: 2, healthy: 1, version: "v2" });
        harness.emulator.clearRequestLog();
        const error = await swapWithHealthGates(harness.connection, pair.target, "green", plan, { pollIntervalMs: testPollMs, ruleHealthPollIntervalMs: testPollMs }).catch((e: unknown) => e);
        expect((error as Error).name).toBe("HealthGateRefusedError");
        expect((error as Error).message).toContain("http-staging");
        const healthPosts = harness.emulator.requestLog().filter((e) => e.method === "POST" && /\/health$/.test(e.path));
        expect(healthPosts.map((e) => e.path.split("/").slice(-2)[0])).toEqual(["http-staging"]);
        expect(writesIn(harness.emulator.requestLog()).filter((e) => e.method !== "POST")).toEqual([]);
        expect(await sharedState(harness, pair)).toMatchObject({ production: "blue", staging: "green" });
    });

    it("lets a healthy green pool through, and matchLive compares each staging rule with the production rule of its port", async () => {
        const pair = await freshSharedPair(harness, { withBackends: true });
        const gated = await swapWithHealthGates(harness.connection, pair.target, "green", resolveHealthGatePlan({ loadBalancerHealth: { requirement: "matchLive" } }), {
            pollIntervalMs: testPollMs,
            ruleHealthPollIntervalMs: testPollMs,
        });
        expect(gated.preSwapGate?.loadBalancer).toMatchObject({ healthy: true, rules: [{ ruleName: "http-staging", required: 2, up: 2 }] });
        expect(await sharedState(harness, pair)).toMatchObject({ production: "green", staging: "blue" });
    });
});
