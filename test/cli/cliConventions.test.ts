/**
 * The command line's conventions (issue 11, item 6), as a pipeline meets them, the compiled CLI in its own process
 * against the emulator: `--version`; a usage error is the error plus one line on `--help`, and JSON on stdout with
 * `--json`; `--target-json` takes the stack's `swapTarget` output from a file or stdin, through the same validation
 * as the flags; `swap --dry-run` prints the steps and writes nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { type CompiledBuild, compileForChildProcess, repoRoot } from "../helpers/compiledBuild";
import { type BlueGreenPair, createBlueGreenPair, type EmulatorFixture, startEmulatorFixture } from "../helpers/emulatorFixture";
import { reconcileSwap } from "../../components/swap/swapEngine";
import { armWritesOf, pairFlagsFor, runCli } from "./cliProcess";

let fixture: EmulatorFixture;
let build: CompiledBuild;
let pair: BlueGreenPair;
let dir: string;

const tokenEnv = () => ({ AZURE_ACCESS_TOKEN: fixture.emulator.accessToken });
/** Only the connection flags: the names come from --target-json. */
const connectionFlags = () => ["--subscription", fixture.emulator.subscriptionId, "--endpoint", fixture.emulator.endpoint, "--ca-cert", fixture.emulator.caCertFile];
const cli = (args: readonly string[], stdin?: string) => runCli(build, args, tokenEnv(), stdin);

beforeAll(async () => {
    build = compileForChildProcess("vipswap-cli-conventions", ["cli/vipswap.ts"]);
    fixture = await startEmulatorFixture();
    pair = await createBlueGreenPair(fixture.client, fixture.emulator);
    dir = mkdtempSync(path.join(tmpdir(), "vipswap-cli-"));
});
beforeEach(() => fixture.emulator.clearRequestLog());
afterAll(async () => {
    build?.remove();
    rmSync(dir, { recursive: true, force: true });
    await fixture?.stop();
});

test("--version prints the package's version", async () => {
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string };
    const result = await cli(["--version"]);
    expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
});

describe("usage errors", () => {
    it("print the error and one line about --help, not the help", async () => {
        const result = await cli(["swap", "--to", "purple", ...pairFlagsFor(fixture, pair)]);
        expect(result.code).toBe(2);
        expect(result.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(/'purple' is invalid/), "Run 'vipswap swap --help' for its flags."]);
        expect(result.stdout).toBe("");
    });

    it("an unknown command points at the root's --help", async () => {
        const result = await cli(["swpa"]);
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/unknown command 'swpa'[\s\S]*Run 'vipswap --help' for the commands\.\n$/);
    });

    it.each([
        ["a commander error (bad choice)", ["swap", "--to", "purple"], /'purple' is invalid/],
        ["a flag the command's own checks refuse", ["status", "--production-ip", "a/b"], /--production-ip: 'a\/b' is not a valid public IP address name/],
        ["a missing name", ["status"], /missing --resource-group/],
    ])("with --json, also print a JSON error on stdout: %s", async (_what, args, message) => {
        const flags = args.includes("--production-ip") ? pairFlagsFor(fixture, pair).filter((_f, i, all) => all[i] !== "--production-ip" && all[i - 1] !== "--production-ip") : args.length > 1 ? pairFlagsFor(fixture, pair) : [];
        const result = await cli([...args, ...flags, "--json"]);
        expect(result.code).toBe(2);
        const out = JSON.parse(result.stdout) as { ok: boolean; error: { code: string; message: string; wroteAnything: boolean } };
        expect(out).toMatchObject({ ok: false, error: { code: "UsageError", wroteAnything: false } });
        expect(out.error.message).toMatch(message);
        expect(result.stderr).toMatch(message);
        expect(armWritesOf(fixture)).toEqual([]);
    });
});

describe("--target-json", () => {
    const swapTarget = () => ({ ...pair.target });

    it("takes `pulumi stack output swapTarget --json` from a file", async () => {
        const file = path.join(dir, "target.json");
        writeFileSync(file, JSON.stringify(swapTarget(), null, 2));
        const result = await cli(["status", "--target-json", file, ...connectionFlags(), "--json"]);
        expect(result.code).toBe(0);
        expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, liveColour: "blue", productionIpAddress: pair.productionIpAddress });
    });

    it("takes it from stdin with '-', and every output of the stack (`pulumi stack output --json`) as well", async () => {
        const result = await cli(["swap", "--to", "blue", "--target-json", "-", ...connectionFlags()], JSON.stringify({ productionUrl: "http://x", swapTarget: swapTarget() }));
        expect(result.code).toBe(0);
        expect(result.stdout).toContain("blue was already live; nothing was changed.");
    });

    it("passes the object through to the same validation as the flags", async () => {
        const result = await cli(["status", "--target-json", "-", ...connectionFlags()], JSON.stringify({ ...swapTarget(), greenLoadBalancerName: pair.target.blueLoadBalancerName }));
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/--green-lb: the blue and green load balancers must be different/);
    });

    it.each([
        ["a name given twice", ["--blue-lb", "other-lb"], JSON.stringify({ resourceGroupName: "x", blueLoadBalancerName: "y" }), /--blue-lb and --target-json both name the resource; give each name once/],
        ["not JSON", [], "swapTarget: {", /--target-json: stdin is not JSON/],
        ["not an object", [], "[1, 2]", /--target-json: stdin holds an array, not an object/],
    ])("refuses %s, writing nothing", async (_what, extra, stdin, message) => {
        const result = await cli(["swap", "--to", "green", "--target-json", "-", ...extra, ...connectionFlags()], stdin);
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(message);
        expect(armWritesOf(fixture)).toEqual([]);
    });

    it("an unreadable file is a usage error naming it", async () => {
        const result = await cli(["status", "--target-json", path.join(dir, "missing.json"), ...connectionFlags()]);
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/--target-json: cannot read '.*missing\.json'/);
    });
});

describe("swap --dry-run", () => {
    it("prints the five steps from the state read now, and the request log holds no write", async () => {
        const result = await cli(["swap", "--to", "green", "--dry-run", ...pairFlagsFor(fixture, pair), "--json"]);
        expect(result.code).toBe(0);
        const out = JSON.parse(result.stdout) as { dryRun: boolean; steps: { description: string }[]; outcome: { kind: string } };
        expect(out.dryRun).toBe(true);
        expect(out.steps.map((s) => s.description)).toEqual(["create floating IP", "blue <- floating", "green <- production", "blue <- staging", "delete floating IP"]);
        expect(out.outcome).toEqual({ kind: "done" });
        const log = fixture.emulator.requestLog().filter((e) => !e.control);
        expect(log.length).toBeGreaterThan(0);
        expect(log.every((e) => e.method === "GET")).toBe(true);
    });

    it("the steps are the ones the swap then takes", async () => {
        const planned = await cli(["swap", "--to", "green", "--dry-run", ...pairFlagsFor(fixture, pair), "--json"]);
        const swapped = await cli(["swap", "--to", "green", ...pairFlagsFor(fixture, pair), "--json", "--poll-interval-ms", "20"]);
        expect(swapped.code).toBe(0);
        const descriptions = (json: string, key: "steps") => (JSON.parse(json) as Record<string, { description: string }[]>)[key].map((s) => s.description);
        expect(descriptions(planned.stdout, "steps")).toEqual((JSON.parse(swapped.stdout) as { report: { steps: { description: string }[] } }).report.steps.map((s) => s.description));
        const back = await cli(["swap", "--to", "blue", ...pairFlagsFor(fixture, pair), "--poll-interval-ms", "20"]);
        expect(back.code).toBe(0);
    });

    it("in text: numbered steps and nothing written", async () => {
        const result = await cli(["swap", "--to", "blue", "--dry-run", ...pairFlagsFor(fixture, pair)]);
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(/^dry run: nothing was written\./);
        expect(result.stdout).toContain("blue is already live; the swap would change nothing.");
        expect(armWritesOf(fixture)).toEqual([]);
    });
});

describe("a second swap while another owner's runs", () => {
    afterEach(() => {
        fixture.emulator.clearFaults();
        fixture.emulator.releaseOperations();
    });

    it("exits 1 with AnotherSwapInProgress naming who, when and towards what; --take-over then goes on", async () => {
        // Alice's swap to green, its second write (blue <- floating) held InProgress by the emulator.
        fixture.emulator.addFault({ pathPattern: `/(publicIPAddresses|loadBalancers)/${pair.target.productionIpName.replace(/-production-ip$/, "")}-`, skip: 1, action: { type: "hold" } });
        const abort = new AbortController();
        const alice = reconcileSwap(fixture.connection, pair.target, "green", { pollIntervalMs: 10, owner: "alice@host-a", abortSignal: abort.signal });
        alice.catch(() => undefined);
        const giveUp = Date.now() + 10_000;
        while (!fixture.emulator.operations().some((o) => o.held) && Date.now() < giveUp) await new Promise((resolve) => setTimeout(resolve, 5));
        const writes = armWritesOf(fixture).length;

        const bob = await cli(["swap", "--to", "blue", ...pairFlagsFor(fixture, pair), "--owner", "bob@host-b", "--json"]);
        expect(bob.code).toBe(1);
        expect(JSON.parse(bob.stdout)).toMatchObject({ ok: false, error: { code: "AnotherSwapInProgress", wroteAnything: false, otherSwap: { owner: "alice@host-a", towards: "green" } } });
        expect(bob.stderr).toMatch(/a swap towards green by alice@host-a, started .*--take-over/s);
        expect(armWritesOf(fixture)).toHaveLength(writes);

        abort.abort(); // alice's process died; its write still runs in Azure
        await alice.catch(() => undefined);
        const takeOver = cli(["swap", "--to", "blue", ...pairFlagsFor(fixture, pair), "--owner", "bob@host-b", "--take-over", "--poll-interval-ms", "20"]);
        const gets = () => fixture.emulator.requestLog().filter((e) => !e.control && e.method === "GET").length;
        const before = gets();
        while (gets() < before + 10 && Date.now() < giveUp + 20_000) await new Promise((resolve) => setTimeout(resolve, 5));
        fixture.emulator.releaseOperations();
        const result = await takeOver;
        expect(result.code).toBe(0);
        expect(result.stdout).toContain("blue is live");
    });
});
