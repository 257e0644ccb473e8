/**
 * The shipped role is minimal: for each action in roles/vipswap-swap-operator.json (read from the file), a token
 * with the role minus only that action makes the command that needs it fail, run as a pipeline runs it (the
 * compiled CLI in its own process): exit 1, the missing action named, the state left behind reported, the emulator's
 * log showing that very action denied, and no address lost. The permission check (`status --check-permissions`)
 * names it before any swap.
 */
import { execFile } from "node:child_process";
import { MissingPermissionsError, PermissionCheckError, requireSwapPermissions } from "../../cli/permissionReport";
import { type CompiledBuild, compileForChildProcess, repoRoot } from "../helpers/compiledBuild";
import { type BlueGreenPair, type EmulatorFixture, startEmulatorFixture } from "../helpers/emulatorFixture";
import { addressesOf, pairedTopology, readShippedRole, restrictedIdentity } from "./roleHarness";

let fixture: EmulatorFixture;
let build: CompiledBuild;
let pair: BlueGreenPair;

interface CliResult {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

function vipswap(token: string, command: "swap" | "status", args: readonly string[], json = true): Promise<CliResult> {
    const t = pair.target;
    const all = [
        build.js("cli/vipswap.ts"), command,
        "--resource-group", t.resourceGroupName, "--blue-lb", t.blueLoadBalancerName, "--green-lb", t.greenLoadBalancerName,
        "--production-ip", t.productionIpName, "--staging-ip", t.stagingIpName, "--frontend", t.frontendName,
        "--subscription", fixture.emulator.subscriptionId, "--endpoint", fixture.emulator.endpoint, "--ca-cert", fixture.emulator.caCertFile,
        ...(json ? ["--json"] : []),
        ...args,
    ];
    return new Promise((resolve) => {
        execFile(
            process.execPath,
            all,
            { cwd: repoRoot, env: { PATH: process.env.PATH ?? "", AZURE_ACCESS_TOKEN: token }, timeout: 60_000 },
            (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
        );
    });
}

const swapToGreen = ["--to", "green", "--poll-interval-ms", "20"];

/**
 * The command that needs each action, and how to make it need it. Keyed by action; the test below fails if the
 * role holds an action without a case here (it would not be proven needed) or a case names an action not in it.
 */
const cases: Record<string, { readonly command: "swap" | "status"; readonly args: readonly string[]; readonly prepare?: () => void; readonly why: string }> = {
    "Microsoft.Network/loadBalancers/read": { command: "status", args: [], why: "status reads both load balancers" },
    "Microsoft.Network/publicIPAddresses/read": { command: "status", args: [], why: "status reads the addresses" },
    "Microsoft.Authorization/permissions/read": { command: "status", args: ["--check-permissions"], why: "the permission check lists permissions" },
    "Microsoft.Network/loadBalancers/loadBalancingRules/health/action": { command: "swap", args: swapToGreen, why: "the default pre-swap gate reads rule health" },
    "Microsoft.Network/locations/operationResults/read": { command: "swap", args: swapToGreen, why: "the rule-health operation is followed through Location" },
    "Microsoft.Network/publicIPAddresses/write": { command: "swap", args: swapToGreen, why: "the swap creates the floating IP" },
    "Microsoft.Network/loadBalancers/write": { command: "swap", args: swapToGreen, why: "the swap re-points blue's frontend" },
    "Microsoft.Network/publicIPAddresses/join/action": { command: "swap", args: swapToGreen, why: "that write references the floating IP" },
    "Microsoft.Network/publicIPAddresses/delete": { command: "swap", args: swapToGreen, why: "the swap deletes the floating IP at the end" },
    "Microsoft.Network/locations/operations/read": {
        command: "swap",
        args: swapToGreen,
        // A load balancer update that fails as an operation: the swap asks Azure-AsyncOperation why.
        prepare: () =>
            fixture.emulator.addFault({ method: "PUT", pathPattern: "/loadBalancers/", count: 1, action: { type: "operationFailed", code: "InternalServerError", message: "Injected failure." } }),
        why: "the swap reads why a write failed",
    },
};

beforeAll(async () => {
    build = compileForChildProcess("vipswap-role-minimal", ["cli/vipswap.ts"]);
    fixture = await startEmulatorFixture({ throttling: false });
});
afterAll(async () => {
    build?.remove();
    await fixture?.stop();
});
beforeEach(async () => {
    fixture.emulator.reset();
    pair = await pairedTopology.build(fixture);
});

test("every action in the role has a case that proves it needed, and every case is an action of the role", () => {
    expect(Object.keys(cases).sort()).toEqual([...readShippedRole().Actions].sort());
});

describe.each(readShippedRole().Actions.map((action) => [action]))("without %s", (action) => {
    test("the command that needs it exits 1 naming it, with the state left behind, and no address lost", async () => {
        const scenario = cases[action];
        if (!scenario) throw new Error(`no case proves that ${action} is needed; add one to 'cases'`);
        const addresses = await addressesOf(fixture.client, pair);
        const { identity } = restrictedIdentity(fixture.emulator, action);
        scenario.prepare?.();
        fixture.emulator.clearRequestLog();

        const result = await vipswap(identity.accessToken, scenario.command, scenario.args);

        expect(result.code).toBe(1);
        expect(result.stderr).toContain(action);
        const output = JSON.parse(result.stdout) as { ok: boolean; error: Record<string, unknown> };
        expect(output.ok).toBe(false);
        expect(JSON.stringify(output.error)).toContain(action);
        // Either the state left behind (a swap that wrote) or the proof that nothing was written.
        if (output.error.wroteAnything !== false) expect(output.error.stateLeftBehind).toEqual(expect.any(String));
        // The emulator refused exactly that action (the permission check's refusal is its own list request).
        expect(fixture.emulator.requestLog().filter((e) => e.deniedAction !== undefined).map((e) => e.deniedAction)).toContain(action);
        expect(fixture.emulator.requestLog().every((e) => e.deniedAction === undefined || e.deniedAction === action)).toBe(true);
        // No address lost or changed (a floating IP the failed swap created may remain; a rerun removes it).
        const after = await addressesOf(fixture.client, pair);
        expect({ production: after.production, staging: after.staging }).toEqual({ production: addresses.production, staging: addresses.staging });
        expect(await pairedTopology.productionOn(fixture.client, pair)).not.toBe("none");
    });

    test("the permission check names it before any swap, and writes nothing", async () => {
        const { connection } = restrictedIdentity(fixture.emulator, action);
        fixture.emulator.clearRequestLog();
        const failure = await requireSwapPermissions(connection, pair.target.resourceGroupName).catch((err: unknown) => err);
        expect(failure).toBeInstanceOf(PermissionCheckError);
        if (action === "Microsoft.Authorization/permissions/read") {
            // Without it nothing can be listed: the refusal itself names the action.
            expect(failure).toMatchObject({ code: "AuthorizationFailed", message: expect.stringContaining(action) });
        } else {
            expect(failure).toBeInstanceOf(MissingPermissionsError);
            expect((failure as MissingPermissionsError).check.missing).toEqual([action]);
            expect((failure as Error).message).toContain(action);
        }
        expect(fixture.emulator.requestLog().filter((e) => !e.control && e.method !== "GET")).toEqual([]);
    });
});

test("vipswap status --check-permissions prints each missing action and what needs it, exits 1, and swaps nothing", async () => {
    const role = readShippedRole();
    const identity = fixture.emulator.issueIdentity({
        permissions: { actions: role.Actions.filter((a) => !/\/(write|delete)$/.test(a)) },
    });
    const result = await vipswap(identity.accessToken, "status", ["--check-permissions"], false);
    expect(result.code).toBe(1);
    for (const action of role.Actions.filter((a) => /\/(write|delete)$/.test(a))) expect(result.stderr).toContain(action);
    expect(result.stderr).toContain("the swap creates its temporary floating address");
    expect(result.stderr).toContain("roles/vipswap-swap-operator.json");
    expect(result.stderr).not.toContain(identity.accessToken);

    const allowed = await vipswap(restrictedIdentity(fixture.emulator).identity.accessToken, "status", ["--check-permissions"], false);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain(`permissions: all ${role.Actions.length} actions a swap needs are granted`);
    expect(allowed.stdout).toContain("blue is live.");
});
