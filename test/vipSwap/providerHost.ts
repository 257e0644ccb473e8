/**
 * Runs a serialized dynamic provider the way the Pulumi engine does: in `@pulumi/pulumi/cmd/dynamic-provider`, its
 * own process, driven over gRPC (shared/docs/pulumi-behaviour.md §9).
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { repoRoot } from "../helpers/compiledBuild";

import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";

type Props = Record<string, unknown>;

/** The DiffResponse changes values (pulumi/proto/provider.proto). */
export const diffChanges = { unknown: 0, none: 1, some: 2 } as const;

/** A running host and typed calls into it. Every call sends the serialized provider as `__provider`. */
export interface ProviderHost {
    configure(config: Record<string, string>): Promise<void>;
    check(olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
    diff(id: string, olds: Props, news: Props): Promise<{ changes: number; replaces: string[]; deleteBeforeReplace: boolean }>;
    create(props: Props): Promise<{ id: string; properties: Props }>;
    update(id: string, olds: Props, news: Props): Promise<{ properties: Props }>;
    read(id: string, props: Props): Promise<{ id: string; properties: Props; inputs: Props | undefined }>;
    delete(id: string, props: Props): Promise<void>;
    /** Everything the host wrote on stderr so far. */
    stderr(): string;
    /** Kills the host and closes the channel. */
    stop(): Promise<void>;
}

/** Which host to start, when not this repository's own. */
export interface ProviderHostOptions {
    /** The project whose `@pulumi/pulumi` provides the host, and the host's working directory (default: this repository). */
    readonly projectDir?: string;
    /** The Node binary that runs the host (default: the one running the tests). */
    readonly node?: string;
}

/** Starts the SDK's host with piped stdio (an inherited stdout would keep jest waiting) and connects to it. */
export async function startProviderHost(providerText: string, env: NodeJS.ProcessEnv, options: ProviderHostOptions = {}): Promise<ProviderHost> {
    const projectDir = options.projectDir ?? repoRoot;
    // The engine runs the project's own SDK copy of the host (docs/pulumi-behaviour.md §1).
    const hostScript = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [projectDir] });
    const child: ChildProcessWithoutNullStreams = spawn(options.node ?? process.execPath, [hostScript, "127.0.0.1:1"], {
        cwd: projectDir,
        env,
        stdio: "pipe",
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const port = await new Promise<number>((resolve, reject) => {
        let stdout = "";
        const onData = (chunk: Buffer) => {
            stdout += chunk.toString();
            const line = stdout.split("\n")[0];
            if (stdout.includes("\n") && /^\d+$/.test(line.trim())) {
                child.stdout.off("data", onData);
                resolve(Number(line.trim()));
            }
        };
        child.stdout.on("data", onData);
        child.once("exit", (code) => reject(new Error(`the provider host exited (${code}) before printing its port: ${stderr}`)));
    });
    child.stdout.resume();
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());

    /** Promisifies one unary call of the generated client. */
    const call = <Req, Resp>(
        method: (request: Req, callback: (err: grpc.ServiceError | null, response: Resp) => void) => unknown,
        request: Req,
    ): Promise<Resp> =>
        new Promise((resolve, reject) => method.call(client, request, (err, response) => (err ? reject(err) : resolve(response))));
    const struct = (props: Props) => Struct.fromJavaScript({ ...props, __provider: providerText } as never);
    const js = (s: { toJavaScript(): unknown } | undefined) => (s ? (s.toJavaScript() as Props) : undefined);

    return {
        async configure(config) {
            const req = new providerProto.ConfigureRequest();
            req.setArgs(Struct.fromJavaScript(config));
            await call(client.configure, req);
        },
        async check(olds, news) {
            const req = new providerProto.CheckRequest();
            req.setOlds(struct(olds));
            req.setNews(struct(news));
            const resp = await call<providerProto.CheckRequest, providerProto.CheckResponse>(client.check, req);
            return {
                inputs: js(resp.getInputs())!,
                failures: resp.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
            };
        },
        async diff(id, olds, news) {
            const req = new providerProto.DiffRequest();
            req.setId(id);
            req.setOlds(struct(olds));
            req.setNews(struct(news));
            const resp = await call<providerProto.DiffRequest, providerProto.DiffResponse>(client.diff, req);
            return { changes: resp.getChanges(), replaces: resp.getReplacesList(), deleteBeforeReplace: resp.getDeletebeforereplace() };
        },
        async create(props) {
            const req = new providerProto.CreateRequest();
            req.setProperties(struct(props));
            const resp = await call<providerProto.CreateRequest, providerProto.CreateResponse>(client.create, req);
            return { id: resp.getId(), properties: js(resp.getProperties())! };
        },
        async update(id, olds, news) {
            const req = new providerProto.UpdateRequest();
            req.setId(id);
            req.setOlds(struct(olds));
            req.setNews(struct(news));
            const resp = await call<providerProto.UpdateRequest, providerProto.UpdateResponse>(client.update, req);
            return { properties: js(resp.getProperties())! };
        },
        async read(id, props) {
            const req = new providerProto.ReadRequest();
            req.setId(id);
            req.setProperties(struct(props));
            const resp = await call<providerProto.ReadRequest, providerProto.ReadResponse>(client.read, req);
            return { id: resp.getId(), properties: js(resp.getProperties())!, inputs: js(resp.getInputs()) };
        },
        async delete(id, props) {
            const req = new providerProto.DeleteRequest();
            req.setId(id);
            req.setProperties(struct(props));
            await call(client.delete, req);
        },
        stderr: () => stderr,
        async stop() {
            client.close();
            if (child.exitCode === null && child.signalCode === null) {
                const exited = new Promise((resolve) => child.once("exit", resolve));
                child.kill("SIGKILL");
                await exited;
            }
        },
    };
}
