/**
 * A Pulumi YAML project in a temporary folder that uses vipswap as a component package (docs/other-languages.md):
 * one BlueGreenDeployment from stack config. The package is added with the CLI's own `pulumi package add <plugin/>`,
 * as a user adds it, once the project's stack exists (see `addVipswapPackage`).
 *
 * The folder holds Pulumi.yaml only: no `package.json`, no `node_modules`. Inside the plugin the component registers
 * `VipSwap` as the plugin's own resource, `vipswap:index:VipSwap`, so nothing Node.js is needed in the program's
 * folder (docs/other-languages.md, "VipSwap inside the component provider").
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { E2eStack } from "./e2eStack";
import { pulumiToolRoot, repositoryRoot } from "./pulumiCli";

/** The YAML project's name: its config namespace. */
export const yamlProjectName = "yamlshop";

/** The component package's folder (PulumiPlugin.yaml). */
export const vipswapPluginDir = join(repositoryRoot, "plugin");

/** The program; the bad-input tests edit blue's `capacity: 1` (see `setBlueCapacity`). */
const program = `name: ${yamlProjectName}
runtime: yaml
description: One vipswap blue/green pair from Pulumi YAML.
config:
  activeColour:
    type: string
  sshPublicKey:
    type: string
resources:
  shop:
    type: vipswap:index:BlueGreenDeployment
    properties:
      location: westeurope
      activeColour: \${activeColour}
      ports:
        - name: http
          protocol: Tcp
          frontendPort: 80
          backendPort: 80
      probe:
        protocol: Http
        port: 80
        path: /
      blue:
        sshPublicKey: \${sshPublicKey}
        capacity: 1
        appVersion: "1.0.0"
      green:
        sshPublicKey: \${sshPublicKey}
        capacity: 1
        appVersion: "2.0.0"
outputs:
  activeColour: \${shop.activeColour}
  productionAddress: \${shop.productionAddress}
  stagingAddress: \${shop.stagingAddress}
  productionIpId: \${shop.productionIpId}
  stagingIpId: \${shop.stagingIpId}
  swapTarget: \${shop.swapTarget}
`;

/** A YAML project on disk. */
export interface YamlProject {
    readonly dir: string;
    /** Deletes the folder. */
    remove(): void;
}

/** Writes the project's Pulumi.yaml (without the package: `addVipswapPackage` adds it), and nothing else. */
export function createYamlProject(): YamlProject {
    const dir = mkdtempSync(join(tmpdir(), "vipswap-yaml-"));
    writeFileSync(join(dir, "Pulumi.yaml"), program);
    return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Rewrites blue's capacity in the program (a YAML literal, as a user would write it: `1`, `1.5`, `"many"`). */
export function setBlueCapacity(project: YamlProject, literal: string): void {
    const file = join(project.dir, "Pulumi.yaml");
    const text = readFileSync(file, "utf8");
    const next = text.replace(/(blue:\n(?:\s+\w+: .*\n)*?\s+capacity: ).*\n/, `$1${literal}\n`);
    if (next === text && !text.includes(`capacity: ${literal}\n`)) throw new Error("blue's capacity is not in Pulumi.yaml");
    writeFileSync(file, next);
}

/**
 * `pulumi package add <plugin/>` in the project, as a user runs it (a project command: no `--stack`), with the stack's
 * environment; fails with what the CLI printed.
 */
export function addVipswapPackage(e2e: E2eStack): Promise<string> {
    return new Promise((resolvePromise, reject) => {
        execFile(
            join(pulumiToolRoot, "bin", "pulumi"),
            ["package", "add", vipswapPluginDir, "--non-interactive"],
            { cwd: e2e.workDir, env: { ...process.env, ...e2e.env }, timeout: 300_000 },
            (error, stdout, stderr) =>
                error ? reject(new Error(`pulumi package add failed: ${error.message}\n${stdout}\n${stderr}`)) : resolvePromise(stdout + stderr),
        );
    });
}
