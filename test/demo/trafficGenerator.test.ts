import http from "node:http";
import type { AddressInfo } from "node:net";
import { interpretAnswer, TrafficGenerator } from "../../demo/trafficGenerator";

describe("interpretAnswer", () => {
    it("counts a 200 that names a colour as served", () => {
        expect(interpretAnswer(200, '{"loadBalancer":"lb-green","colour":"green","version":"2","backend":"vm-0"}')).toEqual({
            ok: true,
            status: 200,
            colour: "green",
            version: "2",
        });
    });

    it.each([
        [503, '{"colour":"blue"}', "HTTP 503"],
        [200, "<html>", "answer is not JSON"],
        [200, '{"colour":"red"}', "answer names no colour"],
    ])("counts status %p with body %p as failed: %p", (status, body, error) => {
        expect(interpretAnswer(status, body)).toEqual({ ok: false, status, error });
    });
});

describe("TrafficGenerator", () => {
    let server: http.Server;
    let url: string;

    beforeEach(async () => {
        server = http.createServer((_req, res) => res.end(JSON.stringify({ colour: "blue", version: "1" })));
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    });

    afterEach(async () => {
        if (server.listening) await new Promise((resolve) => server.close(resolve));
    });

    it("sends to every address on a steady schedule and records answers and refusals", async () => {
        // Production answers; staging points at a port that nothing listens on (the address is "detached").
        const closed = http.createServer();
        await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
        const closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
        await new Promise((resolve) => closed.close(resolve));

        // Stop once each address has five answers, however slowly a loaded machine sends them.
        const seen: string[] = [];
        let enough: () => void = () => undefined;
        const fiveEach = new Promise<void>((resolve) => (enough = resolve));
        const onSample = (s: { role: string }) => {
            seen.push(s.role);
            if (["production", "staging"].every((role) => seen.filter((r) => r === role).length >= 5)) enough();
        };
        const traffic = new TrafficGenerator({ urls: { production: url, staging: closedUrl }, requestsPerSecond: 50, requestTimeoutMs: 1000, onSample });
        traffic.start();
        await fiveEach;
        const samples = await traffic.stop();

        const production = samples.filter((s) => s.role === "production");
        const staging = samples.filter((s) => s.role === "staging");
        expect(production.length).toBeGreaterThanOrEqual(5);
        expect(production.every((s) => s.ok && s.colour === "blue" && s.version === "1")).toBe(true);
        expect(staging.length).toBeGreaterThanOrEqual(5);
        expect(staging.every((s) => !s.ok && s.error === "ECONNREFUSED")).toBe(true);
        expect(seen).toHaveLength(samples.length);
        // Stopped means stopped: nothing more arrives.
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(traffic.samples()).toHaveLength(samples.length);
    });

    it("records a request that does not answer in time as a timeout", async () => {
        server.removeAllListeners("request");
        server.on("request", () => {
            // never answers
        });
        let firstSample: () => void = () => undefined;
        const answered = new Promise<void>((resolve) => (firstSample = resolve));
        const traffic = new TrafficGenerator({ urls: { production: url, staging: url }, requestsPerSecond: 5, requestTimeoutMs: 50, onSample: () => firstSample() });
        traffic.start();
        await answered;
        const samples = await traffic.stop();
        expect(samples.length).toBeGreaterThan(0);
        expect(samples.every((s) => !s.ok && s.error === "timeout")).toBe(true);
        server.closeAllConnections();
    });

    it("does not count a stall of its own process as a timeout: requests in flight get their time again", async () => {
        const samples: { ok: boolean; sentAtMs: number; error?: string }[] = [];
        let resume: () => void = () => undefined;
        const done = new Promise<void>((resolve) => (resume = resolve));
        let stallEndedAt: number | undefined;
        const traffic = new TrafficGenerator({
            urls: { production: url, staging: url },
            requestsPerSecond: 20,
            // Far below the stall, so that without the rule every request in flight during it would time out.
            requestTimeoutMs: 300,
            clock: () => performance.now(),
            onSample: (s) => {
                samples.push(s);
                if (stallEndedAt === undefined) {
                    // Requests are in flight now; freeze the process for four timeouts, as a starved CPU would.
                    stallEndedAt = Infinity;
                    setImmediate(() => {
                        const until = performance.now() + 1200;
                        while (performance.now() < until);
                        stallEndedAt = performance.now();
                    });
                }
                // Done once every request sent before the stall ended has its answer.
                if (samples.filter((x) => x.sentAtMs > stallEndedAt!).length >= 4) resume();
            },
        });
        traffic.start();
        await done;
        await traffic.stop();
        // What matters is the requests that were waiting while the process stood still; later ones meet the machine's
        // load like any request.
        const caught = samples.filter((s) => s.sentAtMs < stallEndedAt!);
        expect(caught.length).toBeGreaterThan(1);
        expect(caught.filter((s) => !s.ok)).toEqual([]);
    });

    it("refuses a rate that is not a positive number", () => {
        expect(() => new TrafficGenerator({ urls: { production: url, staging: url }, requestsPerSecond: 0, requestTimeoutMs: 10 })).toThrow(
            "requestsPerSecond must be a positive number; got 0.",
        );
    });
});
