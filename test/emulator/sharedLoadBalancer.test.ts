/**
 * The shared load balancer in the emulator (docs/azure-behaviour.md §11): rule conflicts refused at PUT with Azure's
 * status and code and nothing changed, validation of the final state (two rules trade pools in one PUT), and the data
 * plane routing each frontend through its rules to its pool, following a pool change after its delay and resetting or
 * keeping connections that the old pool answered, as keep-alive and fresh-connection clients see it.
 */
import http from "node:http";
import type { LoadBalancer } from "@azure/arm-network";
import { createSharedPair, type SharedPair } from "../../emulator/sharedLoadBalancerScenario";
import { type EmulatorFixture, fastPolling, startEmulatorFixture } from "../helpers/emulatorFixture";

let fixture: EmulatorFixture;
let pair: SharedPair;
beforeAll(async () => {
    fixture = await startEmulatorFixture({ throttling: false });
});
beforeEach(async () => {
    fixture.emulator.reset();
    pair = await createSharedPair(fixture.client, fixture.emulator);
});
afterAll(() => fixture.stop());

const rg = () => pair.target.resourceGroupName;
const getLb = () => fixture.client.loadBalancers.get(rg(), pair.target.loadBalancerName);
const putLb = (body: LoadBalancer) => fixture.client.loadBalancers.beginCreateOrUpdateAndWait(rg(), pair.target.loadBalancerName, body, fastPolling);
const rule = (lb: LoadBalancer, name: string) => lb.loadBalancingRules!.find((r) => r.name === name)!;
const urlOf = (publicIpId: string) => fixture.emulator.dataPlane()[publicIpId].url;

/** One GET, on `agent` (a keep-alive one) or on a fresh connection: the colour that answered, or the error code. */
function get(url: string, agent: http.Agent | false = false): Promise<string> {
    return new Promise((resolve) => {
        const req = http.get(url, { agent, timeout: 2000 }, (res) => {
            let text = "";
            res.on("data", (chunk: Buffer) => (text += chunk.toString()));
            res.on("end", () => resolve(String((JSON.parse(text) as { colour: string }).colour)));
        });
        req.on("timeout", () => req.destroy(new Error("timeout")));
        req.on("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    });
}

/** The body with production's and staging's rules trading pools. */
async function switched(): Promise<LoadBalancer> {
    const lb = await getLb();
    rule(lb, "http-production").backendAddressPool = { id: pair.poolIds.green };
    rule(lb, "http-staging").backendAddressPool = { id: pair.poolIds.blue };
    return lb;
}

describe("rule conflicts at PUT", () => {
    const cases: [string, (lb: LoadBalancer) => void, string][] = [
        ["two rules with Floating IP off, one protocol and backend port, on one pool", (lb) => void (rule(lb, "http-staging").backendAddressPool = { id: pair.poolIds.blue }), "RulesUseSameBackendPortProtocolAndPool"],
        [
            "a rule that SNATs on a frontend an outbound rule uses",
            (lb) => {
                lb.outboundRules![0].frontendIPConfigurations = [{ id: rule(lb, "http-production").frontendIPConfiguration!.id }];
                rule(lb, "http-production").disableOutboundSnat = false;
            },
            "LoadBalancingRuleMustDisableSNATSinceSameFrontendIPConfigurationIsReferencedByOutboundRule",
        ],
        [
            "two outbound rules on one frontend and protocol",
            (lb) => void lb.outboundRules!.push({ ...lb.outboundRules![0], name: "outbound-2", id: undefined, protocol: "Tcp" }),
            "MoreThanOneOutboundRuleUsingSameFrontendIPConfigurationAndProtocolIsNotSupported",
        ],
    ];
    it.each(cases)("refuses %s: 400 with the code, nothing changed", async (_what, edit, code) => {
        const lb = await getLb();
        edit(lb);
        const error = await fixture.client.loadBalancers.beginCreateOrUpdate(rg(), pair.target.loadBalancerName, lb, fastPolling).catch((e: unknown) => e);
        expect(error).toMatchObject({ statusCode: 400, code });
        expect((await getLb()).etag).toBe(lb.etag);
    });

    it("accepts two rules trading pools in one PUT: Azure validates the final state", async () => {
        const after = await putLb(await switched());
        expect(rule(after, "http-production").backendAddressPool?.id).toBe(pair.poolIds.green);
        expect(rule(after, "http-staging").backendAddressPool?.id).toBe(pair.poolIds.blue);
    });
});

describe("the data plane of a shared load balancer", () => {
    beforeEach(() => fixture.emulator.updateSettings({ poolSwitchDataPathDelayMs: 3_600_000 }));

    it("routes each frontend through its rules to its pool; a switch reaches the data path only after its delay", async () => {
        expect(await get(urlOf(pair.productionIpId))).toBe("blue");
        expect(await get(urlOf(pair.stagingIpId))).toBe("green");
        await putLb(await switched());
        // Committed, but the data path has not followed yet: both addresses still reach their old pools.
        expect(await get(urlOf(pair.productionIpId))).toBe("blue");
        expect(await get(urlOf(pair.stagingIpId))).toBe("green");
        expect(fixture.emulator.followDataPathNow()).toBe(1);
        expect(await get(urlOf(pair.productionIpId))).toBe("green");
        expect(await get(urlOf(pair.stagingIpId))).toBe("blue");
    });

    it("follows by itself after the delay the setting gives (default: the profile's, not zero)", async () => {
        fixture.emulator.reset();
        expect(fixture.emulator.settings().poolSwitchDataPathDelayMs).toBe(5);
        pair = await createSharedPair(fixture.client, fixture.emulator);
        await putLb(await switched());
        const giveUp = Date.now() + 10_000;
        while ((await get(urlOf(pair.productionIpId))) !== "green") {
            if (Date.now() > giveUp) throw new Error("the data path never followed");
        }
    });

    it("resets, at its next request, a keep-alive connection that the old pool answered (the default); fresh connections reach the new pool", async () => {
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        try {
            expect(await get(urlOf(pair.productionIpId), agent)).toBe("blue");
            await putLb(await switched());
            fixture.emulator.followDataPathNow();
            expect(await get(urlOf(pair.productionIpId))).toBe("green");
            expect(await get(urlOf(pair.productionIpId), agent)).toBe("ECONNRESET");
            expect(await get(urlOf(pair.productionIpId), agent)).toBe("green"); // the client's new connection
        } finally {
            agent.destroy();
        }
    });

    it("with poolSwitchOpenConnections kept, a keep-alive connection keeps reaching the old pool until it is closed", async () => {
        fixture.emulator.updateSettings({ poolSwitchOpenConnections: "kept" });
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        try {
            expect(await get(urlOf(pair.productionIpId), agent)).toBe("blue");
            await putLb(await switched());
            fixture.emulator.followDataPathNow();
            expect(await get(urlOf(pair.productionIpId), agent)).toBe("blue");
            expect(await get(urlOf(pair.productionIpId))).toBe("green");
        } finally {
            agent.destroy();
        }
        expect(await get(urlOf(pair.productionIpId), false)).toBe("green");
    });

    it("answers each pool's backends and health: an unhealthy green pool fails staging only; rule health is per pool", async () => {
        fixture.emulator.setBackends({ loadBalancerId: pair.loadBalancerId, backendPoolName: "green", colour: "green", count: 2, healthy: 0 });
        expect(await get(urlOf(pair.stagingIpId))).toBe("ECONNRESET");
        expect(await get(urlOf(pair.productionIpId))).toBe("blue");
        const poller = await fixture.client.loadBalancerLoadBalancingRules.beginHealth(rg(), pair.target.loadBalancerName, "http-staging", fastPolling);
        expect(await poller.pollUntilDone()).toMatchObject({ up: 0, down: 2 });
        const live = await fixture.client.loadBalancerLoadBalancingRules.beginHealth(rg(), pair.target.loadBalancerName, "http-production", fastPolling);
        expect(await live.pollUntilDone()).toMatchObject({ up: 2, down: 0 });
    });

    it("refuses backends for a pool the load balancer does not have, and bad settings, saying what is allowed", () => {
        expect(() => fixture.emulator.setBackends({ loadBalancerId: pair.loadBalancerId, backendPoolName: "purple", count: 1 })).toThrow(/has no backend pool 'purple'; its pools are blue, green, outbound/);
        expect(() => fixture.emulator.updateSettings({ poolSwitchOpenConnections: "maybe" })).toThrow(/poolSwitchOpenConnections must be 'reset' or 'kept'/);
        expect(() => fixture.emulator.updateSettings({ poolSwitchDataPathDelayMs: -1 })).toThrow(/poolSwitchDataPathDelayMs must be a whole number >= 0/);
    });
});
