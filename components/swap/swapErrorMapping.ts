import { DeadlineExceededError, errorSummary } from "../azure/azureRetry";
import { diagnoseTransportError } from "../azure/transportError";
import { SwapError } from "./swapError";

/** What the loop knew when an error reached it. */
export interface ErrorContext {
    /** What was being done, e.g. "the swap to green", "the inspection". */
    readonly during: string;
    readonly timedOut: boolean;
    readonly aborted: boolean;
    readonly stateLeftBehind: string;
    readonly wroteAnything: boolean;
    /** The swap's deadline, when it had one (to say how long it waited). */
    readonly timeoutMs?: number;
}

/** The advice for an Azure error code or HTTP status: what the user should do. */
function adviceFor(code: string | undefined, status: number | undefined): string {
    if (status === 412 || code === "PreconditionFailed") {
        return "Another writer changed the resource after the swap read it, so the swap stopped instead of overwriting that change. Run the swap again: it starts from what Azure has now.";
    }
    if (status === 401 || code === "InvalidAuthenticationToken" || code === "AuthenticationFailed") {
        return "Azure did not accept the credential; check the token or the identity the swap runs as.";
    }
    if (status === 403 || code === "AuthorizationFailed" || code === "LinkedAuthorizationFailed") {
        return "The identity lacks the permission named above; the role roles/vipswap-swap-operator.json holds every action a swap needs, and `vipswap status --check-permissions` lists the ones missing.";
    }
    if (code === "SubscriptionNotFound" || code === "InvalidSubscriptionId") return "Check the subscription id.";
    if (code === "ResourceGroupNotFound") return "Check the resource group's name and the subscription.";
    if (code === "PublicIPAddressInUse") return "The address is held by another frontend, probably because a concurrent swap moved it; run the swap again.";
    return "Run the swap again to continue from the state left behind; it is safe to rerun towards either colour.";
}

/**
 * Turns whatever stopped the loop into a `SwapError` that names the Azure code (or the engine's own), says what
 * to do, and carries the state left behind.
 */
export function toSwapError(error: unknown, context: ErrorContext): SwapError {
    if (error instanceof SwapError) return error;
    const details = { stateLeftBehind: context.stateLeftBehind, wroteAnything: context.wroteAnything, cause: error };
    const written = context.wroteAnything ? "" : " Nothing was written.";
    if (context.aborted) {
        return new SwapError(`${capital(context.during)} was aborted. State left behind: ${context.stateLeftBehind}. Run it again to finish (or undo) it.${written}`, { ...details, code: "Aborted" });
    }
    if (context.timedOut || error instanceof DeadlineExceededError) {
        const lastError = error instanceof DeadlineExceededError ? error.lastError : undefined;
        const lastTransport = diagnoseTransportError(lastError);
        const last = lastTransport
            ? ` (the last attempt failed: ${lastTransport.cause}; ${lastTransport.fix})`
            : lastError !== undefined
              ? ` (last answer from Azure: ${errorSummary(lastError)})`
              : context.timeoutMs !== undefined
                ? ` (its deadline of ${context.timeoutMs} ms passed while it waited for Azure; a request that gets no answer at all means the endpoint (--endpoint / armEndpoint) or the network in between hangs; else give the swap more time with --timeout-ms / timeoutMs)`
                : "";
        return new SwapError(`${capital(context.during)} ran out of time${last}. State left behind: ${context.stateLeftBehind}. Run it again to finish (or undo) it.${written}`, { ...details, code: "Timeout" });
    }
    const transport = diagnoseTransportError(error);
    if (transport) {
        // Not an Azure answer: no request got through, so say what stood in the way, not what "Azure answered".
        return new SwapError(
            `${capital(context.during)} could not reach Azure Resource Manager: ${transport.cause}. ${transport.fix}${written}`,
            { ...details, code: transport.kind, transportCode: transport.nodeCode },
        );
    }
    const e = (error ?? {}) as { code?: string; statusCode?: number; message?: string };
    const code = e.code ?? (e.statusCode !== undefined ? `HTTP${e.statusCode}` : "OperationFailed");
    const status = e.statusCode !== undefined ? ` (HTTP ${e.statusCode})` : "";
    return new SwapError(
        `${capital(context.during)} stopped: Azure answered ${code}${status}: ${e.message ?? String(error)} ${adviceFor(e.code, e.statusCode)}${written}`,
        { ...details, code, ...(e.statusCode !== undefined ? { statusCode: e.statusCode } : {}) },
    );
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
