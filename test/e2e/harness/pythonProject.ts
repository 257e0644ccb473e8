/**
 * A Pulumi Python project in a temporary folder that uses vipswap as a component package (docs/other-languages.md):
 * `__main__.py` declares one BlueGreenDeployment from stack config with the SDK that `pulumi package add <plugin/>`
 * generates (`addVipswapPackage` of componentPackageProject.ts: it writes `sdks/vipswap`, records it in
 * requirements.txt and installs it into the virtualenv). `requirements.txt` pins the `pulumi` package from PyPI at the
 * CLI's version; Pulumi.yaml's `runtime.options.virtualenv` puts the virtualenv in the project's folder. Nothing
 * Node.js is in the folder: the swap is the plugin's own `vipswap:index:VipSwap` (docs/other-languages.md).
 *
 * The language host is the STAND-IN of tools/pulumi-cli/cmd/standin-pulumi-language-python (docs/other-languages.md).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createProgramProject, editProgram, type ProgramProject } from "./componentPackageProject";
import { lockedVersion } from "./consumerProject";
import { repositoryRoot } from "./pulumiCli";

/** The Python project's name: its config namespace. */
export const pythonProjectName = "pyshop";

/** The `pulumi` package from PyPI: the CLI's (and so @pulumi/pulumi's) version. */
export const pythonSdkVersion = lockedVersion("@pulumi/pulumi");

/**
 * The wheels every Python project of the tests installs (git-ignored): `pulumi` and its dependencies; `parver`, which the
 * generated SDK's setup.py requires besides `pulumi`; and setuptools and wheel, with which pip builds the generated SDK
 * from its folder. A wheel missing here fails the install with pip's "No matching distribution found for ...". A wheelhouse rather than pip's own cache, because
 * pip's HTTP cache keeps only what the index allows it to (here it kept nothing, so every run downloaded everything).
 */
export const pythonWheelhouse = join(repositoryRoot, ".tools", "python-wheels");
const wheelhouseRequirements = [`pulumi==${pythonSdkVersion}`, "parver>=0.2.1", "setuptools>=61.0", "wheel"];

/**
 * Environment for the CLI runs of a Python project: pip installs from the wheelhouse only (no index), so the
 * virtualenv of every run is made from the same wheels, without the network.
 */
export const pythonProjectEnv: Readonly<Record<string, string>> = {
    PIP_FIND_LINKS: pythonWheelhouse,
    PIP_NO_INDEX: "1",
    PIP_DISABLE_PIP_VERSION_CHECK: "1",
};

/** Downloads the wheelhouse from PyPI (`pip download`) unless a finished download of the same requirements is there. */
export function preparePythonWheelhouse(): void {
    const digest = createHash("sha256").update(wheelhouseRequirements.join("\n")).digest("hex").slice(0, 16);
    const finished = join(pythonWheelhouse, `.complete-${digest}`);
    if (existsSync(finished)) return;
    try {
        execFileSync("python3", ["-c", "import venv, ensurepip, pip"], { stdio: "pipe" });
    } catch (error) {
        throw new Error(`The Python e2e test needs python3 with its venv, ensurepip and pip modules on PATH (on Debian: python3-venv and python3-pip) (${(error as Error).message}).`);
    }
    execFileSync("python3", ["-m", "pip", "download", "--disable-pip-version-check", "--dest", pythonWheelhouse, ...wheelhouseRequirements], {
        stdio: "pipe",
        timeout: 600_000,
    });
    writeFileSync(finished, `${wheelhouseRequirements.join("\n")}\n`);
}

const pulumiYaml = `name: ${pythonProjectName}
runtime:
  name: python
  options:
    virtualenv: venv
description: One vipswap blue/green pair from Python.
config:
  activeColour:
    type: string
  sshPublicKey:
    type: string
`;

/** The program; the bad-input tests edit blue's `capacity=1` (see `setBlueCapacity`). */
const mainPy = `"""One vipswap blue/green pair from Python, with the SDK that \`pulumi package add\` generated."""
import pulumi
import pulumi_vipswap as vipswap

config = pulumi.Config()
ssh_public_key = config.require("sshPublicKey")

shop = vipswap.BlueGreenDeployment(
    "shop",
    location="westeurope",
    # A plain string from the stack's config: the SDK's Colour enum is a str, so "blue" and "green" are Colours.
    active_colour=config.require("activeColour"),
    ports=[vipswap.PortRuleArgs(name="http", protocol=vipswap.PortProtocol.TCP, frontend_port=80, backend_port=80)],
    probe=vipswap.HealthProbeArgs(protocol=vipswap.ProbeProtocol.HTTP, port=80, path="/"),
    blue=vipswap.ColourArgsArgs(
        ssh_public_key=ssh_public_key,
        capacity=1,
        app_version="1.0.0",
    ),
    green=vipswap.ColourArgsArgs(ssh_public_key=ssh_public_key, capacity=1, app_version="2.0.0"),
)

pulumi.export("activeColour", shop.active_colour)
pulumi.export("productionAddress", shop.production_address)
pulumi.export("stagingAddress", shop.staging_address)
pulumi.export("productionIpId", shop.production_ip_id)
pulumi.export("stagingIpId", shop.staging_ip_id)
pulumi.export("swapTarget", shop.swap_target)
`;

/**
 * Writes Pulumi.yaml, requirements.txt and __main__.py (no SDK yet: `addVipswapPackage` adds it), after making sure the
 * wheelhouse of `pythonProjectEnv` is there.
 */
export function createPythonProject(): ProgramProject {
    preparePythonWheelhouse();
    return createProgramProject("vipswap-python-", {
        "Pulumi.yaml": pulumiYaml,
        "requirements.txt": `pulumi==${pythonSdkVersion}\n`,
        "__main__.py": mainPy,
    });
}

/** Rewrites blue's capacity in the program (a Python literal, as a user would write it: `1`, `"many"`). */
export function setBlueCapacity(project: ProgramProject, literal: string): void {
    editProgram(join(project.dir, "__main__.py"), /(blue=vipswap\.ColourArgsArgs\(\n(?:\s+\w+=.*\n)*?\s+capacity=).*,\n/, `$1${literal},\n`);
}

/** `snake_case` -> `camelCase`. */
function camelCase(name: string): string {
    return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * The stack's outputs with the schema's (camelCase) property names: a Python program exports the SDK's output types
 * (`shop.swap_target`) with their Python names (`resource_group_name`), where TypeScript and YAML export the schema's
 * (`resourceGroupName`). The top-level names are the program's own `pulumi.export` names.
 */
export function withSchemaNames(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(withSchemaNames);
    if (typeof value !== "object" || value === null) return value;
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [camelCase(key), withSchemaNames(v)]));
}

/**
 * What a failed `pulumi up` of the Python project printed, less the one Python traceback the engine itself causes:
 * when `Construct` fails, the engine reports the component's error and then answers the program's pending
 * registration with `Unknown: resource monitor shut down`, which the `pulumi` package raises as a plain `Exception`,
 * so the exec shim (the real one too) logs it as "Program failed with an unhandled exception" with a traceback, unless
 * the engine's SIGINT ends the program first (docs/other-languages.md, "Python: what the test found"). Any other
 * traceback is left in, for the test to refuse.
 */
export function withoutMonitorShutdownTraceback(output: string): string {
    return output.replace(/error: Program failed with an unhandled exception:\n(?:(?!Program failed with)[\s\S])*?\n\s*Exception: resource monitor shut down\n/g, "");
}
