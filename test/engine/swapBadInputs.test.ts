import type { PublicIPAddress } from "@azure/arm-network";
import type { AzureConnection } from "../../components/azure/azureConnection";
import { StaticTokenCredential } from "../../components/azure/staticTokenCredential";
import type { Colour } from "../../components/colour";
import { inspectSwap, reconcileSwap, SwapError } from "../../components/swap/swapEngine";
import { floatingIpName, type SwapTarget } from "../../components/swap/swapTarget";
import { type BlueGreenPair, createBlueGreenPair, loadBalancerBody } from "../helpers/emulatorFixture";
import { type EngineHarness, freshPair, startHarness, testPollMs, writesIn } from "./engineHarness";

/**
 * Every bad input stops the swap with a SwapError that names the problem, and the emulator's request log proves
 * that nothing was written (no PUT, POST, PATCH or DELETE reached Azure's API).
 */

let harness: EngineHarness;
beforeAll(async () => {
    harness = await startHarness();
});
afterAll(async () => {
    await harness?.stop();
});

const poll = { updateIntervalInMs: 5 };

async function createAddress(pair: BlueGreenPair, name: string, body: Partial<PublicIPAddress> = {}) {
    return harness.client.publicIPAddresses.beginCreateOrUpdateAndWait(
        pair.target.resourceGroupName,
        name,
        { location: pair.location, sku: { name: "Standard" }, publicIPAllocationMethod: "Static", ...body },
        poll,
    );
}

async function pointFrontend(pair: BlueGreenPair, lbName: string, publicIpId: string) {
    const lb = await harness.client.loadBalancers.get(pair.target.resourceGroupName, lbName);
    lb.frontendIPConfigurations![0].publicIPAddress = { id: publicIpId };
    await harness.client.loadBalancers.beginCreateOrUpdateAndWait(pair.target.resourceGroupName, lbName, lb, poll);
}

interface BadCase {
    /** Changes Azure or the request; returns the target, colour and connection to swap with. */
    arrange(pair: BlueGreenPair): Promise<{ target?: SwapTarget; colour?: unknown; connection?: AzureConnection }>;
    code: string;
    /** Text the message must contain: it names the problem. */
    mentions: (pair: BlueGreenPair) => string[];
}

const cases: Record<string, BadCase> = {
    "an unknown colour": {
        arrange: async () => ({ colour: "purple" }),
        code: "ValidationFailed",
        mentions: () => ['"purple"', "blue, green"],
    },
    "an empty resource group name": {
        arrange: async (pair) => ({ target: { ...pair.target, resourceGroupName: "" } }),
        code: "ValidationFailed",
        mentions: () => ["resourceGroupName"],
    },
    "the same load balancer for both colours": {
        arrange: async (pair) => ({ target: { ...pair.target, greenLoadBalancerName: pair.target.blueLoadBalancerName } }),
        code: "ValidationFailed",
        mentions: (pair) => [pair.target.blueLoadBalancerName, "two load balancers"],
    },
    "the same address for production and staging": {
        arrange: async (pair) => ({ target: { ...pair.target, stagingIpName: pair.target.productionIpName } }),
        code: "ValidationFailed",
        mentions: () => ["two addresses"],
    },
    "a staging address named like the floating IP": {
        arrange: async (pair) => ({ target: { ...pair.target, stagingIpName: floatingIpName(pair.target) } }),
        code: "ValidationFailed",
        mentions: (pair) => [floatingIpName(pair.target), "temporary floating IP"],
    },
    "a missing load balancer": {
        arrange: async (pair) => ({ target: { ...pair.target, greenLoadBalancerName: "no-such-lb" } }),
        code: "ValidationFailed",
        mentions: () => ["green load balancer", "no-such-lb", "not found"],
    },
    "a missing production address": {
        arrange: async (pair) => ({ target: { ...pair.target, productionIpName: "no-such-ip" } }),
        code: "ValidationFailed",
        mentions: () => ["production address", "no-such-ip", "not found"],
    },
    "a missing frontend": {
        arrange: async (pair) => ({ target: { ...pair.target, frontendName: "internal" } }),
        code: "ValidationFailed",
        mentions: () => ['no frontend named "internal"', "it has: public"],
    },
    "a Basic, Dynamic staging address": {
        arrange: async (pair) => {
            harness.emulator.updateSettings({ basicPublicIpQuota: 1 }); // a legacy address: new Basic ones are refused since 2025
            await createAddress(pair, "legacy-ip", { sku: { name: "Basic" }, publicIPAllocationMethod: "Dynamic" });
            return { target: { ...pair.target, stagingIpName: "legacy-ip" } };
        },
        code: "ValidationFailed",
        mentions: () => ['"legacy-ip" has SKU Basic', "Dynamic", "must be Static"],
    },
    "a Basic, Static production address": {
        arrange: async (pair) => {
            harness.emulator.updateSettings({ basicPublicIpQuota: 1 }); // a legacy address: new Basic ones are refused since 2025
            await createAddress(pair, "basic-static-ip", { sku: { name: "Basic" }, publicIPAllocationMethod: "Static" });
            return { target: { ...pair.target, productionIpName: "basic-static-ip" } };
        },
        code: "ValidationFailed",
        mentions: () => ['"basic-static-ip" has SKU Basic', "Standard"],
    },
    "load balancers in different regions": {
        arrange: async (pair) => {
            const east = await createBlueGreenPair(harness.client, harness.emulator, { prefix: "east", location: "eastus", withBackends: false });
            return { target: { ...pair.target, greenLoadBalancerName: east.target.greenLoadBalancerName } };
        },
        code: "ValidationFailed",
        mentions: () => ["different regions", "westeurope", "eastus"],
    },
    "the production address attached to a third resource": {
        arrange: async (pair) => {
            // A half swap by hand, then someone else's load balancer took the freed production address.
            const floating = await createAddress(pair, floatingIpName(pair.target), { tags: { "vipswap:role": "floating" } });
            await pointFrontend(pair, pair.target.blueLoadBalancerName, floating.id!);
            const t = pair.target;
            await harness.client.loadBalancers.beginCreateOrUpdateAndWait(
                t.resourceGroupName,
                "intruder-lb",
                loadBalancerBody(harness.emulator.subscriptionId, t.resourceGroupName, "intruder-lb", pair.location, "public", "blue", pair.productionIpId),
                poll,
            );
            return {};
        },
        code: "UnknownState",
        mentions: () => ["production address is attached to a resource other than"],
    },
    "a frontend on an address that is none of the three": {
        arrange: async (pair) => {
            const spare = await createAddress(pair, "spare-ip");
            await pointFrontend(pair, pair.target.greenLoadBalancerName, spare.id!);
            return {};
        },
        code: "UnknownState",
        mentions: () => ["green load balancer's frontend references an address that is neither"],
    },
    "an untagged address under the floating IP's name": {
        arrange: async (pair) => {
            await createAddress(pair, floatingIpName(pair.target));
            return {};
        },
        code: "UnknownState",
        mentions: () => ["without the tag vipswap:role=floating"],
    },
    "a wrong subscription": {
        arrange: async () => ({ connection: { ...harness.connection, subscriptionId: "11111111-1111-4111-8111-111111111111" } }),
        code: "SubscriptionNotFound",
        mentions: () => ["subscription"],
    },
    "a wrong token": {
        arrange: async () => ({ connection: { ...harness.connection, credential: new StaticTokenCredential("not-the-emulator-token") } }),
        code: "InvalidAuthenticationToken",
        mentions: () => ["credential"],
    },
};

describe("reconcileSwap refuses bad inputs, writing nothing", () => {
    it.each(Object.keys(cases))("%s", async (name) => {
        const pair = await freshPair(harness);
        const badCase = cases[name];
        const arranged = await badCase.arrange(pair);
        harness.emulator.clearRequestLog();
        const error = await reconcileSwap(arranged.connection ?? harness.connection, arranged.target ?? pair.target, (arranged.colour ?? "green") as Colour, {
            pollIntervalMs: testPollMs,
            maxRetries: 1,
        }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SwapError);
        expect(error).toMatchObject({ code: badCase.code, wroteAnything: false });
        for (const text of badCase.mentions(pair)) expect((error as Error).message).toContain(text);
        expect(writesIn(harness.emulator.requestLog())).toEqual([]);
    });

    it("answers 404 for missing load balancers, so a first deployment can tell 'nothing to swap yet'", async () => {
        const pair = await freshPair(harness);
        const target = { ...pair.target, blueLoadBalancerName: "later-blue", greenLoadBalancerName: "later-green" };
        await expect(inspectSwap(harness.connection, target)).rejects.toMatchObject({ code: "ValidationFailed", statusCode: 404 });
        await expect(inspectSwap(harness.connection, { ...pair.target, productionIpName: "gone" })).rejects.not.toMatchObject({ statusCode: 404 });
    });
});
