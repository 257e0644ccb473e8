/** One request as the emulator saw and answered it. */
export interface RequestLogEntry {
    /** When the answer was sent (ISO 8601). */
    readonly time: string;
    readonly method: string;
    /** The path without the query string. */
    readonly path: string;
    /** The query string without the leading `?` (empty when none). */
    readonly query: string;
    /** The HTTP status sent; 0 when the connection was reset or left hanging by an injected fault. */
    readonly status: number;
    /** The ARM error code of an error answer. */
    readonly errorCode?: string;
    /** For a request refused with 403 `AuthorizationFailed` / `LinkedAuthorizationFailed`: the action it lacked. */
    readonly deniedAction?: string;
    /** The fault that was injected, if one was. */
    readonly fault?: string;
    /** For a `resetAfterAccept` or `errorAfterAccept` fault: the status the request would have been answered with (it took effect). */
    readonly acceptedStatus?: number;
    /** True for `/_emulator/` control requests. */
    readonly control: boolean;
    /**
     * The JSON body of an ARM write (PUT, PATCH, POST) as received, so a test can prove what a client sent (the
     * stand-in for azure-native's PUT bodies, docs/e2e-stand-ins.md). Absent for reads, deletes and control requests.
     */
    readonly requestBody?: unknown;
}

/**
 * Every request the emulator received, in order, so a test can prove what was (and was not) written.
 * Bounded so that a long demo does not grow without limit.
 */
export class RequestLog {
    readonly #entries: RequestLogEntry[] = [];

    constructor(private readonly capacity = 20_000) {}

    /** Appends one entry, dropping the oldest beyond the capacity. */
    add(entry: RequestLogEntry): void {
        this.#entries.push(entry);
        if (this.#entries.length > this.capacity) {
            this.#entries.splice(0, this.#entries.length - this.capacity);
        }
    }

    /** A copy of the entries, oldest first. */
    entries(): RequestLogEntry[] {
        return [...this.#entries];
    }

    /** Forgets every entry. */
    clear(): void {
        this.#entries.length = 0;
    }
}
