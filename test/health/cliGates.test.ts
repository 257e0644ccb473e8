/**
 * The health gates in `vipswap swap`, as a pipeline runs it: the compiled binary in its own process against the
 * emulator. A refusal exits 1 with nothing written, a failed verification exits 1 after the rollback and says so,
 * `--force` swaps anyway and says so loudly, a bad gate flag is bad usage (exit 2) with nothing written.
 */
import { execFile } from "node:child_process";
import { type BlueGreenPair, createBlueGreenPair, type EmulatorFixture, startEmulatorFixture } from "../helpers/emulatorFixture";
import { type CompiledBuild, compileForChildProcess, repoRoot } from "../helpers/compiledBuild";
import { azureState, dataPlaneUrl, ruleHealthRequestsIn, setBackends, writesIn } from "./gateHarness";

let fixture: EmulatorFixture;
let build: CompiledBuild;
let pair: BlueGreenPair;
let original: Awaited<ReturnType<typeof azureState>>;

interface CliResult {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

function vipswapSwap(to: string, args: readonly string[]): Promise<CliResult> {
    const t = pair.target;
    const all = [
        build.js("cli/vipswap.ts"), "swap", "--to", to,
        "--resource-group", t.resourceGroupName, "--blue-lb", t.blueLoadBalancerName, "--green-lb", t.greenLoadBalancerName,
        "--production-ip", t.productionIpName, "--staging-ip", t.stagingIpName, "--frontend", t.frontendName,
        "--subscription", fixture.emulator.subscriptionId, "--endpoint", fixture.emulator.endpoint, "--ca-cert", fixture.emulator.caCertFile,
        "--poll-interval-ms", "20",
        ...args,
    ];
    return new Promise((resolve) => {
        execFile(
            process.execPath,
            all,
            { cwd: repoRoot, env: { PATH: process.env.PATH ?? "", AZURE_ACCESS_TOKEN: fixture.emulator.accessToken }, timeout: 60_000 },
            (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
        );
    });
}

beforeAll(async () => {
    build = compileForChildProcess("vipswap-cli-gates", ["cli/vipswap.ts"]);
    fixture = await startEmulatorFixture({ throttling: false });
});
afterAll(async () => {
    build?.remove();
    await fixture?.stop();
});
beforeEach(async () => {
    fixture.emulator.reset();
    pair = await createBlueGreenPair(fixture.client, fixture.emulator); // blue v1 live, green v2, all healthy
    original = await azureState(fixture.client, pair);
    fixture.emulator.clearRequestLog();
});

describe("vipswap swap with health gates", () => {
    test("a healthy green passes the rule health, the smoke test and the verification", async () => {
        const result = await vipswapSwap("green", [
            "--smoke-url", dataPlaneUrl(fixture.emulator, pair.stagingIpId, "/health"), "--smoke-body", '"colour":"green"',
            "--verify-url", dataPlaneUrl(fixture.emulator, pair.productionIpId, "/version"), "--verify-body", '"version":"v2"', "--json",
        ]);
        expect(result.code).toBe(0);
        expect(JSON.parse(result.stdout)).toMatchObject({
            ok: true,
            report: { to: "green" },
            healthGate: {
                preSwapGate: { skipped: false, loadBalancer: { healthy: true }, smokeTest: { passed: true } },
                verification: { passed: true },
            },
        });
        expect(result.stderr).toContain("health gate: green passed");
        expect(result.stderr).toContain("verification: green answers on the production address");
        expect(ruleHealthRequestsIn(fixture.emulator.requestLog()).length).toBeGreaterThan(0);
        expect((await azureState(fixture.client, pair)).green).toBe("production");
    });

    test("an unhealthy green is refused: exit 1, the findings on stderr, nothing written", async () => {
        setBackends(fixture.emulator, pair, "green", 2, 0, "v2");
        const result = await vipswapSwap("green", ["--json"]);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain("The swap to green was refused by the pre-swap health gate; nothing was changed.");
        expect(result.stderr).toMatch(/rule http on app-green-lb: 0 up, 2 down; needs at least 2 up/);
        expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code: "HealthGateRefused", wroteAnything: false } });
        expect(writesIn(fixture.emulator.requestLog())).toEqual([]);
        expect(await azureState(fixture.client, pair)).toEqual(original);
    });

    test("--force swaps onto the unhealthy colour and says so loudly", async () => {
        setBackends(fixture.emulator, pair, "green", 2, 0, "v2");
        const result = await vipswapSwap("green", ["--force"]);
        expect(result.code).toBe(0);
        expect(result.stderr).toContain("!!! HEALTH GATE SKIPPED (force): swapping production to green");
        expect(ruleHealthRequestsIn(fixture.emulator.requestLog())).toEqual([]);
        expect((await azureState(fixture.client, pair)).green).toBe("production");
    });

    test("a failed verification rolls back: exit 1, production restored to blue, both addresses intact", async () => {
        const result = await vipswapSwap("green", [
            "--verify-url", dataPlaneUrl(fixture.emulator, pair.productionIpId, "/version"), "--verify-body", '"version":"v3"',
            "--verify-deadline", "300", "--verify-interval", "20", "--json",
        ]);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain("Rolled back: production was restored to the old colour blue.");
        expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code: "PostSwapVerificationFailed", rollback: "restored", oldColour: "blue" } });
        expect(await azureState(fixture.client, pair)).toEqual(original);
    });

    test("a bad gate flag is bad usage (exit 2) and nothing is read or written", async () => {
        const result = await vipswapSwap("green", ["--smoke-url", "http://10.0.0.1/", "--smoke-retries", "lots"]);
        expect(result.code).toBe(2);
        expect(result.stderr).toContain('healthGate.smokeTest.retries must be a whole number from 0 to 100; got "lots"');
        expect(fixture.emulator.requestLog().filter((e) => !e.control)).toEqual([]);
    });
});
