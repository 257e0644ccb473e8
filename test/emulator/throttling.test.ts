/** ARM throttling: token buckets per subscription for reads, writes and deletes, through the SDK. */
import type { EmulatorFixture } from "../helpers/emulatorFixture";
import { createNetworkClient } from "../../components/azure/networkClient";
import { expectArmError, fastPolling, startEmulatorFixture } from "../helpers/emulatorFixture";

const rg = "throttle-rg";
const address = { location: "westeurope", sku: { name: "Standard" }, publicIPAllocationMethod: "Static" };

describe("ARM throttling", () => {
    let fixture: EmulatorFixture;
    beforeAll(async () => {
        fixture = await startEmulatorFixture();
    });
    afterAll(() => fixture.stop());
    beforeEach(() => fixture.emulator.reset());

    test("every answer carries x-ms-ratelimit-remaining-subscription-<kind>, starting from Azure's buckets", async () => {
        const seen: Record<string, string | undefined>[] = [];
        const globalWrites: (string | undefined)[] = [];
        const onResponse = (raw: { headers: { get(name: string): string | undefined } }) => {
            seen.push({
                reads: raw.headers.get("x-ms-ratelimit-remaining-subscription-reads"),
                writes: raw.headers.get("x-ms-ratelimit-remaining-subscription-writes"),
                deletes: raw.headers.get("x-ms-ratelimit-remaining-subscription-deletes"),
            });
            globalWrites.push(raw.headers.get("x-ms-ratelimit-remaining-subscription-global-writes"));
        };
        await expectArmError(fixture.client.publicIPAddresses.get(rg, "nothing", { onResponse }), 404, "ResourceGroupNotFound");
        await fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "pip", address, { ...fastPolling, onResponse });
        await fixture.client.publicIPAddresses.beginDeleteAndWait(rg, "pip", { ...fastPolling, onResponse });
        expect(seen[0]).toEqual({ reads: "249", writes: undefined, deletes: undefined }); // 250-token read bucket
        expect(seen[1]).toEqual({ reads: undefined, writes: "199", deletes: undefined }); // 200-token write bucket
        expect(globalWrites[1]).toBe("2999"); // the global limit, 15 x 200, as observed on Azure (docs/azure-behaviour.md §5)
        expect(seen.find((s) => s.deletes !== undefined)?.deletes).toBe("199"); // 200-token delete bucket
    });

    test("an empty bucket answers 429 SubscriptionRequestsThrottled with Retry-After, and nothing is written", async () => {
        fixture.emulator.setThrottling({ writes: { capacity: 1, refillPerSecond: 0.01 } });
        await fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "first", address, fastPolling);
        // The SDK would honour Retry-After (100 s here) and retry; a client without the retry policy shows Azure's answer.
        const noRetry = createNetworkClient(fixture.connection);
        noRetry.pipeline.removePolicy({ name: "defaultRetryPolicy" });
        const error = await noRetry.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "second", address, fastPolling).catch((e: unknown) => e);
        expect(error).toMatchObject({ name: "RestError", statusCode: 429, code: "SubscriptionRequestsThrottled" });
        expect((error as { response: { headers: { get(n: string): string } } }).response.headers.get("retry-after")).toBe("100");
        await expectArmError(fixture.client.publicIPAddresses.get(rg, "second"), 404, "ResourceNotFound"); // reads are a separate bucket
    });

    test("the SDK waits out Retry-After and then gets through", async () => {
        fixture.emulator.setThrottling({ reads: { capacity: 1, refillPerSecond: 2 } });
        await expectArmError(fixture.client.loadBalancers.get(rg, "a"), 404, "ResourceGroupNotFound");
        await expectArmError(fixture.client.loadBalancers.get(rg, "b"), 404, "ResourceGroupNotFound");
        const statuses = fixture.emulator.requestLog().map((e) => [e.status, e.errorCode]);
        expect(statuses).toEqual([
            [404, "ResourceGroupNotFound"],
            [429, "SubscriptionRequestsThrottled"],
            [404, "ResourceGroupNotFound"],
        ]);
    });

    test("bad bucket settings are refused with the reason", () => {
        expect(() => fixture.emulator.setThrottling({ reads: { capacity: 0, refillPerSecond: 1 } })).toThrow(/capacity/);
        expect(() => fixture.emulator.setThrottling({ reads: { capacity: 5, refillPerSecond: 0 } })).toThrow(/refillPerSecond/);
    });
});
