/**
 * vipswap as a new user installs it today: a new project on Node 24 installs the newest `@pulumi/pulumi`,
 * `@pulumi/azure-native` and `@azure/identity` that npm serves, then the packed vipswap tarball. It must get one copy
 * of each SDK, type-check every documented import under each module resolution, register the component under that
 * SDK's mocks, and swap on the emulator with the `VipSwap` provider as that SDK serializes it and as that SDK's
 * dynamic-provider host runs it. The program and the host run on Node 24 and on Node 22 (the newest SDKs' minimum).
 *
 * Slow on a cold npm cache (azure-native is hundreds of megabytes), so it is `npm run test:consumer`, not part of
 * `npm test`; npm's own cache makes a warm run fast (the registry is still asked which versions are the newest).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { floatingIpName } from "../../components/swap/swapTarget";
import { compileForChildProcess, repoRoot } from "../helpers/compiledBuild";
import { createBlueGreenPair, type EmulatorFixture, startEmulatorFixture } from "../helpers/emulatorFixture";
import { consumerStackSources, documentedImports, documentedImportSources, moduleResolutions, typeCheckConsumer } from "../package/consumerTypeCheck";
import { packVipswap } from "../package/packedTarball";
import { startProviderHost } from "../vipSwap/providerHost";
import type { MockedRegistration } from "./fixtures/registerUnderMocks";

/** The SDKs a consumer's project brings itself; each must be installed once, at the newest version npm serves. */
const consumerSdks = ["@pulumi/pulumi", "@pulumi/azure-native", "@azure/identity"] as const;

/** The Node release lines that run the consumer's program and provider host; npm runs on the first. */
const nodeMajors = ["24", "22"] as const;

let work: string;
let consumerDir: string;
/** The environment of every npm command in the consumer project: Node 24 first on PATH. */
let env: NodeJS.ProcessEnv;
let newest: Record<string, string>;

/** Node `major` from the npm registry (scripts/node-from-npm.sh): its binary, and the environment with it first on PATH. */
function withNode(major: string): { node: string; env: NodeJS.ProcessEnv } {
    const bin = execFileSync(path.join(repoRoot, "scripts", "node-from-npm.sh"), [major], { encoding: "utf8" }).trim();
    return { node: path.join(bin, "node"), env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` } };
}

/** Runs npm in the consumer project on Node 24. */
function npm(args: string[]): string {
    return execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], {
        cwd: consumerDir,
        env,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        maxBuffer: 64 * 1024 * 1024,
    });
}

/** Seconds since `start`, to one decimal. */
const secondsSince = (start: number) => ((Date.now() - start) / 1000).toFixed(1);

beforeAll(() => {
    env = withNode(nodeMajors[0]).env;
    work = fs.mkdtempSync(path.join(os.tmpdir(), "vipswap-consumer-"));
    const tarball = packVipswap(work);

    consumerDir = path.join(work, "consumer");
    fs.mkdirSync(consumerDir);
    fs.writeFileSync(
        path.join(consumerDir, "package.json"),
        JSON.stringify({ name: "consumer", version: "1.0.0", private: true, license: "UNLICENSED" }, null, 2),
    );
    newest = Object.fromEntries(consumerSdks.map((sdk) => [sdk, npm(["view", sdk, "version"]).trim()]));
    const start = Date.now();
    // The consumer's own SDKs first, as in an existing project, then vipswap, which must reuse them. The registry
    // was just asked for the newest versions, so the installs may take everything else from npm's cache.
    npm(["install", "--prefer-offline", ...consumerSdks.map((sdk) => `${sdk}@${newest[sdk]}`), "@types/node@24"]);
    npm(["install", "--prefer-offline", tarball.file]);
    // A figure for the note, not an assertion: cold (empty npm cache) against warm.
    console.log(`consumer project installed in ${secondsSince(start)} s: ${JSON.stringify(newest)}`);
}, 30 * 60_000);

afterAll(() => {
    if (work) {
        fs.rmSync(work, { recursive: true, force: true });
    }
});

it("runs on Node 24", () => {
    expect(execFileSync("node", ["--version"], { env, encoding: "utf8" })).toMatch(/^v24\./);
    expect(execFileSync("npm", ["exec", "-c", "node --version"], { cwd: consumerDir, env, encoding: "utf8" })).toMatch(/^v24\./);
});

describe("npm ls in the consumer project", () => {
    it.each(consumerSdks)("shows one copy of %s, the newest that npm serves", (sdk) => {
        // `npm ls` exits non-zero on an invalid or missing peer, which fails the call.
        const copies = npm(["ls", sdk, "--all", "--parseable"]).trim().split("\n");
        expect(copies).toEqual([path.join(consumerDir, "node_modules", sdk)]);
        const installed = JSON.parse(fs.readFileSync(path.join(copies[0], "package.json"), "utf8")) as { version: string };
        expect(installed.version).toBe(newest[sdk]);
    });

    it("shows vipswap installed from the tarball with its peers satisfied", () => {
        const tree = JSON.parse(npm(["ls", "vipswap", "--json"])) as { dependencies: Record<string, { version: string }> };
        expect(tree.dependencies.vipswap.version).toBe(JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")).version);
    });
});

describe.each(moduleResolutions)("type-checking the consumer with moduleResolution %s", (resolution) => {
    const documented = documentedImportSources(documentedImports());

    it("accepts every documented import and the typed stack, and refuses a wrong colour and a missing export", () => {
        const diagnostics = typeCheckConsumer(consumerDir, { ...consumerStackSources, ...documented }, resolution);
        const { "wrongColour.ts": wrongColour, "missingExport.ts": missingExport, ...rest } = diagnostics;
        expect(rest).toEqual(Object.fromEntries(Object.keys(rest).map((file) => [file, []])));
        expect(Object.keys(rest)).toEqual(expect.arrayContaining(["index.ts", ...Object.keys(documented)]));
        expect(wrongColour.join("\n")).toMatch(/"purple"/);
        expect(missingExport).toEqual([expect.stringMatching(/has no exported member .*NoSuchThing/)]);
    });
});

describe.each(nodeMajors)("the newest SDK running vipswap on Node %s", (major) => {
    let registration: MockedRegistration;
    let fixture: EmulatorFixture;
    let runtime: { node: string; env: NodeJS.ProcessEnv };

    beforeAll(() => {
        runtime = withNode(major);
        const program = "test/consumer/fixtures/registerUnderMocks.ts";
        const build = compileForChildProcess(`mocked-program-node${major}`, [program], consumerDir);
        const outFile = path.join(work, `registration-node${major}.json`);
        execFileSync(runtime.node, [build.js(program), outFile], { cwd: consumerDir, env: runtime.env, stdio: ["ignore", "pipe", "pipe"] });
        registration = JSON.parse(fs.readFileSync(outFile, "utf8")) as MockedRegistration;
    }, 120_000);

    afterAll(() => fixture?.stop());

    it("has the component and the program share the project's one SDK copy, the newest", () => {
        expect(registration.node).toMatch(new RegExp(`^v${major}\\.`));
        expect(registration.sdkVersion).toBe(newest["@pulumi/pulumi"]);
        expect(registration.sdkOfVipswap).toBe(registration.sdkOfProgram);
        expect(registration.sdkOfProgram.startsWith(path.join(consumerDir, "node_modules", "@pulumi", "pulumi") + path.sep)).toBe(true);
    });

    it("registers the component and its children under that SDK's mocks", () => {
        const types = registration.resources.map((r) => r.type);
        const component = registration.resources.find((r) => r.type === "vipswap:azure:BlueGreenDeployment");
        expect(component?.name).toBe("shop");
        for (const [type, count] of Object.entries({
            "azure-native:network:PublicIPAddress": 2,
            "azure-native:network:LoadBalancer": 2,
            "azure-native:compute:VirtualMachineScaleSet": 2,
            "pulumi-nodejs:dynamic/vipswap:VipSwap": 1,
        })) {
            expect([type, types.filter((t) => t === type).length]).toEqual([type, count]);
        }
        // Every child hangs under the component, directly or through another child, and is named after it.
        const children = registration.resources.filter((r) => r !== component && r.type !== "pulumi:pulumi:Stack");
        const family = new Set([component!.urn, ...children.map((r) => r.urn)]);
        expect(children.filter((r) => !family.has(r.parent) || !r.name.startsWith("shop-"))).toEqual([]);
        expect(registration.productionUrl).toMatch(/^http:\/\/203\.0\.113\.\d+\/?$/);
    });

    it("serializes the VipSwap provider as a shell that loads the installed package's runtime", () => {
        expect(registration.provider).toContain("exports.handler");
        expect(registration.provider).toContain("node_modules/vipswap/dist/components/vipSwap/vipSwapRuntime.js");
    });

    it("swaps on the emulator with that provider in that SDK's dynamic-provider host", async () => {
        fixture = await startEmulatorFixture();
        const pair = await createBlueGreenPair(fixture.client, fixture.emulator);
        const host = await startProviderHost(
            registration.provider!,
            { PATH: runtime.env.PATH, AZURE_ACCESS_TOKEN: fixture.emulator.accessToken },
            { projectDir: consumerDir, node: runtime.node },
        );
        try {
            await host.configure({
                "azure-native:subscriptionId": fixture.emulator.subscriptionId,
                "vipswap:armEndpoint": fixture.emulator.endpoint,
                "vipswap:armCaCertFile": fixture.emulator.caCertFile,
            });
            const inputs = (activeColour: string) => ({ activeColour, ...pair.target, pollIntervalMs: 20 });
            const created = await host.create(inputs("blue"));
            expect(created.properties).toMatchObject({ liveColour: "blue", productionAddress: pair.productionIpAddress });

            const updated = await host.update(created.id, created.properties, inputs("green"));
            expect(updated.properties).toMatchObject({
                liveColour: "green",
                productionAddress: pair.productionIpAddress,
                stagingAddress: pair.stagingIpAddress,
            });
            const { resourceGroupName } = pair.target;
            const green = await fixture.client.loadBalancers.get(resourceGroupName, pair.target.greenLoadBalancerName);
            const blue = await fixture.client.loadBalancers.get(resourceGroupName, pair.target.blueLoadBalancerName);
            expect(green.frontendIPConfigurations![0].publicIPAddress!.id).toBe(pair.productionIpId);
            expect(blue.frontendIPConfigurations![0].publicIPAddress!.id).toBe(pair.stagingIpId);
            const addresses = [];
            for await (const address of fixture.client.publicIPAddresses.list(resourceGroupName)) addresses.push(address.name);
            expect(addresses).not.toContain(floatingIpName(pair.target));
            expect((await host.read(created.id, updated.properties)).properties).toMatchObject({ liveColour: "green" });
        } finally {
            await host.stop();
        }
    });
});
