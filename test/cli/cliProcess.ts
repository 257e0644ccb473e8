import { execFile } from "node:child_process";
import type { CompiledBuild } from "../helpers/compiledBuild";
import { repoRoot } from "../helpers/compiledBuild";
import type { BlueGreenPair, EmulatorFixture } from "../helpers/emulatorFixture";
import type { SwapTarget } from "../../components/swap/swapTarget";

/** What one run of the CLI printed, and its exit code. */
export interface CliResult {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs the compiled CLI with only the environment given (plus PATH), `stdin` on its standard input. */
export function runCli(build: CompiledBuild, args: readonly string[], env: Record<string, string> = {}, stdin?: string): Promise<CliResult> {
    return new Promise((resolve) => {
        const child = execFile(
            process.execPath,
            [build.js("cli/vipswap.ts"), ...args],
            { cwd: repoRoot, env: { PATH: process.env.PATH ?? "", ...env }, timeout: 60_000 },
            (error, stdout, stderr) => {
                const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
                resolve({ code, stdout, stderr });
            },
        );
        child.stdin!.end(stdin ?? "");
    });
}

/** The flags that name `pair` and reach the fixture's emulator (its CA trusted with --ca-cert). */
export function pairFlagsFor(fixture: EmulatorFixture, pair: BlueGreenPair): string[] {
    return [...targetFlagsOf(pair.target), ...reachFlagsFor(fixture)];
}

/** The flags that name a pair of either topology, every name given (none left to the defaults). */
export function targetFlagsOf(target: SwapTarget): string[] {
    if (target.kind === "sharedLoadBalancer") {
        return [
            "--topology", "shared",
            "--resource-group", target.resourceGroupName,
            "--lb", target.loadBalancerName,
            "--production-frontend", target.productionFrontendName,
            "--staging-frontend", target.stagingFrontendName,
            "--blue-pool", target.bluePoolName,
            "--green-pool", target.greenPoolName,
        ];
    }
    return [
        "--resource-group", target.resourceGroupName,
        "--blue-lb", target.blueLoadBalancerName,
        "--green-lb", target.greenLoadBalancerName,
        "--production-ip", target.productionIpName,
        "--staging-ip", target.stagingIpName,
        "--frontend", target.frontendName,
    ];
}

/** The flags that reach the fixture's emulator: its subscription, its endpoint, its CA trusted with --ca-cert. */
export function reachFlagsFor(fixture: EmulatorFixture): string[] {
    return ["--subscription", fixture.emulator.subscriptionId, "--endpoint", fixture.emulator.endpoint, "--ca-cert", fixture.emulator.caCertFile];
}

/** The writes to Azure's API in the fixture's request log (control requests and GETs excluded). */
export function armWritesOf(fixture: EmulatorFixture) {
    return fixture.emulator.requestLog().filter((e) => !e.control && e.method !== "GET");
}
