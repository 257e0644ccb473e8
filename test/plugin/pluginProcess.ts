/**
 * The vipswap plugin as the engine runs it: its compiled entry (plugin/index.ts) in a process of its own, which
 * prints its port and serves the ResourceProvider gRPC service; typed calls into it for the tests.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { type CompiledBuild, compileForChildProcess } from "../helpers/compiledBuild";
import { startStandInEngine } from "./standInEngine";

type Props = Record<string, unknown>;

/** A URN of a VipSwap inside a BlueGreenDeployment, as the engine sends it. */
export const vipSwapUrn = "urn:pulumi:test::yamlshop::vipswap:azure:BlueGreenDeployment$vipswap:index:VipSwap::shop-swap";

/** A running plugin and typed calls into it. */
export interface PluginProcess {
    getSchema(): Promise<Record<string, unknown>>;
    /** Configure with provider config by bare key, as the engine sends a package's config. */
    configure(args: Record<string, string>): Promise<void>;
    check(olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
    diff(id: string, olds: Props, news: Props): Promise<{ changes: number; replaces: string[] }>;
    create(props: Props): Promise<{ id: string; properties: Props }>;
    update(id: string, olds: Props, news: Props): Promise<{ properties: Props }>;
    read(id: string, props: Props): Promise<{ id: string; properties: Props; inputs: Props }>;
    delete(id: string, props: Props): Promise<void>;
    /** Everything the plugin (and its component host) wrote on stderr so far. */
    stderr(): string;
    /** The plugin's pid (its component host is its child). */
    readonly pid: number;
    /** Stops the stand-in engine's health service, as when `pulumi` is killed outright. */
    engineGone(): void;
    /** Resolves when the plugin process has ended, with its exit code. */
    exited(): Promise<number | null>;
    /** Kills the plugin; its component host ends with it. */
    stop(): Promise<void>;
}

let build: CompiledBuild | undefined;

/** Compiles the plugin's entries once per test file. */
function compiledPlugin(): CompiledBuild {
    build ??= compileForChildProcess("vipswap-plugin", ["plugin/index.ts", "plugin/componentHostMain.ts"]);
    return build;
}

/** Removes the compiled plugin. */
export function removeCompiledPlugin(): void {
    build?.remove();
    build = undefined;
}

/** Starts the plugin with `env` (the engine passes its own environment) and connects to it. */
export async function startPlugin(env: NodeJS.ProcessEnv): Promise<PluginProcess> {
    const engine = await startStandInEngine();
    const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [compiledPlugin().js("plugin/index.ts"), engine.address], { env, stdio: "pipe" });
    const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const port = await new Promise<number>((resolve, reject) => {
        let stdout = "";
        const onData = (chunk: Buffer) => {
            stdout += chunk.toString();
            if (!stdout.includes("\n")) return;
            child.stdout.off("data", onData);
            resolve(Number(stdout.split("\n")[0]!.trim()));
        };
        child.stdout.on("data", onData);
        child.once("exit", (code) => reject(new Error(`the plugin exited (${code}) before printing its port: ${stderr}`)));
    }).catch((error: unknown) => {
        engine.stop();
        throw error;
    });
    child.stdout.resume();
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const call = <Req, Resp>(method: (r: Req, cb: (e: grpc.ServiceError | null, v: Resp) => void) => unknown, request: Req): Promise<Resp> =>
        new Promise((resolve, reject) => method.call(client, request, (err, value) => (err ? reject(err) : resolve(value))));
    const struct = (props: Props) => Struct.fromJavaScript(props as never);
    const js = (s: Struct | undefined) => (s?.toJavaScript() ?? {}) as Props;

    return {
        async getSchema() {
            const response = await call<proto.GetSchemaRequest, proto.GetSchemaResponse>(client.getSchema, new proto.GetSchemaRequest());
            return JSON.parse(response.getSchema()) as Record<string, unknown>;
        },
        async configure(args) {
            const request = new proto.ConfigureRequest();
            request.setArgs(Struct.fromJavaScript(args));
            request.setAcceptsecrets(true);
            request.setAcceptresources(true);
            await call(client.configure, request);
        },
        async check(olds, news) {
            const request = new proto.CheckRequest();
            request.setUrn(vipSwapUrn);
            request.setOlds(struct(olds));
            request.setNews(struct(news));
            const response = await call<proto.CheckRequest, proto.CheckResponse>(client.check, request);
            return { inputs: js(response.getInputs()), failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })) };
        },
        async diff(id, olds, news) {
            const request = new proto.DiffRequest();
            request.setUrn(vipSwapUrn);
            request.setId(id);
            request.setOlds(struct(olds));
            request.setNews(struct(news));
            const response = await call<proto.DiffRequest, proto.DiffResponse>(client.diff, request);
            return { changes: response.getChanges(), replaces: response.getReplacesList() };
        },
        async create(props) {
            const request = new proto.CreateRequest();
            request.setUrn(vipSwapUrn);
            request.setProperties(struct(props));
            const response = await call<proto.CreateRequest, proto.CreateResponse>(client.create, request);
            return { id: response.getId(), properties: js(response.getProperties()) };
        },
        async update(id, olds, news) {
            const request = new proto.UpdateRequest();
            request.setUrn(vipSwapUrn);
            request.setId(id);
            request.setOlds(struct(olds));
            request.setNews(struct(news));
            const response = await call<proto.UpdateRequest, proto.UpdateResponse>(client.update, request);
            return { properties: js(response.getProperties()) };
        },
        async read(id, props) {
            const request = new proto.ReadRequest();
            request.setUrn(vipSwapUrn);
            request.setId(id);
            request.setProperties(struct(props));
            const response = await call<proto.ReadRequest, proto.ReadResponse>(client.read, request);
            return { id: response.getId(), properties: js(response.getProperties()), inputs: js(response.getInputs()) };
        },
        async delete(id, props) {
            const request = new proto.DeleteRequest();
            request.setUrn(vipSwapUrn);
            request.setId(id);
            request.setProperties(struct(props));
            await call(client.delete, request);
        },
        stderr: () => stderr,
        pid: child.pid!,
        engineGone: () => engine.stop(),
        exited: () => exit,
        async stop() {
            client.close();
            engine.stop();
            if (child.exitCode !== null) return;
            const exited = new Promise((resolve) => child.once("exit", resolve));
            child.kill("SIGKILL");
            await exited;
        },
    };
}
