/**
 * `vipswap status` over the half-done states of the crash suite (issue 11, item 4): it says who holds production
 * and staging, where the floating IP is and which swap made it, whether customers are served (production on a load
 * balancer whose rules have an Up backend, by Azure's rule health), and what a swap towards each colour would do.
 * "No colour is live" is never said while a colour serves production.
 */
import type { Colour } from "../../components/colour";
import { checkProductionServing } from "../../components/health/productionServing";
import { inspectSwap } from "../../components/swap/swapEngine";
import { holderOf, statusJson, statusText } from "../../cli/statusReport";
import { type EngineHarness, startHarness } from "../engine/engineHarness";
import { halfDoneSwap } from "../engine/halfDoneSwap";

let harness: EngineHarness;
beforeAll(async () => {
    harness = await startHarness();
});
afterAll(async () => {
    await harness?.stop();
});

async function status(to: Colour, afterSteps: number) {
    const pair = await halfDoneSwap(harness, to, afterSteps);
    const inspection = await inspectSwap(harness.connection, pair.target);
    const serving = await checkProductionServing(harness.connection, pair.target, holderOf(inspection, "production"), { pollIntervalMs: 5 });
    return { pair, inspection, serving, text: statusText(inspection, serving), json: statusJson(inspection, serving) };
}

/** What status must say after a swap towards green stopped after N steps (blue was live). */
const towardsGreen: [number, { production: string; staging: string; floating: string; served: boolean | null; head: RegExp }][] = [
    [1, { production: "blue", staging: "green", floating: "present, attached to nothing", served: true, head: /^blue is live\./ }],
    [2, { production: "neither load balancer", staging: "green", floating: "present, on blue's load balancer", served: false, head: /production is on neither load balancer, staging on green; CUSTOMERS ARE NOT BEING SERVED/ }],
    [3, { production: "green", staging: "neither load balancer", floating: "present, on blue's load balancer", served: true, head: /production is on green, staging on neither load balancer; customers are being served\./ }],
    [4, { production: "green", staging: "blue", floating: "present, attached to nothing", served: true, head: /^green is live\./ }],
];

describe("status after a swap to green stopped part way", () => {
    it.each(towardsGreen)("after step %i", async (afterSteps, expected) => {
        const { pair, text, json } = await status("green", afterSteps);
        expect(text).toMatch(expected.head);
        expect(text).not.toMatch(/No colour is live/);
        expect(text).toContain(`production ${pair.productionIpAddress}: on ${expected.production}`);
        expect(text).toContain(`staging ${pair.stagingIpAddress}: on ${expected.staging}`);
        expect(text).toContain(`floating IP: ${expected.floating}; created by a swap towards green by first@host-1, started `);
        expect(text).toContain(`customers served: ${expected.served ? "yes" : "NO"}`);
        expect(json).toMatchObject({
            productionOn: expected.production.startsWith("neither") ? null : expected.production,
            stagingOn: expected.staging.startsWith("neither") ? null : expected.staging,
            customersServed: expected.served,
            floatingIp: { claim: { owner: "first@host-1", towards: "green" } },
        });
        // What a rerun does, towards each colour: one named step, never a refusal.
        expect(text).toMatch(/a swap --to blue would: (blue|green) <- \w+|a swap --to blue would: (create|delete) floating IP/);
        expect(text).toMatch(/a swap --to green would: (blue|green) <- \w+|a swap --to green would: (create|delete) floating IP/);
    });

    it("the case of the issue: green holds production and serves it after a Ctrl-C; status says so", async () => {
        const { text } = await status("green", 3);
        expect(text).toContain("customers served: yes (green serves production: 2 of 2 backends up on rule http)");
        expect(text).toContain("a swap --to green would: blue <- staging");
        expect(text).toContain("a swap --to blue would: green <- staging");
    });

    it("production on a load balancer with no healthy backend is not served", async () => {
        const { pair } = await status("green", 3);
        harness.emulator.setBackends({ loadBalancerId: pair.loadBalancerIds.green, count: 2, healthy: 0, version: "v2" });
        const inspection = await inspectSwap(harness.connection, pair.target);
        const serving = await checkProductionServing(harness.connection, pair.target, "green", { pollIntervalMs: 5 });
        expect(serving).toMatchObject({ serving: false, colour: "green" });
        expect(statusText(inspection, serving)).toContain("CUSTOMERS ARE NOT BEING SERVED");
        expect(serving.detail).toBe("green holds production but no backend is up on rule http: 0 of 2 backends up on rule http");
    });

    it("a rule health that cannot be read makes 'served' unknown with Azure's reason, not a failure", async () => {
        const { pair } = await status("green", 3);
        harness.emulator.addFault({ method: "POST", pathPattern: "/health$", count: 10, action: { type: "error", status: 403, code: "AuthorizationFailed" } });
        const serving = await checkProductionServing(harness.connection, pair.target, "green", { pollIntervalMs: 5 });
        harness.emulator.clearFaults();
        expect(serving).toEqual({ serving: undefined, colour: "green", detail: "green holds production; its backends' health could not be read (AuthorizationFailed, HTTP 403)" });
    });
});
