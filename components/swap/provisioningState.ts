/**
 * Azure's provisioning states as both swap methods read them. `Succeeded`, `Failed` and `Canceled` are terminal:
 * after them Azure runs no more operation on the resource (docs/azure-behaviour.md §3); `Updating`, `Deleting` and
 * `Creating` mean an operation is still running, so a swap waits rather than write over it.
 */

/** The provisioning states after which Azure runs no more operation on a resource (absent counts as settled). */
export function isSettled(provisioningState: string | undefined): boolean {
    return provisioningState === undefined || ["succeeded", "failed", "canceled"].includes(provisioningState.toLowerCase());
}
