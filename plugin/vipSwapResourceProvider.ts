/**
 * The `vipswap:index:VipSwap` resource's provider methods inside the vipswap plugin (docs/other-languages.md,
 * "VipSwap inside the component provider"): each forwards to the same runtime as the dynamic provider
 * (components/vipSwap/vipSwapRuntime.ts), so both resources check, diff, swap, read and delete alike.
 *
 * Credentials: the engine gives the plugin's provider only the stack config of its own namespace, `vipswap:*`
 * (docs/vipswap-resource.md, "Credentials"), and the plugin process's environment. The runtime's explicit settings
 * are read from there: `vipswap:subscriptionId`, `vipswap:clientSecret`, ... stand for the `azure-native:*` keys
 * that the dynamic provider reads, and `vipswap:armEndpoint` / `vipswap:armCaCertFile` are the same keys in both.
 * They stay in this process: never inputs, outputs or state.
 */
import * as runtime from "../components/vipSwap/vipSwapRuntime";
import { revealSecrets } from "./wireSecrets";

type Props = Record<string, unknown>;

/**
 * Takes the provider config of a Configure request: `args` by bare key (the engine strips the namespace), or the
 * older `variables` map (`vipswap:config:<key>`). Read as `vipswap:<key>` (components/azure/azureCredentials.ts,
 * `settingsFromConfig`), so its messages name `vipswap:subscriptionId` where the dynamic provider's name azure-native's.
 */
export function configureVipSwap(args: Props, variables: ReadonlyMap<string, string> = new Map()): void {
    const { plain } = revealSecrets(args);
    const setting = (bareKey: string): string | undefined => {
        const fromArgs = plain[bareKey];
        if (fromArgs !== undefined && fromArgs !== null) return typeof fromArgs === "string" ? fromArgs : JSON.stringify(fromArgs);
        return variables.get(`vipswap:config:${bareKey}`) ?? variables.get(`vipswap:${bareKey}`);
    };
    runtime.configure({ get: (key) => (key.startsWith("vipswap:") ? setting(key.slice("vipswap:".length)) : undefined) }, "vipswap");
}

/** `check`: the runtime's failures, one per input, each naming its property. */
export function checkVipSwap(olds: Props, news: Props): { inputs: Props; failures: { property: string; reason: string }[] } {
    return runtime.check(news, olds);
}

/** `diff`: against the recorded outputs and what Azure has; never a replacement. */
export function diffVipSwap(olds: Props, news: Props): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }> {
    return runtime.diff(olds, news);
}

/** `create`: adopts the pair (docs/vipswap-resource.md). */
export async function createVipSwap(news: Props): Promise<{ id: string; outs: Props }> {
    const { id, outs } = await runtime.create(news);
    return { id, outs: { ...outs } };
}

/** `update`: reconciles towards the desired colour. */
export async function updateVipSwap(olds: Props, news: Props): Promise<Props> {
    return { ...(await runtime.update(olds, news)).outs };
}

/** `read` (`pulumi refresh`): the live assignment. */
export function readVipSwap(id: string, props: Props): Promise<{ id: string; props: Props; inputs: Props }> {
    return runtime.read(id, props);
}

/** `delete`: removes a leftover floating IP only. */
export function deleteVipSwap(props: Props): Promise<void> {
    return runtime.remove(props);
}
