import http from "node:http";
import type { AddressInfo } from "node:net";

/** One answer of the scripted application. */
export interface ScriptedAnswer {
    readonly status: number;
    readonly body: string;
    /** Wait this long before answering (to provoke a timeout). */
    readonly delayMs?: number;
}

/**
 * A tiny HTTP application on 127.0.0.1 standing in for the user's app behind the staging address (this is the
 * user's application, not Azure). It answers with `script[n]` for the n-th request and repeats the last entry.
 */
export class ScriptedApp {
    readonly #server: http.Server;
    readonly #script: readonly ScriptedAnswer[];
    /** The `Host` header of every request so far. */
    readonly hosts: string[] = [];
    /** When each request arrived (ms since the epoch). */
    readonly arrivals: number[] = [];

    private constructor(script: readonly ScriptedAnswer[]) {
        this.#script = script;
        this.#server = http.createServer((request, response) => {
            const answer = this.#script[Math.min(this.arrivals.length, this.#script.length - 1)];
            this.arrivals.push(Date.now());
            this.hosts.push(request.headers.host ?? "");
            const timer = setTimeout(() => {
                response.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body);
            }, answer.delayMs ?? 0);
            response.on("close", () => clearTimeout(timer));
        });
    }

    /** Starts the application and resolves once it listens. */
    static async start(script: readonly ScriptedAnswer[]): Promise<ScriptedApp> {
        const app = new ScriptedApp(script);
        await new Promise<void>((resolve) => app.#server.listen(0, "127.0.0.1", resolve));
        return app;
    }

    /** `http://127.0.0.1:<port><path>`. */
    url(path = "/health"): string {
        return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}${path}`;
    }

    /** How many requests arrived. */
    get requests(): number {
        return this.arrivals.length;
    }

    /** Stops the application, cutting open connections. */
    async stop(): Promise<void> {
        this.#server.closeAllConnections();
        await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    }
}
