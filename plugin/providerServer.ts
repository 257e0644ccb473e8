/**
 * The vipswap plugin's gRPC provider server (docs/other-languages.md, "VipSwap inside the component provider").
 *
 * Why a server of its own in front of the SDK's component host: the SDK's provider server answers `Configure`
 * without handing the config to the provider (docs/other-languages.md, "Why the plugin has a provider server of its
 * own"), and `vipswap:index:VipSwap` needs that config (`vipswap:armEndpoint`, the subscription, ...). So this
 * server owns `Configure`, `GetSchema` and the VipSwap resource's CRUD calls and forwards every other call,
 * unchanged bytes, to the SDK's host in a child process (componentHost.ts), which also gets `Configure`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { PackageVipSwap } from "../components/vipSwap/packageVipSwap";
import { engineAddress, watchEngine } from "./engineWatch";
import { withVipSwapResource } from "./vipSwapSchema";
import * as vipSwap from "./vipSwapResourceProvider";
import { resealSecrets, revealSecrets } from "./wireSecrets";

type Props = Record<string, unknown>;
type Raw = Buffer;
type Reply = (error: grpc.ServiceError | Partial<grpc.StatusObject> | null, value?: Raw, trailer?: grpc.Metadata) => void;

/** Starts the component host with the engine's arguments and resolves with the port it prints. */
function startComponentHost(args: readonly string[]): Promise<{ child: ChildProcess; port: number }> {
    const child = spawn(process.execPath, [path.join(__dirname, "componentHostMain.js"), ...args], {
        // stderr goes where the engine reads this plugin's; the IPC channel ends the child with this process.
        stdio: ["ignore", "pipe", "inherit", "ipc"],
    });
    return new Promise((resolve, reject) => {
        let stdout = "";
        const onData = (chunk: Buffer) => {
            stdout += chunk.toString();
            const newline = stdout.indexOf("\n");
            if (newline < 0) return;
            child.stdout!.off("data", onData);
            child.stdout!.pipe(process.stderr);
            const port = Number(stdout.slice(0, newline).trim());
            if (Number.isInteger(port) && port > 0) resolve({ child, port });
            else reject(new Error(`the component host printed '${stdout.slice(0, newline)}' where its port belongs`));
        };
        child.stdout!.on("data", onData);
        child.once("exit", (code, signal) => reject(new Error(`the component host exited (${signal ?? code}) before it printed its port`)));
        child.once("error", reject);
    });
}

/** The resource type a CRUD request is for: its `type` field, or the last type in its URN. */
function typeOf(request: { getType(): string; getUrn(): string }): string {
    return request.getType() || (request.getUrn().split("::")[2] ?? "").split("$").pop()!;
}

const js = (struct: Struct | undefined): Props => (struct ? (struct.toJavaScript() as Props) : {});
/** A request's properties as the runtime takes them: plain values, and which of them the engine sent as secrets. */
const plain = (struct: Struct | undefined) => revealSecrets(js(struct));
const struct = (props: Props): Struct => Struct.fromJavaScript(JSON.parse(JSON.stringify(props)) as never);


/**
 * One VipSwap call, or undefined when the request is for another type (then it is forwarded). Errors become the
 * gRPC status the engine prints: the runtime's messages already name the input, the Azure code and the state left.
 */
async function answerVipSwap(method: string, raw: Raw): Promise<Uint8Array | undefined> {
    switch (method) {
        case "check": {
            const request = proto.CheckRequest.deserializeBinary(raw);
            if (typeOf(request) !== PackageVipSwap.typeToken) return undefined;
            const news = plain(request.getNews());
            const { inputs, failures } = vipSwap.checkVipSwap(plain(request.getOlds()).plain, news.plain);
            const response = new proto.CheckResponse();
            response.setInputs(struct(resealSecrets(inputs, news.secretNames)));
            response.setFailuresList(
                failures.map((f) => {
                    const failure = new proto.CheckFailure();
                    failure.setProperty(f.property);
                    failure.setReason(f.reason);
                    return failure;
                }),
            );
            return response.serializeBinary();
        }
        case "diff": {
            const request = proto.DiffRequest.deserializeBinary(raw);
            if (typeOf(request) !== PackageVipSwap.typeToken) return undefined;
            const result = await vipSwap.diffVipSwap(plain(request.getOlds()).plain, plain(request.getNews()).plain);
            const response = new proto.DiffResponse();
            response.setChanges(result.changes ? proto.DiffResponse.DiffChanges.DIFF_SOME : proto.DiffResponse.DiffChanges.DIFF_NONE);
            response.setReplacesList(result.replaces);
            response.setDeletebeforereplace(result.deleteBeforeReplace);
            return response.serializeBinary();
        }
        case "create": {
            const request = proto.CreateRequest.deserializeBinary(raw);
            if (typeOf(request) !== PackageVipSwap.typeToken) return undefined;
            const response = new proto.CreateResponse();
            if (request.getPreview()) {
                // Nothing is swapped in a preview; the outputs are known after the update.
                response.setProperties(struct(js(request.getProperties())));
                return response.serializeBinary();
            }
            const news = plain(request.getProperties());
            const { id, outs } = await vipSwap.createVipSwap(news.plain);
            response.setId(id);
            response.setProperties(struct(resealSecrets(outs, news.secretNames)));
            return response.serializeBinary();
        }
        case "update": {
            const request = proto.UpdateRequest.deserializeBinary(raw);
            if (typeOf(request) !== PackageVipSwap.typeToken) return undefined;
            const response = new proto.UpdateResponse();
            const [olds, news] = [plain(request.getOlds()), plain(request.getNews())];
            const outs = request.getPreview() ? news.plain : await vipSwap.updateVipSwap(olds.plain, news.plain);
            response.setProperties(struct(resealSecrets(outs, new Set([...olds.secretNames, ...news.secretNames]))));
            return response.serializeBinary();
        }
        case "read": {
            const request = proto.ReadRequest.deserializeBinary(raw);
            if (typeOf(request) !== PackageVipSwap.typeToken) return undefined;
            const recorded = plain(request.getProperties());
            const { id, props, inputs } = await vipSwap.readVipSwap(request.getId(), recorded.plain);
            const response = new proto.ReadResponse();
            response.setId(id);
            response.setProperties(struct(resealSecrets(props, recorded.secretNames)));
            response.setInputs(struct(resealSecrets(inputs, recorded.secretNames)));
            return response.serializeBinary();
        }
        case "delete": {
            const request = proto.DeleteRequest.deserializeBinary(raw);
            if (typeOf(request) !== PackageVipSwap.typeToken) return undefined;
            await vipSwap.deleteVipSwap(plain(request.getProperties()).plain);
            return new Uint8Array(0); // google.protobuf.Empty
        }
        default:
            return undefined;
    }
}

/**
 * Serves the plugin: starts the component host, listens on a free local port and prints it (the engine reads the
 * first line of a plugin's stdout as its port), and ends when the engine is gone (engineWatch.ts).
 * @param args the engine's arguments (its address), passed on to the component host.
 */
export async function servePlugin(args: readonly string[]): Promise<void> {
    const { child, port: hostPort } = await startComponentHost(args);
    child.once("exit", (code, signal) => {
        // Without the host the plugin cannot construct anything: stop, so the engine reports the plugin's failure.
        process.stderr.write(`vipswap plugin: the component host exited (${signal ?? code})\n`);
        process.exit(1);
    });
    const host = new grpc.Client(`127.0.0.1:${hostPort}`, grpc.credentials.createInsecure());
    const forward = (methodPath: string, raw: Raw, reply: Reply): void => {
        host.makeUnaryRequest(methodPath, (b: Raw) => b, (b: Buffer) => b, raw, (error, value) =>
            error ? reply({ code: error.code, details: error.details, metadata: error.metadata }) : reply(null, value),
        );
    };

    const service: Record<string, grpc.MethodDefinition<Raw, Raw>> = {};
    const handlers: grpc.UntypedServiceImplementation = {};
    for (const [method, definition] of Object.entries(ResourceProviderService)) {
        service[method] = { ...definition, requestDeserialize: (b: Buffer) => b, responseSerialize: (b: Raw) => b };
        if (definition.responseStream) {
            handlers[method] = (call: grpc.ServerWritableStream<Raw, Raw>) => call.emit("error", { code: grpc.status.UNIMPLEMENTED, details: `${method} is not implemented` });
            continue;
        }
        handlers[method] = (call: grpc.ServerUnaryCall<Raw, Raw>, reply: Reply) => {
            void handle(method, definition.path, call.request, reply);
        };
    }

    async function handle(method: string, methodPath: string, raw: Raw, reply: Reply): Promise<void> {
        try {
            if (method === "configure") {
                const request = proto.ConfigureRequest.deserializeBinary(raw);
                vipSwap.configureVipSwap(js(request.getArgs()), new Map(request.getVariablesMap().entries()));
                return forward(methodPath, raw, reply);
            }
            if (method === "getSchema") {
                return forward(methodPath, raw, (error, value) => {
                    if (error || !value) return reply(error);
                    const response = proto.GetSchemaResponse.deserializeBinary(value);
                    response.setSchema(withVipSwapResource(response.getSchema()));
                    reply(null, Buffer.from(response.serializeBinary()));
                });
            }
            const answer = await answerVipSwap(method, raw);
            if (answer === undefined) return forward(methodPath, raw, reply);
            reply(null, Buffer.from(answer));
        } catch (err) {
            reply({ code: grpc.status.UNKNOWN, details: err instanceof Error ? err.message : String(err) });
        }
    }

    const server = new grpc.Server();
    server.addService(service as grpc.ServiceDefinition, handlers);
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
    );
    process.stdout.write(`${port}\n`);
    const engine = engineAddress(args);
    if (engine) {
        watchEngine(engine, (reason) => {
            // The component host ends with this process (its IPC channel closes).
            process.stderr.write(`vipswap plugin: ${reason}; stopping\n`);
            process.exit(1);
        });
    }
}
