/**
 * What the emulator exposes on the machine it runs on (SECURITY.md): it listens on loopback only, its CA folder and
 * file are private to the user, no key is written, the request log never holds a token, and an issued token cannot
 * reach the control API.
 */
import { readdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { createPipelineRequest } from "@azure/core-rest-pipeline";
import { createNetworkClient } from "../../components/azure/networkClient";
import { dataPlaneUrl } from "../health/gateHarness";
import { usePairPerTest } from "../helpers/emulatorFixture";

const env = usePairPerTest("exposure-rg");

describe("what the emulator exposes locally", () => {
    test("ARM and every data-plane address listen on 127.0.0.1 only", () => {
        expect(new URL(env.fixture.emulator.endpoint).hostname).toBe("127.0.0.1");
        expect(new URL(dataPlaneUrl(env.fixture.emulator, env.pair.productionIpId)).hostname).toBe("127.0.0.1");
        expect(new URL(dataPlaneUrl(env.fixture.emulator, env.pair.stagingIpId)).hostname).toBe("127.0.0.1");
    });

    test("the CA folder is 0700 and holds only the CA certificate, 0600; no private key is written", () => {
        const folder = dirname(env.fixture.emulator.caCertFile);
        expect(statSync(folder).mode & 0o777).toBe(0o700);
        expect(statSync(env.fixture.emulator.caCertFile).mode & 0o777).toBe(0o600);
        expect(readdirSync(folder)).toEqual(["ca.pem"]);
    });

    test("the request log holds no token, the emulator's own or an issued one", async () => {
        const issued = env.fixture.emulator.issueIdentity({ permissions: { actions: ["Microsoft.Network/*/read"] } });
        await createNetworkClient(env.fixture.emulator.connection(issued.accessToken)).loadBalancers.get("exposure-rg", env.pair.target.blueLoadBalancerName);
        await env.fixture.client.publicIPAddresses.get("exposure-rg", env.pair.target.productionIpName);
        const request = createPipelineRequest({ url: `${env.fixture.emulator.endpoint}/_emulator/requests`, method: "GET" });
        const text = (await env.fixture.client.sendRequest(request)).bodyAsText ?? "";
        expect(text).toContain("loadBalancers");
        expect(text).not.toContain(env.fixture.emulator.accessToken);
        expect(text).not.toContain(issued.accessToken);
        expect(JSON.stringify(env.fixture.emulator.identities())).not.toContain(issued.accessToken);
    });
});
