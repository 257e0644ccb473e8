/**
 * `vipswap swap --topology shared` and `vipswap status` on a shared load balancer, as a pipeline runs them: the
 * compiled binary against the emulator over HTTPS. The flags' defaults are the names the component creates.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createSharedPair, type SharedPair } from "../../emulator/sharedLoadBalancerScenario";
import { type CompiledBuild, compileForChildProcess } from "../helpers/compiledBuild";
import { type EmulatorFixture, startEmulatorFixture } from "../helpers/emulatorFixture";
import { armWritesOf, reachFlagsFor, runCli } from "./cliProcess";

let fixture: EmulatorFixture;
let build: CompiledBuild;
let pair: SharedPair;

const vipswap = (args: readonly string[]) => runCli(build, args, { AZURE_ACCESS_TOKEN: fixture.emulator.accessToken });
const reach = () => reachFlagsFor(fixture);
// Only --lb: the other shared names are left to the flags' defaults, which are the names the component creates.
const sharedFlags = () => ["--topology", "shared", "--resource-group", pair.target.resourceGroupName, "--lb", pair.target.loadBalancerName, ...reach()];
const armWrites = () => armWritesOf(fixture);

beforeAll(async () => {
    build = compileForChildProcess("vipswap-cli-shared", ["cli/vipswap.ts"]);
    fixture = await startEmulatorFixture();
    pair = await createSharedPair(fixture.client, fixture.emulator);
});
afterAll(async () => {
    build?.remove();
    await fixture?.stop();
});

describe("vipswap with --topology shared", () => {
    it("status prints the topology, the live colour, both addresses and what a swap would do", async () => {
        const result = await vipswap(["status", ...sharedFlags(), "--json"]);
        expect(result.code).toBe(0);
        expect(JSON.parse(result.stdout)).toEqual({
            ok: true,
            topology: "shared",
            liveColour: "blue",
            description: "production -> blue pool, staging -> green pool",
            nextStepTowards: { blue: "done", green: "production -> green pool, staging -> blue pool" },
            productionIpAddress: pair.productionIpAddress,
            stagingIpAddress: pair.stagingIpAddress,
            productionOn: "blue",
            stagingOn: "green",
            floatingIpExists: false,
            customersServed: true,
            serving: expect.stringMatching(/^blue serves production: \d+ of \d+ backends up on rule /),
        });
    });

    it("swap --to green switches the pools in one write, and status then says green", async () => {
        fixture.emulator.clearRequestLog();
        const result = await vipswap(["swap", "--to", "green", ...sharedFlags(), "--poll-interval-ms", "20"]);
        expect(result.code).toBe(0);
        expect(result.stdout).toContain("green is live (was blue).");
        expect(result.stdout).toContain("method: pool switch on one shared load balancer");
        // The health gate asks for the staging rule's health (a POST), then the one PUT.
        expect(armWrites().map((e) => `${e.method} ${e.path.split("/").slice(-2).join("/")}`)).toEqual(["POST http-staging/health", "PUT loadBalancers/app-lb"]);
        const status = await vipswap(["status", ...sharedFlags()]);
        expect(status.stdout).toContain("green is live.");
        expect(status.stdout).toContain("topology: shared");
    });

    it("status and swap --dry-run take the shared pair from --target-json: its kind picks the topology", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "vipswap-shared-target-"));
        try {
            const file = path.join(dir, "target.json");
            writeFileSync(file, JSON.stringify({ swapTarget: pair.target }));
            const status = await vipswap(["status", "--target-json", file, ...reach(), "--json"]);
            expect(status.code).toBe(0);
            const live = JSON.parse(status.stdout).liveColour as string;
            expect(JSON.parse(status.stdout)).toMatchObject({ ok: true, topology: "shared", productionIpAddress: pair.productionIpAddress, floatingIpExists: false });
            fixture.emulator.clearRequestLog();
            const other = live === "blue" ? "green" : "blue";
            const dryRun = await vipswap(["swap", "--to", other, "--dry-run", "--target-json", file, ...reach(), "--json"]);
            expect(dryRun.code).toBe(0);
            expect(JSON.parse(dryRun.stdout)).toMatchObject({
                ok: true,
                dryRun: true,
                to: other,
                steps: [{ step: { kind: "switchPools", production: other, staging: live }, description: `production -> ${other} pool, staging -> ${live} pool` }],
                outcome: { kind: "done" },
            });
            expect(armWrites()).toEqual([]);
            // A name flag beside the file is a conflict, and so is the other topology.
            const twice = await vipswap(["status", "--target-json", file, "--lb", "other-lb", ...reach()]);
            expect(twice.code).toBe(2);
            expect(twice.stderr).toMatch(/--lb and --target-json both name the resource; give each name once/);
            const paired = await vipswap(["status", "--target-json", file, "--topology", "paired", ...reach()]);
            expect(paired.code).toBe(2);
            expect(paired.stderr).toMatch(/--topology paired and --target-json \(kind sharedLoadBalancer, a shared pair\) disagree/);
            expect(armWrites()).toEqual([]);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it.each([
        ["no --lb", () => ["swap", "--to", "green", "--topology", "shared", "--resource-group", "rg", ...reach()], /missing --lb: name the pair with these flags, or .*--target-json/],
        ["a paired flag with --topology shared", () => ["status", ...sharedFlags(), "--blue-lb", "x"], /--blue-lb: this names a paired pair, but --topology is shared; drop it or pass --topology paired/],
        ["a shared flag without --topology shared", () => ["status", "--resource-group", "rg", "--lb", "x", ...reach()], /--lb: this names a shared pair, but --topology is paired/],
        ["one pool for both colours", () => ["status", ...sharedFlags(), "--green-pool", "blue"], /--green-pool: the blue and green pools must be different resources/],
        ["an unknown topology", () => ["status", "--topology", "mesh", "--resource-group", "rg", ...reach()], /'mesh' is invalid.*paired, shared/s],
    ] as [string, () => string[], RegExp][])("bad usage exits 2 and writes nothing: %s", async (_what, args, message) => {
        fixture.emulator.clearRequestLog();
        const result = await vipswap(args());
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(message);
        expect(armWrites()).toEqual([]);
    });
});
