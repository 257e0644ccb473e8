/**
 * Drives the installed stand-in for azure-native the way the Pulumi engine does: starts the
 * `pulumi-resource-azure-native` launcher with an engine address, reads the gRPC port from its stdout, and calls
 * GetPluginInfo, Check, Diff, Create, Read, Update and Delete with URNs and protobuf Structs (compare
 * test/vipSwap/providerHost.ts for Pulumi's dynamic-provider host).
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";

type Props = Record<string, unknown>;

/** The DiffResponse changes values (pulumi/proto/provider.proto). */
export const diffChanges = { unknown: 0, none: 1, some: 2 } as const;

/** The URN the engine would give a child of the component. */
export function urnOf(token: string, name: string): string {
    return `urn:pulumi:e2e::vipswap::vipswap:azure:BlueGreenDeployment$${token}::${name}`;
}

/** A running plugin and typed calls into it. */
export interface StandInHost {
    version(): Promise<string>;
    check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
    diff(urn: string, id: string, olds: Props, news: Props): Promise<{ changes: number; replaces: string[] }>;
    create(urn: string, props: Props): Promise<{ id: string; properties: Props }>;
    update(urn: string, id: string, olds: Props, news: Props): Promise<{ properties: Props }>;
    read(urn: string, id: string, props: Props): Promise<{ id: string; properties: Props; inputs: Props | undefined }>;
    delete(urn: string, id: string, props: Props): Promise<void>;
    stderr(): string;
    stop(): Promise<void>;
}

/** Starts the launcher with piped stdio (an inherited stdout would keep jest waiting) and connects to it. */
export async function startStandInHost(pluginPath: string, env: NodeJS.ProcessEnv): Promise<StandInHost> {
    const child: ChildProcessWithoutNullStreams = spawn(pluginPath, ["127.0.0.1:1"], { env, stdio: "pipe" });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const port = await new Promise<number>((resolve, reject) => {
        let stdout = "";
        const onData = (chunk: Buffer) => {
            stdout += chunk.toString();
            const line = stdout.split("\n")[0].trim();
            if (stdout.includes("\n") && /^\d+$/.test(line)) {
                child.stdout.off("data", onData);
                resolve(Number(line));
            }
        };
        child.stdout.on("data", onData);
        child.once("exit", (code) => reject(new Error(`the stand-in exited (${code}) before printing its port: ${stderr}`)));
    });
    child.stdout.resume();
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const call = <Req, Resp>(
        method: (request: Req, callback: (err: grpc.ServiceError | null, response: Resp) => void) => unknown,
        request: Req,
    ): Promise<Resp> =>
        new Promise((resolve, reject) => method.call(client, request, (err, response) => (err ? reject(err) : resolve(response))));
    const struct = (props: Props) => Struct.fromJavaScript(props as never);
    const js = (s: { toJavaScript(): unknown } | undefined) => (s ? (s.toJavaScript() as Props) : undefined);

    return {
        async version() {
            const info = await call<Empty, PluginInfo>(client.getPluginInfo, new Empty());
            return info.getVersion();
        },
        async check(urn, olds, news) {
            const req = new providerProto.CheckRequest();
            req.setUrn(urn);
            req.setOlds(struct(olds));
            req.setNews(struct(news));
            const resp = await call<providerProto.CheckRequest, providerProto.CheckResponse>(client.check, req);
            return { inputs: js(resp.getInputs())!, failures: resp.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })) };
        },
        async diff(urn, id, olds, news) {
            const req = new providerProto.DiffRequest();
            req.setUrn(urn);
            req.setId(id);
            req.setOlds(struct(olds));
            req.setNews(struct(news));
            const resp = await call<providerProto.DiffRequest, providerProto.DiffResponse>(client.diff, req);
            return { changes: resp.getChanges(), replaces: resp.getReplacesList() };
        },
        async create(urn, props) {
            const req = new providerProto.CreateRequest();
            req.setUrn(urn);
            req.setProperties(struct(props));
            const resp = await call<providerProto.CreateRequest, providerProto.CreateResponse>(client.create, req);
            return { id: resp.getId(), properties: js(resp.getProperties())! };
        },
        async update(urn, id, olds, news) {
            const req = new providerProto.UpdateRequest();
            req.setUrn(urn);
            req.setId(id);
            req.setOlds(struct(olds));
            req.setNews(struct(news));
            const resp = await call<providerProto.UpdateRequest, providerProto.UpdateResponse>(client.update, req);
            return { properties: js(resp.getProperties())! };
        },
        async read(urn, id, props) {
            const req = new providerProto.ReadRequest();
            req.setUrn(urn);
            req.setId(id);
            req.setProperties(struct(props));
            const resp = await call<providerProto.ReadRequest, providerProto.ReadResponse>(client.read, req);
            return { id: resp.getId(), properties: js(resp.getProperties())!, inputs: js(resp.getInputs()) };
        },
        async delete(urn, id, props) {
            const req = new providerProto.DeleteRequest();
            req.setUrn(urn);
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
