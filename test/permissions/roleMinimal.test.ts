/**
 * The shipped role is minimal, per topology: for each action that a topology needs (components/swap/neededActions.ts,
 * of roles/vipswap-swap-operator.json read from the file), a token with the role minus only that action makes the
 * command that needs it fail, run as a pipeline runs it (the compiled CLI in its own process): exit 1, the missing
 * action named, the state left behind reported, the emulator's log showing that very action denied, and no address
 * or pool lost. The permission check (`status --check-permissions`) names it before any swap. The actions a topology
 * does not need are shown unneeded: without them its swaps, status and permission check all pass.
 */
import { MissingPermissionsError, PermissionCheckError, requireSwapPermissions } from "../../cli/permissionReport";
import { neededActions } from "../../components/swap/neededActions";
import { type CliResult, reachFlagsFor, runCli, targetFlagsOf } from "../cli/cliProcess";
import { type CompiledBuild, compileForChildProcess } from "../helpers/compiledBuild";
import { type EmulatorFixture, startEmulatorFixture } from "../helpers/emulatorFixture";
import { addressesOf, pairedTopology, readShippedRole, restrictedIdentity, type RolePair, sharedTopology, type Topology, topologies } from "./roleHarness";

let fixture: EmulatorFixture;
let build: CompiledBuild;

function vipswap(pair: RolePair, token: string, command: "swap" | "status", args: readonly string[], json = true): Promise<CliResult> {
    return runCli(build, [command, ...targetFlagsOf(pair.target), ...reachFlagsFor(fixture), ...(json ? ["--json"] : []), ...args], { AZURE_ACCESS_TOKEN: token });
}

const swapToGreen = ["--to", "green", "--poll-interval-ms", "20"];
const addressCreateAndDelete = ["Microsoft.Network/publicIPAddresses/write", "Microsoft.Network/publicIPAddresses/delete"];

/**
 * The command that needs each action, and how to make it need it, in whichever topology needs the action. Keyed by
 * action; the test below fails if the role holds an action without a case here (it would not be proven needed) or a
 * case names an action not in it.
 */
const cases: Record<string, { readonly command: "swap" | "status"; readonly args: readonly string[]; readonly prepare?: () => void; readonly why: string }> = {
    "Microsoft.Network/loadBalancers/read": { command: "status", args: [], why: "status reads the load balancers" },
    "Microsoft.Network/publicIPAddresses/read": { command: "status", args: [], why: "status reads the addresses" },
    "Microsoft.Authorization/permissions/read": { command: "status", args: ["--check-permissions"], why: "the permission check lists permissions" },
    "Microsoft.Network/loadBalancers/loadBalancingRules/health/action": { command: "swap", args: swapToGreen, why: "the default pre-swap gate reads rule health" },
    "Microsoft.Network/locations/operationResults/read": { command: "swap", args: swapToGreen, why: "the rule-health operation is followed through Location" },
    "Microsoft.Network/publicIPAddresses/write": { command: "swap", args: swapToGreen, why: "the paired swap creates the floating IP" },
    "Microsoft.Network/loadBalancers/write": { command: "swap", args: swapToGreen, why: "the swap re-points blue's frontend, or switches the shared rules' pools" },
    "Microsoft.Network/publicIPAddresses/join/action": { command: "swap", args: swapToGreen, why: "that write references addresses" },
    "Microsoft.Network/publicIPAddresses/delete": { command: "swap", args: swapToGreen, why: "the paired swap deletes the floating IP at the end" },
    "Microsoft.Network/locations/operations/read": {
        command: "swap",
        args: swapToGreen,
        // A load balancer update that fails as an operation: the swap asks Azure-AsyncOperation why.
        prepare: () =>
            fixture.emulator.addFault({ method: "PUT", pathPattern: "/loadBalancers/", count: 1, action: { type: "operationFailed", code: "InternalServerError", message: "Injected failure." } }),
        why: "the swap reads why a write failed",
    },
};

/** What no failure may change: both addresses' IPs and every load balancer's pools (a floating IP may remain). */
const kept = async (pair: RolePair) => {
    const { production, staging, pools } = await addressesOf(fixture.client, pair);
    return { production, staging, pools };
};

beforeAll(async () => {
    build = compileForChildProcess("vipswap-role-minimal", ["cli/vipswap.ts"]);
    fixture = await startEmulatorFixture({ throttling: false });
});
afterAll(async () => {
    build?.remove();
    await fixture?.stop();
});

test("every action in the role has a case that proves it needed, and every case is an action of the role", () => {
    expect(Object.keys(cases).sort()).toEqual([...readShippedRole().Actions].sort());
});

describe.each(topologies)("$name", (topology: Topology) => {
    let pair: RolePair;
    beforeEach(async () => {
        fixture.emulator.reset();
        pair = await topology.build(fixture);
    });

    describe.each(neededActions(topology.kind).map((action) => [action]))("without %s", (action) => {
        test("the command that needs it exits 1 naming it, with the state left behind, and no address or pool lost", async () => {
            const scenario = cases[action];
            if (!scenario) throw new Error(`no case proves that ${action} is needed; add one to 'cases'`);
            const before = await kept(pair);
            const { identity } = restrictedIdentity(fixture.emulator, action);
            scenario.prepare?.();
            fixture.emulator.clearRequestLog();

            const result = await vipswap(pair, identity.accessToken, scenario.command, scenario.args);

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
            expect(await kept(pair)).toEqual(before);
            expect(await topology.productionOn(fixture, pair)).not.toBe("none");
        });

        test("the permission check names it before any swap, and writes nothing", async () => {
            const { connection } = restrictedIdentity(fixture.emulator, action);
            fixture.emulator.clearRequestLog();
            const failure = await requireSwapPermissions(connection, pair.target).catch((err: unknown) => err);
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

    // The role's actions this topology does not use (none for the paired one): prove it, so that none is claimed
    // needed by mistake. Without them every swap, status and the permission check pass, and nothing is denied.
    const unneeded = readShippedRole().Actions.filter((action) => !neededActions(topology.kind).includes(action));
    if (unneeded.length === 0) return;
    test(`without ${unneeded.join(" and ")}, swaps both ways, status and the permission check pass`, async () => {
        const before = await addressesOf(fixture.client, pair);
        const { identity } = restrictedIdentity(fixture.emulator, unneeded);
        fixture.emulator.clearRequestLog();
        const toGreen = await vipswap(pair, identity.accessToken, "swap", swapToGreen);
        expect(toGreen).toMatchObject({ code: 0 });
        expect(await topology.productionOn(fixture, pair)).toBe("green");
        const toBlue = await vipswap(pair, identity.accessToken, "swap", ["--to", "blue", "--poll-interval-ms", "20"]);
        expect(toBlue).toMatchObject({ code: 0 });
        expect(await topology.productionOn(fixture, pair)).toBe("blue");
        const status = await vipswap(pair, identity.accessToken, "status", ["--check-permissions"]);
        expect(status.code).toBe(0);
        expect(JSON.parse(status.stdout)).toMatchObject({ ok: true, liveColour: "blue", permissions: { missing: [], needed: neededActions(topology.kind) } });
        expect(fixture.emulator.requestLog().filter((e) => e.deniedAction !== undefined || e.status === 403)).toEqual([]);
        expect(await addressesOf(fixture.client, pair)).toEqual(before);
    });
});

describe("vipswap status --check-permissions asks for what the pair's topology needs", () => {
    const withoutAddressCreateAndDelete = () => fixture.emulator.issueIdentity({ permissions: { actions: readShippedRole().Actions.filter((a) => !addressCreateAndDelete.includes(a)) } });

    test("on a paired pair it prints each missing action and what needs it, exits 1, and swaps nothing", async () => {
        fixture.emulator.reset();
        const pair = await pairedTopology.build(fixture);
        const identity = withoutAddressCreateAndDelete();
        fixture.emulator.clearRequestLog();
        const result = await vipswap(pair, identity.accessToken, "status", ["--check-permissions"], false);
        expect(result.code).toBe(1);
        for (const action of addressCreateAndDelete) expect(result.stderr).toContain(action);
        expect(result.stderr).toContain("the identity lacks 2 of the 10 actions a paired swap needs");
        expect(result.stderr).toContain("the swap creates its temporary floating address");
        expect(result.stderr).toContain("roles/vipswap-swap-operator.json");
        expect(result.stderr).not.toContain(identity.accessToken);
        expect(fixture.emulator.requestLog().filter((e) => !e.control && e.method !== "GET")).toEqual([]);

        const allowed = await vipswap(pair, restrictedIdentity(fixture.emulator).identity.accessToken, "status", ["--check-permissions"], false);
        expect(allowed.code).toBe(0);
        expect(allowed.stdout).toContain(`permissions: all ${readShippedRole().Actions.length} actions a paired swap needs are granted`);
        expect(allowed.stdout).toContain("blue is live.");
    });

    test("on a shared pair the same identity lacks nothing: the address create and delete are not asked for", async () => {
        fixture.emulator.reset();
        const pair = await sharedTopology.build(fixture);
        const identity = withoutAddressCreateAndDelete();
        const result = await vipswap(pair, identity.accessToken, "status", ["--check-permissions"], false);
        expect(result.code).toBe(0);
        expect(result.stdout).toContain(`permissions: all ${readShippedRole().Actions.length - 2} actions a shared swap needs are granted`);
        expect(result.stdout).toContain("blue is live.");
        for (const action of addressCreateAndDelete) expect(`${result.stdout}${result.stderr}`).not.toContain(action);
        const json = await vipswap(pair, identity.accessToken, "status", ["--check-permissions"]);
        expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, permissions: { topology: "shared", missing: [] } });
        const { needed } = (JSON.parse(json.stdout) as { permissions: { needed: string[] } }).permissions;
        expect(needed.filter((action) => addressCreateAndDelete.includes(action))).toEqual([]);
    });
});
