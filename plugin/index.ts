/**
 * The vipswap provider plugin: serves `BlueGreenDeployment` and its `VipSwap` resource to programs in any Pulumi
 * language (Python, YAML, Go, C#, ...) that added this folder with `pulumi package add` (docs/other-languages.md).
 *
 * The provider server (providerServer.ts) answers the engine: `vipswap:index:VipSwap`'s check, diff, create, read,
 * update and delete itself, everything else (`Construct`, `GetSchema`, ...) through the SDK's component host,
 * which runs in a child process (componentHost.ts).
 */
import { servePlugin } from "./providerServer";

// The SDK's schema inference reads this file first and follows its imports to the component class.
export type { BlueGreenDeployment } from "../components/blueGreenDeployment";

servePlugin(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`vipswap plugin: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
});
