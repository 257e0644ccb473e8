/**
 * A Pulumi YAML project in a temporary folder that uses vipswap as a component package (docs/other-languages.md):
 * one BlueGreenDeployment from stack config. The package is added with the CLI's own `pulumi package add <plugin/>`
 * (`addVipswapPackage` of componentPackageProject.ts), as a user adds it, once the project's stack exists.
 *
 * The folder holds Pulumi.yaml only: no `package.json`, no `node_modules`. Inside the plugin the component registers
 * `VipSwap` as the plugin's own resource, `vipswap:index:VipSwap`, so nothing Node.js is needed in the program's
 * folder (docs/other-languages.md, "VipSwap inside the component provider").
 */
import { join } from "node:path";
import { createProgramProject, editProgram, type ProgramProject } from "./componentPackageProject";

/** The YAML project's name: its config namespace. */
export const yamlProjectName = "yamlshop";

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

/** Writes the project's Pulumi.yaml (without the package: `addVipswapPackage` adds it), and nothing else. */
export function createYamlProject(): ProgramProject {
    return createProgramProject("vipswap-yaml-", { "Pulumi.yaml": program });
}

/** Rewrites blue's capacity in the program (a YAML literal, as a user would write it: `1`, `1.5`, `"many"`). */
export function setBlueCapacity(project: ProgramProject, literal: string): void {
    editProgram(join(project.dir, "Pulumi.yaml"), /(blue:\n(?:\s+\w+: .*\n)*?\s+capacity: ).*\n/, `$1${literal}\n`);
}
