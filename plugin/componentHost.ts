/**
 * The component half of the vipswap plugin (docs/other-languages.md, "How the package is served"): the Node SDK's
 * `componentProviderHost` serving `BlueGreenDeployment`, in a process of its own that the plugin's provider server
 * starts (plugin/providerServer.ts) and forwards `Construct`, `GetSchema` and the rest to.
 *
 * The SDK's host infers the package schema from the TypeScript source of the component's args interface and output
 * properties, reading `tsconfig.json` and `package.json` of this folder; it names the component
 * `vipswap:index:BlueGreenDeployment` (the host accepts only the module `index`). The component itself still
 * registers as `vipswap:azure:BlueGreenDeployment`, the token TypeScript programs use.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { BlueGreenDeployment } from "../components/blueGreenDeployment";
import { setVipSwapHosting } from "../components/vipSwap/vipSwapHosting";

/**
 * The folder with PulumiPlugin.yaml and the tsconfig.json of the schema inference: `plugin/` of the nearest folder
 * above this compiled file that has one (this file runs from `dist/plugin/`, so that is the checkout's).
 */
export function pluginDirectory(from: string = __dirname): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        const candidate = path.join(dir, "plugin");
        if (fs.existsSync(path.join(candidate, "PulumiPlugin.yaml"))) return candidate;
        if (path.dirname(dir) === dir) throw new Error(`no plugin/PulumiPlugin.yaml above ${from}: run the plugin from a vipswap checkout`);
    }
}

/**
 * Serves the component on the port the SDK prints. Inside the plugin `BlueGreenDeployment` registers the plugin's own
 * `vipswap:index:VipSwap` (the program's folder, YAML or Python, has no `@pulumi/pulumi` for a dynamic resource).
 */
export function hostComponents(): Promise<void> {
    setVipSwapHosting("package");
    // The package's version is that of plugin/package.json, kept equal to the repository's (test/plugin/componentSchema.test.ts).
    return componentProviderHost({ name: "vipswap", components: [BlueGreenDeployment], dirname: pluginDirectory() });
}
