/** One entry of an ARM error's `details`. */
export interface ArmErrorDetail {
    readonly code: string;
    readonly message: string;
    readonly target?: string;
}

/** The ARM `CloudError` body: `{"error":{"code","message","details"}}` (docs/azure-behaviour.md §1, `CloudError` / `CloudErrorBody`). */
export interface ArmErrorBody {
    readonly error: { readonly code: string; readonly message: string; readonly details: readonly ArmErrorDetail[] };
}

/**
 * An error that the emulator answers with, exactly as Azure Resource Manager would: an HTTP status, the ARM error
 * code and message, optional details and extra headers (for example `Retry-After` on a 429). Handlers throw it before
 * they change anything, so a refused request never leaves a trace in the emulated state.
 */
export class ArmError extends Error {
    constructor(
        readonly status: number,
        readonly code: string,
        message: string,
        readonly details: readonly ArmErrorDetail[] = [],
        readonly headers: Readonly<Record<string, string>> = {},
    ) {
        super(message);
        this.name = "ArmError";
    }

    /** The JSON body Azure sends for this error. */
    toBody(): ArmErrorBody {
        return { error: { code: this.code, message: this.message, details: this.details } };
    }
}
