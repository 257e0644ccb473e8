/**
 * Where the end-to-end tests find the real Pulumi CLI: `.tools/pulumi` (built by `npm run pulumi-cli`, see
 * tools/pulumi-cli/build.sh), and the environment every CLI run gets so that nothing reaches Pulumi's download
 * site or update check (docs/pulumi-behaviour.md §8).
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { PulumiCommand } from "@pulumi/pulumi/automation";

/** The repository's root: the example stack's project folder. */
export const repositoryRoot = resolve(__dirname, "../../..");

/** The folder whose `bin/` holds `pulumi`, the language host and the dynamic-provider plugin. */
export const pulumiToolRoot = join(repositoryRoot, ".tools", "pulumi");

/** Variables every Pulumi run of the tests gets. */
export const offlinePulumiEnv: Readonly<Record<string, string>> = {
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "false",
    // Plain, uncoloured output for the assertions on what the CLI prints.
    NO_COLOR: "1",
};

/** The built CLI, through the Automation API; fails with what to run when it has not been built. */
export async function builtPulumiCommand(): Promise<PulumiCommand> {
    const bin = join(pulumiToolRoot, "bin", "pulumi");
    if (!existsSync(bin)) {
        throw new Error(`No Pulumi CLI at ${bin}: run \`npm run pulumi-cli\` first (it builds one from the Go module proxy).`);
    }
    // Never PulumiCommand.install(): it downloads from Pulumi's site.
    return PulumiCommand.get({ root: pulumiToolRoot });
}
