import { dataPlaneUrl, scaledThrottling } from "../../demo/emulatedEnvironment";
import { azureThrottleDefaults } from "../../emulator/armThrottle";

describe("scaledThrottling", () => {
    it("keeps ARM's bucket sizes and multiplies the refill rates by the time scale", () => {
        const scaled = scaledThrottling(10);
        expect(scaled.reads).toEqual({ capacity: azureThrottleDefaults.reads.capacity, refillPerSecond: azureThrottleDefaults.reads.refillPerSecond * 10 });
        expect(scaled.writes.refillPerSecond).toBe(azureThrottleDefaults.writes.refillPerSecond * 10);
        expect(scaled.deletes.refillPerSecond).toBe(azureThrottleDefaults.deletes.refillPerSecond * 10);
        expect(scaledThrottling(1)).toEqual(azureThrottleDefaults);
    });
});

describe("dataPlaneUrl", () => {
    const id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/app-production-ip";
    const map = { [id]: { publicIpId: id, url: "http://127.0.0.1:4000/", serving: true } };

    it("finds an address's loopback URL, comparing ids case-insensitively like Azure", () => {
        expect(dataPlaneUrl(map, id.toLowerCase())).toBe("http://127.0.0.1:4000/");
    });

    it("says so when the emulator serves no data plane for the address", () => {
        expect(() => dataPlaneUrl({}, id)).toThrow(`The emulator serves no data plane for public IP '${id}'`);
    });
});
