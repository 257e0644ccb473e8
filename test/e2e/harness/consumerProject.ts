/**
 * A consumer's own Pulumi project in a temporary folder, as a platform team would start one: a Pulumi.yaml, a
 * TypeScript program, and the packed vipswap tarball installed from npm's cache beside the SDK versions the lock file
 * pins (so the test needs no new download). The program declares one BlueGreenDeployment per name, each flipped by
 * its own config key `consumer:<name>Colour`.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packVipswap } from "../../package/packedTarball";
import { repositoryRoot } from "./pulumiCli";

/** The project's name: its config namespace. */
export const consumerProjectName = "consumer";

/** The version of a package that the repository's lock file installs. */
export function lockedVersion(name: string): string {
    const lock = JSON.parse(readFileSync(join(repositoryRoot, "package-lock.json"), "utf8")) as {
        packages: Record<string, { version?: string }>;
    };
    const version = lock.packages[`node_modules/${name}`]?.version;
    if (!version) throw new Error(`${name} is not in package-lock.json`);
    return version;
}

/** The consumer's program: one pair per name, exporting `<name>ProductionIpId` and `<name>ProductionAddress`. */
function programFor(pairNames: readonly string[]): string {
    const pairs = pairNames
        .map(
            (name) => `const ${name} = pair("${name}");
export const ${name}ProductionIpId = ${name}.productionIpId;
export const ${name}ProductionAddress = ${name}.productionAddress;`,
        )
        .join("\n");
    return `import * as pulumi from "@pulumi/pulumi";
import { BlueGreenDeployment } from "vipswap";

const config = new pulumi.Config();
const sshPublicKey = config.require("sshPublicKey");
const colour = (key: string) => config.require<"blue" | "green">(key, { allowedValues: ["blue", "green"] });
function pair(name: string): BlueGreenDeployment {
    return new BlueGreenDeployment(name, {
        location: "westeurope",
        activeColour: colour(\`\${name}Colour\`),
        ports: [{ name: "http", protocol: "Tcp", frontendPort: 80, backendPort: 80 }],
        blue: { sshPublicKey, appVersion: \`\${name}-1\` },
        green: { sshPublicKey, appVersion: \`\${name}-2\` },
    });
}
${pairs}
`;
}

/** A consumer project on disk. */
export interface ConsumerProject {
    readonly dir: string;
    /** Deletes the folder. */
    remove(): void;
}

/**
 * Packs the repository (built into a staging folder, so the dist/ that running VipSwap providers load is never
 * rewritten under them) and lays out a consumer project with `pairNames` pairs.
 */
export function createConsumerProject(pairNames: readonly string[]): ConsumerProject {
    const dir = mkdtempSync(join(tmpdir(), "vipswap-consumer-"));
    const packDir = mkdtempSync(join(tmpdir(), "vipswap-pack-"));
    const tarball = packVipswap(packDir).file;
    writeFileSync(join(dir, "Pulumi.yaml"), `name: ${consumerProjectName}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n`);
    writeFileSync(
        join(dir, "package.json"),
        JSON.stringify({
            name: consumerProjectName,
            private: true,
            main: "index.ts",
            dependencies: {
                vipswap: `file:${tarball}`,
                "@pulumi/pulumi": lockedVersion("@pulumi/pulumi"),
                "@pulumi/azure-native": lockedVersion("@pulumi/azure-native"),
            },
            devDependencies: { typescript: lockedVersion("typescript"), "@types/node": lockedVersion("@types/node") },
        }),
    );
    writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({ compilerOptions: { strict: true, target: "es2022", module: "commonjs", moduleResolution: "node", esModuleInterop: true } }),
    );
    writeFileSync(join(dir, "index.ts"), programFor(pairNames));
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "pipe" });
    return {
        dir,
        remove: () => {
            rmSync(dir, { recursive: true, force: true });
            rmSync(packDir, { recursive: true, force: true });
        },
    };
}

/** The config that sets every pair's colour to `colour`. */
export function coloursConfig(pairNames: readonly string[], colour: "blue" | "green"): Record<string, string> {
    return Object.fromEntries(pairNames.map((name) => [`${consumerProjectName}:${name}Colour`, colour]));
}
