import { fillAddressPlaceholders, hasAddressPlaceholder } from "../../components/health/addressPlaceholders";
import { resolveHealthGatePlan } from "../../components/health/healthGateSettings";

describe("address placeholders", () => {
    test("settings accept them in the URL and the Host header, and keep them for the swap to fill in", () => {
        const plan = resolveHealthGatePlan({
            smokeTest: { url: "http://{stagingAddress}:8080/health", hostHeader: "{stagingAddress}" },
            verification: { url: "https://{productionAddress}/version" },
        });
        expect(plan.smokeTest?.url).toBe("http://{stagingAddress}:8080/health");
        expect(plan.verification?.url).toBe("https://{productionAddress}/version");
        expect(hasAddressPlaceholder(plan.smokeTest!.url)).toBe(true);
        expect(hasAddressPlaceholder("http://20.1.2.3/")).toBe(false);
    });

    test("an unknown placeholder is still a bad URL", () => {
        expect(() => resolveHealthGatePlan({ smokeTest: { url: "http://{greenAddress}/" } })).toThrow(/healthGate.smokeTest.url must be an absolute/);
    });

    test("are filled in with the addresses' IPs", () => {
        const addresses = { productionIpAddress: "20.0.0.1", stagingIpAddress: "20.0.0.2" };
        expect(fillAddressPlaceholders("http://{stagingAddress}/h?from={productionAddress}", addresses, "x")).toBe("http://20.0.0.2/h?from=20.0.0.1");
    });

    test("say which setting needs an address that Azure has not assigned", () => {
        expect(() => fillAddressPlaceholders("http://{stagingAddress}/", { productionIpAddress: "20.0.0.1" }, "healthGate.smokeTest.url")).toThrow(
            "healthGate.smokeTest.url uses {stagingAddress}, but the staging address has no ipAddress yet; write the address itself, or deploy first.",
        );
    });
});
