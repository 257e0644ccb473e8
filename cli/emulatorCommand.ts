/**
 * `vipswap emulator`: runs the local Azure emulator (emulator/azureEmulator.ts) until SIGINT or SIGTERM, or until
 * the process that started it ends (cli/parentWatch.ts; `--keep-running` turns that off).
 * When it is ready it prints exactly one JSON line on stdout, `{"endpoint","caCertFile","accessToken","subscriptionId"}`
 * plus `pair` with `--pair <name>` (the pair's names and the exact `vipswap swap` flags for it), so a script or a CI
 * job can read it and point the Azure SDK at the emulator; everything else goes to stderr.
 * The token printed is the emulator's own, good for nothing else. With `--identity-role <file>` the line also holds
 * `identity`: a token restricted to that role definition's actions (roles/vipswap-swap-operator.json, say), for
 * ARM requests only, so the code under test proves it needs no more (SECURITY.md).
 */
import { readFileSync } from "node:fs";
import { type Command, InvalidArgumentError } from "commander";
import type { RolePermissions } from "../components/azure/roleActions";
import { parseRolePermissions } from "../components/azure/roleActions";
import { AzureEmulator } from "../emulator/azureEmulator";
import type { ProfileName } from "../emulator/profiles";
import { type PairDescription, parsePairRequest } from "../emulator/pairRequest";
import { isProfileName } from "../emulator/profiles";
import { watchParent } from "./parentWatch";

/** The options of `vipswap emulator`, after parsing. */
export interface EmulatorCommandOptions {
    readonly port: number;
    readonly profile: ProfileName;
    readonly timeScale: number;
    readonly swapApi?: boolean;
    /** Create a ready pair with this name before printing the ready line. */
    readonly pair?: string;
    /** `--keep-running`: do not end with the process that started it. */
    readonly keepRunning?: boolean;
    readonly identityRole?: RoleIdentity;
}

/** A role definition file read for `--identity-role`: its name and permissions. */
export interface RoleIdentity {
    readonly name: string;
    readonly permissions: RolePermissions;
}

/** The line printed when the emulator is ready. */
export interface EmulatorReadyLine {
    readonly endpoint: string;
    readonly caCertFile: string;
    readonly accessToken: string;
    readonly subscriptionId: string;
    /** With `--identity-role`: the restricted identity (its token is for ARM requests, not the control API). */
    readonly identity?: { readonly name: string; readonly objectId: string; readonly accessToken: string };
    /** With `--pair`: the pair's names, addresses and `vipswap swap` flags. */
    readonly pair?: PairDescription;
}

function parsePort(value: string): number {
    const port = Number(value);
    if (!/^\d+$/.test(value) || port > 65535) {
        throw new InvalidArgumentError("The port must be a whole number from 0 to 65535 (0 picks a free port).");
    }
    return port;
}

function parseProfile(value: string): ProfileName {
    if (!isProfileName(value)) {
        throw new InvalidArgumentError("The profile must be 'fast' (milliseconds, for tests) or 'realistic' (Azure-like seconds).");
    }
    return value;
}

function parseTimeScale(value: string): number {
    const scale = Number(value);
    if (value.trim() === "" || !Number.isFinite(scale) || scale <= 0) {
        throw new InvalidArgumentError("The time scale must be a number > 0 (10 runs every latency ten times faster).");
    }
    return scale;
}

/**
 * Reads a role definition as `az role definition create` takes it (`Name`, `Actions`, `NotActions`; Azure's
 * `actions`/`notActions` spelling too). A file that cannot be read or is not one is bad usage, before anything starts.
 */
export function parseRoleFile(file: string): RoleIdentity {
    let role: Record<string, unknown>;
    try {
        role = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch (err) {
        throw new InvalidArgumentError(`cannot read the role definition ${file}: ${(err as Error).message}`);
    }
    try {
        const [permissions] = parseRolePermissions(
            { actions: role.Actions ?? role.actions, ...((role.NotActions ?? role.notActions) !== undefined ? { notActions: role.NotActions ?? role.notActions } : {}) },
            `${file}: the role's`,
        );
        return { name: typeof role.Name === "string" ? role.Name : file, permissions };
    } catch (err) {
        throw new InvalidArgumentError(`${(err as Error).message} (a role definition such as roles/vipswap-swap-operator.json)`);
    }
}

function parsePairName(value: string): string {
    try {
        return parsePairRequest({ name: value }).name;
    } catch (err) {
        throw new InvalidArgumentError((err as Error).message.replace("'name'", "The pair's name"));
    }
}

/** Registers `vipswap emulator` on the root command. */
export function registerEmulatorCommand(program: Command): void {
    program
        .command("emulator")
        .description(
            "Run the local Azure emulator (Microsoft.Network public IPs and load balancers over HTTPS) until SIGINT or SIGTERM. " +
                "Prints one JSON line when ready: {endpoint, caCertFile, accessToken, subscriptionId}.",
        )
        .option("--port <n>", "TCP port on 127.0.0.1 (0 = any free port)", parsePort, 0)
        .option("--profile <name>", "latencies: fast (milliseconds) or realistic (seconds: chosen within Microsoft's public statements, not measured; docs/emulator.md, Profiles)", parseProfile, "fast" as ProfileName)
        .option("--time-scale <x>", "run every latency X times faster (e.g. 10 with --profile realistic for a demo)", parseTimeScale, 1)
        .option("--swap-api", "enable setLoadBalancerFrontendPublicIpAddresses, unconfirmed on Azure for plain Standard load balancers")
        .option("--identity-role <file>", "also issue a token restricted to this role definition's actions (e.g. roles/vipswap-swap-operator.json); printed as identity", parseRoleFile)
        .option("--pair <name>", "create a ready blue/green pair named <name> (blue live, healthy backends) and print its vipswap swap flags in the ready line", parsePairName)
        .option("--keep-running", "keep running after the process that started it ends (stop it with SIGTERM yourself)")
        .action(async (options: EmulatorCommandOptions) => {
            await runEmulator(options);
        });
}

/**
 * Starts the emulator, prints the ready line, and resolves once a stop signal has arrived and everything is closed.
 * `signals` is the process by default; tests may pass another emitter.
 */
export async function runEmulator(
    options: EmulatorCommandOptions,
    io: { readonly stdout: NodeJS.WritableStream; readonly stderr?: NodeJS.WritableStream; readonly signals: NodeJS.EventEmitter } = {
        stdout: process.stdout,
        stderr: process.stderr,
        signals: process,
    },
): Promise<void> {
    const emulator = await AzureEmulator.start({
        port: options.port,
        profile: options.profile,
        timeScale: options.timeScale,
        swapApiEnabled: options.swapApi ?? false,
        ...(options.identityRole ? { identities: [{ name: options.identityRole.name, permissions: options.identityRole.permissions }] } : {}),
    });
    let watch: { stop(): void } | undefined;
    const stopped = new Promise<void>((resolve) => {
        const stop = () => {
            io.signals.off("SIGINT", stop);
            io.signals.off("SIGTERM", stop);
            watch?.stop();
            resolve();
        };
        io.signals.on("SIGINT", stop);
        io.signals.on("SIGTERM", stop);
        if (!options.keepRunning) {
            watch = watchParent((pid) => {
                io.stderr?.write(`vipswap emulator: process ${pid}, which started it, has ended; stopping.\n`);
                stop();
            });
        }
    });
    let pair: PairDescription | undefined;
    try {
        pair = options.pair !== undefined ? await emulator.createPair({ name: options.pair }) : undefined;
    } catch (err) {
        await emulator.stop();
        throw new InvalidArgumentError(`--pair: ${(err as Error).message}`);
    }
    const ready: EmulatorReadyLine = {
        endpoint: emulator.endpoint,
        caCertFile: emulator.caCertFile,
        accessToken: emulator.accessToken,
        subscriptionId: emulator.subscriptionId,
        ...(emulator.startIdentities[0]
            ? { identity: { name: emulator.startIdentities[0].name, objectId: emulator.startIdentities[0].objectId, accessToken: emulator.startIdentities[0].accessToken } }
            : {}),
        ...(pair ? { pair } : {}),
    };
    io.stdout.write(`${JSON.stringify(ready)}\n`);
    if (pair) io.stderr?.write(`pair ${pair.name} is ready, blue live. Swap it with:\n  ${pair.swapCommand}\n`);
    await stopped;
    await emulator.stop();
}
