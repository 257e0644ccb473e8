/**
 * `vipswap swap` and `vipswap status`, as a pipeline runs them: the compiled binary in its own process, against the
 * emulator over HTTPS (its CA trusted with --ca-cert). Checks exit codes (0 done, 1 failure, 2 bad usage, 130/143 a
 * signal), the
 * `--json` shapes, that bad usage writes nothing to Azure, and that the token is never printed.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { floatingIpName } from "../../components/swap/swapTarget";
import { type BlueGreenPair, createBlueGreenPair, type EmulatorFixture, startEmulatorFixture } from "../helpers/emulatorFixture";
import { type CompiledBuild, compileForChildProcess, repoRoot } from "../helpers/compiledBuild";
import { waitUntil } from "../helpers/waitUntil";
import { armWritesOf, type CliResult, pairFlagsFor, runCli } from "./cliProcess";

let fixture: EmulatorFixture;
let build: CompiledBuild;
let pair: BlueGreenPair;

/** Runs the compiled CLI with only the environment given (plus PATH), and collects what it printed. */
const vipswap = (args: readonly string[], env: Record<string, string> = {}) => runCli(build, args, env);
/** The flags that name the emulator's pair and reach the emulator. */
const pairFlags = () => pairFlagsFor(fixture, pair);
const tokenEnv = () => ({ AZURE_ACCESS_TOKEN: fixture.emulator.accessToken });
const armWrites = () => armWritesOf(fixture);

function expectNoToken(result: CliResult): void {
    expect(result.stdout).not.toContain(fixture.emulator.accessToken);
    expect(result.stderr).not.toContain(fixture.emulator.accessToken);
}

beforeAll(async () => {
    build = compileForChildProcess("vipswap-cli", ["cli/vipswap.ts"]);
    fixture = await startEmulatorFixture();
    pair = await createBlueGreenPair(fixture.client, fixture.emulator); // its frontend has the CLI's default name
});

afterAll(async () => {
    build?.remove();
    await fixture?.stop();
});

describe("vipswap status", () => {
    it("prints the live colour and both addresses", async () => {
        const result = await vipswap(["status", ...pairFlags()], tokenEnv());
        expect(result.code).toBe(0);
        expect(result.stdout).toContain("blue is live.");
        expect(result.stdout).toContain(`production ${pair.productionIpAddress}: on blue`);
        expect(result.stdout).toContain("customers served: yes (blue serves production: 2 of 2 backends up on rule http)");
        expect(result.stdout).toContain("a swap --to blue would: done");
        expectNoToken(result);
    });

    it("--json prints the inspection", async () => {
        const result = await vipswap(["status", ...pairFlags(), "--json"], tokenEnv());
        expect(result.code).toBe(0);
        expect(JSON.parse(result.stdout)).toEqual({
            ok: true,
            topology: "paired",
            liveColour: "blue",
            description: expect.stringContaining("blue -> production, green -> staging"),
            nextStepTowards: { blue: "done", green: "create floating IP" },
            productionIpAddress: pair.productionIpAddress,
            stagingIpAddress: pair.stagingIpAddress,
            productionOn: "blue",
            stagingOn: "green",
            floatingIpExists: false,
            customersServed: true,
            serving: "blue serves production: 2 of 2 backends up on rule http",
        });
    });
});

describe("vipswap swap", () => {
    it("swaps to green, with progress on stderr and the report as JSON on stdout", async () => {
        const result = await vipswap(["swap", "--to", "green", ...pairFlags(), "--json", "--poll-interval-ms", "20"], tokenEnv());
        expect(result.code).toBe(0);
        const out = JSON.parse(result.stdout);
        expect(out).toMatchObject({
            ok: true,
            report: {
                from: "blue",
                to: "green",
                alreadyLive: false,
                productionIpAddress: pair.productionIpAddress,
                stagingIpAddress: pair.stagingIpAddress,
            },
        });
        expect(out.report.steps).toHaveLength(5);
        expect(typeof out.report.productionUnattachedMs).toBe("number");
        expect(result.stderr).toMatch(/green <- production/);
        expectNoToken(result);
        const green = await fixture.client.loadBalancers.get(pair.target.resourceGroupName, pair.target.greenLoadBalancerName);
        expect(green.frontendIPConfigurations![0].publicIPAddress!.id).toBe(pair.productionIpId);
    });

    it("is a no-op when the colour is already live, and takes the token from --access-token", async () => {
        fixture.emulator.clearRequestLog();
        const result = await vipswap(["swap", "--to", "green", ...pairFlags(), "--access-token", fixture.emulator.accessToken]);
        expect(result.code).toBe(0);
        expect(result.stdout).toContain("green was already live; nothing was changed.");
        expect(armWrites()).toEqual([]);
        expectNoToken(result);
    });

    it("exits 1 with the Azure code and the state left behind; status then shows the half-done swap; a rerun heals it", async () => {
        expect((await vipswap(["swap", "--to", "green", ...pairFlags(), "--poll-interval-ms", "20"], tokenEnv())).code).toBe(0);
        fixture.emulator.addFault({
            method: "PUT",
            pathPattern: `/loadBalancers/${pair.target.blueLoadBalancerName}$`,
            action: { type: "error", status: 403, code: "LinkedAuthorizationFailed", message: "no join permission on the address" },
        });
        const failed = await vipswap(["swap", "--to", "blue", ...pairFlags(), "--json", "--poll-interval-ms", "20"], tokenEnv());
        fixture.emulator.clearFaults();
        expect(failed.code).toBe(1);
        expect(failed.stderr).toMatch(/LinkedAuthorizationFailed \(HTTP 403\)/);
        expect(failed.stderr).toMatch(/state left behind: .*floating IP present/);
        expect(JSON.parse(failed.stdout)).toMatchObject({ ok: false, error: { code: "LinkedAuthorizationFailed", statusCode: 403, wroteAnything: true } });
        expectNoToken(failed);

        const status = await vipswap(["status", ...pairFlags()], tokenEnv());
        expect(status.code).toBe(0);
        // Write 3 (blue <- production) was refused: production is on neither load balancer, and status says so.
        expect(status.stdout).toContain("A swap is half done (or was made by hand): production is on neither load balancer, staging on blue; CUSTOMERS ARE NOT BEING SERVED.");
        expect(status.stdout).toContain(`production ${pair.productionIpAddress}: on neither load balancer`);
        expect(status.stdout).toMatch(/floating IP: present, on green's load balancer; created by a swap towards blue by /);
        expect(status.stdout).toContain("customers served: NO (production is attached to neither load balancer");
        expect(status.stdout).toContain("a swap --to blue would: blue <- production");
        expect(status.stdout).toContain("a swap --to green would: green <- production");

        const rerun = await vipswap(["swap", "--to", "blue", ...pairFlags(), "--poll-interval-ms", "20"], tokenEnv());
        expect(rerun.code).toBe(0);
        expect(rerun.stdout).toContain("blue is live");
        const ips = [];
        for await (const ip of fixture.client.publicIPAddresses.list(pair.target.resourceGroupName)) ips.push(ip);
        expect(ips.map((ip) => ip.name)).not.toContain(floatingIpName(pair.target));
        expect(ips.find((ip) => ip.name === pair.target.productionIpName)!.ipAddress).toBe(pair.productionIpAddress);
    });

    it("status --json prints a failure as JSON on stdout too, with the Azure code and status", async () => {
        const result = await vipswap(["status", ...pairFlags(), "--json", "--access-token", "not-the-emulator-token"]);
        expect(result.code).toBe(1);
        expect(JSON.parse(result.stdout)).toMatchObject({
            ok: false,
            error: { code: "InvalidAuthenticationToken", statusCode: 401, wroteAnything: false, stateLeftBehind: "unchanged" },
        });
        expect(result.stdout + result.stderr).not.toContain("not-the-emulator-token");
    });

    it.each(["SIGINT", "SIGTERM"] as const)(
        "%s (Ctrl-C, a cancelled CI job) stops the swap between requests: exit 128 + the signal, the state left behind, and a rerun heals",
        async (signal) => {
            // The floating IP's creation stays InProgress, so the swap is waiting on Azure when the signal comes.
            fixture.emulator.addFault({ method: "PUT", pathPattern: "/publicIPAddresses/", action: { type: "hold" } });
            const child = execFile(process.execPath, [build.js("cli/vipswap.ts"), "swap", "--to", "green", ...pairFlags(), "--json", "--poll-interval-ms", "20"], {
                cwd: repoRoot,
                env: { PATH: process.env.PATH ?? "", ...tokenEnv() },
            });
            let stdout = "";
            let stderr = "";
            child.stdout!.on("data", (chunk) => (stdout += chunk));
            child.stderr!.on("data", (chunk) => (stderr += chunk));
            const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
            await waitUntil("the swap has sent its first write", () => /step 1 started/.test(stderr));
            child.kill(signal);
            const code = await exited;
            fixture.emulator.clearFaults();
            fixture.emulator.releaseOperations();
            expect(code).toBe(signal === "SIGINT" ? 130 : 143);
            expect(stderr).toMatch(/was aborted\. State left behind: /);
            expect(stderr).toContain(`stopped by ${signal}; run the same swap again`);
            expect(JSON.parse(stdout)).toMatchObject({ ok: false, error: { code: "Aborted" } });
            const rerun = await vipswap(["swap", "--to", "blue", ...pairFlags(), "--poll-interval-ms", "20"], tokenEnv());
            expect(rerun.code).toBe(0);
            const ips = [];
            for await (const ip of fixture.client.publicIPAddresses.list(pair.target.resourceGroupName)) ips.push(ip.name);
            expect(ips).not.toContain(floatingIpName(pair.target));
        },
    );

    it("exits 1 when Azure refuses the token, without printing it", async () => {
        const result = await vipswap(["status", ...pairFlags(), "--access-token", "not-the-emulator-token"]);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/failed while reading the load balancers: InvalidAuthenticationToken \(HTTP 401\)/);
        expect(result.stderr).not.toContain("not-the-emulator-token");
        expect(result.stdout).not.toContain("not-the-emulator-token");
    });
});

describe("bad usage exits 2, names the problem and writes nothing", () => {
    const without = (flag: string) => {
        const flags = pairFlags();
        const i = flags.indexOf(flag);
        flags.splice(i, 2);
        return flags;
    };
    const cases: [string, () => string[], Record<string, string>, RegExp][] = [
        ["an unknown colour", () => ["swap", "--to", "purple", ...pairFlags()], {}, /'purple' is invalid.*blue, green/s],
        ["no --to", () => ["swap", ...pairFlags()], {}, /--to <colour>/],
        ["a missing --blue-lb", () => ["swap", "--to", "green", ...without("--blue-lb")], {}, /missing --blue-lb: name the pair with these flags, or .*--target-json/],
        ["an unreadable CA file", () => ["status", ...without("--ca-cert"), "--ca-cert", path.join(repoRoot, "no-such-ca.pem")], {}, /Cannot read the CA certificate file/],
        ["no subscription", () => ["status", ...without("--subscription")], {}, /ARM_SUBSCRIPTION_ID.*--subscription/s],
        ["the same load balancer twice", () => ["status", ...without("--green-lb"), "--green-lb", pair.target.blueLoadBalancerName], {}, /--green-lb: the blue and green load balancers must be different/],
        ["a bad resource name", () => ["status", ...without("--production-ip"), "--production-ip", "a/b"], {}, /--production-ip: 'a\/b' is not a valid public IP address name/],
        ["a bad poll interval", () => ["swap", "--to", "blue", ...pairFlags(), "--poll-interval-ms", "fast"], {}, /--poll-interval-ms: must be a whole number/],
        ["a plain-HTTP endpoint", () => ["status", ...without("--endpoint"), "--endpoint", "http://127.0.0.1:1"], {}, /not an https:\/\/ URL/],
    ];
    it.each(cases)("%s", async (_what, args, env, message) => {
        fixture.emulator.clearRequestLog();
        const result = await vipswap(args(), { ...tokenEnv(), ...env });
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(message);
        // The error and one line on where the flags are, not the whole help.
        expect(result.stderr).toMatch(/Run 'vipswap (swap|status) --help' for its flags\.\n$/);
        expect(result.stderr).not.toContain("Options:");
        expect(result.stdout).toBe("");
        expect(armWrites()).toEqual([]);
        expectNoToken(result);
    });
});
