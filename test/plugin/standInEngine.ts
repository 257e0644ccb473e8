/**
 * A stand-in for the one thing a plugin asks of its engine on its own: the gRPC health service
 * (`grpc.health.v1.Health/Check`, plugin/engineWatch.ts), which the engine's host server serves as every server of the
 * Go SDK's rpcutil does. It answers SERVING, or Unimplemented as an engine without the service would, and counts the
 * checks.
 */
import * as grpc from "@grpc/grpc-js";

/** A running stand-in engine health service. */
export interface StandInEngine {
    /** Its address, as the engine passes it to a plugin. */
    readonly address: string;
    /** How many checks it has answered. */
    checks(): number;
    /** Resolves once it has answered `count` checks in all. */
    checked(count: number): Promise<void>;
    /** Stops it at once (calls in flight are cancelled), as when `pulumi` is killed outright. */
    stop(): void;
}

/** Starts a stand-in engine health service on a free local port. */
export async function startStandInEngine(answer: "serving" | "unimplemented" = "serving"): Promise<StandInEngine> {
    const server = new grpc.Server();
    const raw = (b: Buffer) => b;
    let checks = 0;
    const waiting: { count: number; resolve: () => void }[] = [];
    server.addService(
        { check: { path: "/grpc.health.v1.Health/Check", requestStream: false, responseStream: false, requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw } },
        {
            check: (_call: grpc.ServerUnaryCall<Buffer, Buffer>, reply: grpc.sendUnaryData<Buffer>) => {
                checks += 1;
                for (const waiter of waiting.filter((w) => checks >= w.count)) waiter.resolve();
                // HealthCheckResponse{status: SERVING}: field 1, varint 1.
                if (answer === "serving") reply(null, Buffer.from([0x08, 0x01]));
                else reply({ code: grpc.status.UNIMPLEMENTED, details: "unknown service grpc.health.v1.Health" });
            },
        },
    );
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
    );
    return {
        address: `127.0.0.1:${port}`,
        checks: () => checks,
        checked: (count) => (checks >= count ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ count, resolve }))),
        stop: () => server.forceShutdown(),
    };
}
