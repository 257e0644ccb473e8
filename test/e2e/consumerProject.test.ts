/**
 * A consumer's own Pulumi project (a new folder that installs the packed vipswap tarball, as a platform team would)
 * with two BlueGreenDeployments: `pulumi up` creates both, then flipping one of them swaps that one alone.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { E2eStack } from "./harness/e2eStack";
import { repositoryRoot } from "./harness/pulumiCli";
import { plainOutputs, servedBy, stepRecorder, vipSwapType } from "./harness/stackObservations";

let projectDir: string;
let e2e: E2eStack;

/** The version of a package that the repository's lock file installs (so the consumer needs no new download). */
function lockedVersion(name: string): string {
    const lock = JSON.parse(readFileSync(join(repositoryRoot, "package-lock.json"), "utf8")) as {
        packages: Record<string, { version?: string }>;
    };
    const version = lock.packages[`node_modules/${name}`]?.version;
    if (!version) throw new Error(`${name} is not in package-lock.json`);
    return version;
}

const program = `import * as pulumi from "@pulumi/pulumi";
import { BlueGreenDeployment } from "vipswap";

const config = new pulumi.Config();
const sshPublicKey = config.require("sshPublicKey");
const colour = (key: string) => config.require<"blue" | "green">(key, { allowedValues: ["blue", "green"] });
const pair = (name: string) =>
    new BlueGreenDeployment(name, {
        location: "westeurope",
        activeColour: colour(\`\${name}Colour\`),
        ports: [{ name: "http", protocol: "Tcp", frontendPort: 80, backendPort: 80 }],
        blue: { sshPublicKey, appVersion: \`\${name}-1\` },
        green: { sshPublicKey, appVersion: \`\${name}-2\` },
    });
const shop = pair("shop");
const blog = pair("blog");

export const shopProductionIpId = shop.productionIpId;
export const blogProductionIpId = blog.productionIpId;
export const shopProductionAddress = shop.productionAddress;
export const blogProductionAddress = blog.productionAddress;
`;

beforeAll(async () => {
    projectDir = mkdtempSync(join(tmpdir(), "vipswap-consumer-"));
    const pack = execFileSync("npm", ["pack", "--silent", "--pack-destination", projectDir], { cwd: repositoryRoot, encoding: "utf8" });
    const tarball = join(projectDir, pack.trim().split("\n").pop()!);
    writeFileSync(join(projectDir, "Pulumi.yaml"), "name: consumer\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n");
    writeFileSync(
        join(projectDir, "package.json"),
        JSON.stringify({
            name: "consumer",
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
        join(projectDir, "tsconfig.json"),
        JSON.stringify({ compilerOptions: { strict: true, target: "es2022", module: "commonjs", moduleResolution: "node", esModuleInterop: true } }),
    );
    writeFileSync(join(projectDir, "index.ts"), program);
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: projectDir, stdio: "pipe" });
    e2e = await E2eStack.start({ workDir: projectDir, config: { "consumer:shopColour": "blue", "consumer:blogColour": "blue" } });
    // The consumer's program reads its own key; the emulator keys are namespaced (vipswap:, azure-native:) and shared.
    await e2e.setConfig({ "consumer:sshPublicKey": e2e.emulatorConfig()["vipswap:sshPublicKey"] });
});
afterAll(async () => {
    await e2e?.dispose();
    rmSync(projectDir, { recursive: true, force: true });
});

test("the packed package installs, and pulumi up creates both pairs", async () => {
    expect(readdirSync(join(projectDir, "node_modules", "vipswap", "dist"))).toContain("components");
    expect((await e2e.stack.up()).summary.result).toBe("succeeded");
    const outputs = await plainOutputs(e2e.stack);
    expect((await servedBy(e2e.emulator, String(outputs.shopProductionIpId))) as object).toMatchObject({ colour: "blue", version: "shop-1" });
    expect((await servedBy(e2e.emulator, String(outputs.blogProductionIpId))) as object).toMatchObject({ colour: "blue", version: "blog-1" });
});

test("flipping the shop alone swaps the shop and leaves the blog as it was", async () => {
    const before = await plainOutputs(e2e.stack);
    await e2e.setConfig({ "consumer:shopColour": "green" });
    const up = stepRecorder();
    await e2e.stack.up({ onEvent: up.onEvent });
    const swaps = up.steps.filter((s) => s.type === vipSwapType && s.op !== "same").map((s) => s.name);
    expect(swaps).toEqual(["shop-swap"]);
    const after = await plainOutputs(e2e.stack);
    expect((await servedBy(e2e.emulator, String(after.shopProductionIpId))) as object).toMatchObject({ colour: "green", version: "shop-2" });
    expect((await servedBy(e2e.emulator, String(after.blogProductionIpId))) as object).toMatchObject({ colour: "blue", version: "blog-1" });
    expect(after.shopProductionAddress).toBe(before.shopProductionAddress);
    expect(after.blogProductionAddress).toBe(before.blogProductionAddress);
});
