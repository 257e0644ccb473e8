/**
 * One end-to-end stack: an emulator (fast profile unless told otherwise), a `file://` backend and a PULUMI_HOME in a
 * temporary folder, the stand-in for azure-native on PATH, and a Pulumi stack of a project folder (the repository's
 * own example stack by default) driven through `@pulumi/pulumi/automation` with the real CLI.
 *
 * ```ts
 * const e2e = await E2eStack.start();
 * await e2e.stack.up();
 * await e2e.dispose();        // removes the stack's config file and the temporary folders
 * ```
 */
import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { AzureEmulator, type AzureEmulatorOptions } from "../../../emulator/azureEmulator";
import { installStandInAzureNative, standInEnvironmentFor, type StandInInstallation } from "../standInAzureNative/installStandInAzureNative";
import { builtPulumiCommand, offlinePulumiEnv, pulumiToolRoot, repositoryRoot } from "./pulumiCli";

/** What a stack of the tests is made of. */
export interface E2eStackOptions {
    /** Options of the emulator this stack's Azure is (fast profile by default). */
    readonly emulator?: AzureEmulatorOptions;
    /** The Pulumi project folder; the repository's root (the example stack) by default. */
    readonly workDir?: string;
    /** Stack config to set besides what reaching the emulator needs (keys without a namespace are the project's). */
    readonly config?: Readonly<Record<string, string>>;
    /** Extra environment for every CLI run (for example a fake ARM_CLIENT_SECRET that must never be printed). */
    readonly env?: Readonly<Record<string, string>>;
    /** Leave the stack empty of config: for the bad-config tests, which set their own. */
    readonly skipDefaultConfig?: boolean;
}

/** The result of a raw CLI run. */
export interface CliResult {
    readonly code: number | null;
    readonly signal: NodeJS.Signals | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** An OpenSSH ed25519 public key line (public material: safe in config and logs). */
export function testSshPublicKey(): string {
    const der = generateKeyPairSync("ed25519").publicKey.export({ format: "der", type: "spki" });
    const raw = der.subarray(der.length - 32);
    const part = (b: Buffer) => {
        const length = Buffer.alloc(4);
        length.writeUInt32BE(b.length, 0);
        return Buffer.concat([length, b]);
    };
    return `ssh-ed25519 ${Buffer.concat([part(Buffer.from("ssh-ed25519")), part(raw)]).toString("base64")} e2e@vipswap`;
}

export class E2eStack {
    private constructor(
        readonly emulator: AzureEmulator,
        readonly stack: Stack,
        readonly stackName: string,
        readonly workDir: string,
        /** The environment every CLI run of this stack gets (PATH with the CLI and the stand-in first). */
        readonly env: Readonly<Record<string, string>>,
        private readonly scratch: string,
        private readonly standIn: StandInInstallation,
    ) {}

    /** Starts the emulator, lays out the backend and plugins, and selects a new stack with its config set. */
    static async start(options: E2eStackOptions = {}): Promise<E2eStack> {
        const pulumiCommand = await builtPulumiCommand();
        const scratch = await mkdtemp(join(tmpdir(), "vipswap-e2e-"));
        const emulator = await AzureEmulator.start({ profile: "fast", ...options.emulator });
        try {
            const pluginBin = join(scratch, "plugins");
            const standIn = await installStandInAzureNative(pluginBin);
            const backend = join(scratch, "state");
            const home = join(scratch, "pulumi-home");
            const env: Record<string, string> = {
                ...offlinePulumiEnv,
                PATH: [pluginBin, join(pulumiToolRoot, "bin"), process.env.PATH ?? ""].join(delimiter),
                PULUMI_HOME: home,
                PULUMI_BACKEND_URL: `file://${backend}`,
                PULUMI_CONFIG_PASSPHRASE: "vipswap-e2e",
                // The swap's credential (docs/vipswap-resource.md, "Credentials"): a bearer token, never config.
                AZURE_ACCESS_TOKEN: emulator.accessToken,
                // Where the stand-in for azure-native finds Azure: only the tests set these.
                ...standInEnvironmentFor(emulator),
                ...options.env,
            };
            await Promise.all([backend, home].map((dir) => mkdir(dir, { recursive: true })));
            const workDir = options.workDir ?? repositoryRoot;
            const stackName = `e2e${randomBytes(4).toString("hex")}`;
            const stack = await LocalWorkspace.createStack({ stackName, workDir }, { pulumiCommand, envVars: env, pulumiHome: home });
            const e2e = new E2eStack(emulator, stack, stackName, workDir, env, scratch, standIn);
            if (!options.skipDefaultConfig) {
                await e2e.setConfig({ ...e2e.emulatorConfig(), ...options.config });
            }
            return e2e;
        } catch (error) {
            await emulator.stop();
            await rm(scratch, { recursive: true, force: true });
            throw error;
        }
    }

    /** The config that points the example stack at this stack's emulator (the same keys a user sets). */
    emulatorConfig(): Record<string, string> {
        return {
            "vipswap:armEndpoint": this.emulator.endpoint,
            "vipswap:armCaCertFile": this.emulator.caCertFile,
            "azure-native:subscriptionId": this.emulator.subscriptionId,
            "vipswap:sshPublicKey": testSshPublicKey(),
        };
    }

    /** Sets config keys through the CLI (`pulumi config set`), as a user does. */
    async setConfig(values: Readonly<Record<string, string>>): Promise<void> {
        for (const [key, value] of Object.entries(values)) {
            const result = await this.cli(["config", "set", key, "--", value]);
            if (result.code !== 0) {
                throw new Error(`pulumi config set ${key} failed: ${result.stderr}`);
            }
        }
    }

    /** Runs the CLI on this stack (with `env` added to the stack's environment) and collects what it printed. */
    cli(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliResult> {
        const child = this.spawnCli(args, env);
        let stdout = "";
        let stderr = "";
        child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.stdin?.end();
        return new Promise((resolvePromise, reject) => {
            child.on("error", reject);
            child.on("close", (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
        });
    }

    /** Starts the CLI on this stack in its own process group (so a test can SIGKILL the whole tree). */
    spawnCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): ChildProcess {
        // The stack flags go before a `--` (after it, everything is a positional value).
        const end = args.includes("--") ? args.indexOf("--") : args.length;
        const withStack = [...args.slice(0, end), "--stack", this.stackName, "--non-interactive", ...args.slice(end)];
        return spawn(join(pulumiToolRoot, "bin", "pulumi"), withStack, {
            cwd: this.workDir,
            env: { ...process.env, ...this.env, ...env },
            stdio: ["pipe", "pipe", "pipe"],
            detached: true,
        });
    }

    /** Removes the stack (state, config file) and stops the emulator. Azure's side is the test's business. */
    async dispose(): Promise<void> {
        try {
            await this.cli(["stack", "rm", "--force", "--yes"]);
        } finally {
            const configFile = join(this.workDir, `Pulumi.${this.stackName}.yaml`);
            if (existsSync(configFile)) {
                await rm(configFile, { force: true });
            }
            await this.emulator.stop();
            this.standIn.remove();
            await rm(this.scratch, { recursive: true, force: true });
        }
    }
}
