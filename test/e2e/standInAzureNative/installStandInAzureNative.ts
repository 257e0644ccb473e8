/**
 * Installs the stand-in for azure-native where the Pulumi engine finds plugins on `$PATH`
 * (docs/pulumi-behaviour.md §8): compiles it (test/helpers/compiledBuild.ts, into the git-ignored `.vipswap/`) and
 * writes an executable `pulumi-resource-azure-native` launcher into `binDir`. The engine runs that binary with its
 * own address as the argument and reads the gRPC port from its stdout, which the SDK's provider server prints.
 *
 * Only the e2e harness calls this; the root Pulumi.yaml and the package never name the stand-in. The plugin reads
 * its ARM endpoint, CA, token and subscription from the environment (standInArmClient.ts, `standInEnvironment`).
 */
import { chmod, mkdir, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { compileForChildProcess } from "../../helpers/compiledBuild";
import { standInEnvironment } from "./standInArmClient";
import { standInVersion } from "./standInProvider";

/** The plugin's binary name: what the engine looks for on `$PATH` for the `azure-native` package. */
export const standInPluginName = "pulumi-resource-azure-native";

/** An installed stand-in. */
export interface StandInInstallation {
    /** The launcher in `binDir`. */
    readonly pluginPath: string;
    /** The azure-native version it reports. */
    readonly version: string;
    /** Removes the compiled code (the launcher stays with `binDir`). */
    remove(): void;
}

/** Compiles the stand-in and writes its launcher into `binDir` (created if missing). */
export async function installStandInAzureNative(binDir: string): Promise<StandInInstallation> {
    const build = compileForChildProcess("stand-in-azure-native", ["test/e2e/standInAzureNative/main.ts"]);
    const entry = build.js("test/e2e/standInAzureNative/main.ts");
    await mkdir(binDir, { recursive: true });
    const pluginPath = path.join(binDir, standInPluginName);
    const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
    await writeFile(
        pluginPath,
        [
            "#!/bin/sh",
            `# The stand-in for azure-native ${standInVersion} (vipswap e2e tests only; not the azure-native plugin).`,
            `exec ${quote(process.execPath)} ${quote(entry)} "$@"`,
            "",
        ].join("\n"),
    );
    await chmod(pluginPath, 0o755);
    return { pluginPath, version: standInVersion, remove: () => build.remove() };
}

/** Where an emulator is, as `vipswap emulator` prints it and `AzureEmulator` exposes it. */
export interface StandInTarget {
    readonly endpoint: string;
    readonly caCertFile: string;
    readonly accessToken: string;
    readonly subscriptionId: string;
}

/**
 * The environment variables that point the stand-in at an emulator (merge them into the Pulumi CLI's environment).
 * The token goes in a variable of the stand-in's own, never on a command line.
 */
export function standInEnvironmentFor(target: StandInTarget, pollIntervalMs?: number): Record<string, string> {
    return {
        [standInEnvironment.endpoint]: target.endpoint,
        [standInEnvironment.caFile]: target.caCertFile,
        [standInEnvironment.token]: target.accessToken,
        [standInEnvironment.subscription]: target.subscriptionId,
        ...(pollIntervalMs !== undefined ? { [standInEnvironment.pollInterval]: String(pollIntervalMs) } : {}),
    };
}
