/**
 * The vipswap component provider: serves `BlueGreenDeployment` to programs in any Pulumi language (Python, YAML,
 * Go, C#, ...) that added this folder with `pulumi package add` (docs/other-languages.md).
 *
 * The Node SDK's `componentProviderHost` infers the package schema from the TypeScript source of the component's
 * args interface and output properties, reading `tsconfig.json` and `package.json` of this folder; it names the
 * resource `vipswap:index:BlueGreenDeployment` (the host accepts only the module `index`). The component itself
 * still registers as `vipswap:azure:BlueGreenDeployment`, the token TypeScript programs use.
 */
import * as path from "path";
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { BlueGreenDeployment } from "../components/blueGreenDeployment";

/** The folder with PulumiPlugin.yaml and the tsconfig.json of the schema inference (this file runs from dist/plugin). */
const pluginDirectory = path.resolve(__dirname, "..", "..", "plugin");

// The package's version is that of plugin/package.json, kept equal to the repository's (test/plugin/plugin.test.ts).
void componentProviderHost({ name: "vipswap", components: [BlueGreenDeployment], dirname: pluginDirectory });
