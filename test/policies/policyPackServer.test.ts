/**
 * The pack as the Pulumi CLI runs it: `policies/index.ts` started in its own process (cwd `policies/`, whose
 * package.json gives the version), serving @pulumi/policy's analyzer over gRPC, and driven with the engine's own
 * requests from `@pulumi/pulumi/proto`. This checks what the in-process harness can only mirror: that the real
 * server accepts the pack (names, schemas), resolves levels from the Configure call, and turns an unknown value
 * into an advisory. The child loads the TypeScript sources through a `typescript.transpileModule` require hook,
 * as the CLI does through ts-node.
 */
import { ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { policies } from "../../policies/rules";
import { classicPair, editProps, modify } from "./pairFixtures";
import { buildStack, ResourceSpec, unknownString } from "./policyHarness";

const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as typeof import("google-protobuf/google/protobuf/struct_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb") as typeof import("google-protobuf/google/protobuf/empty_pb");

const host = `
const ts = require("typescript");
const fs = require("fs");
require.extensions[".ts"] = (module, filename) => {
    const { outputText } = ts.transpileModule(fs.readFileSync(filename, "utf8"), {
        fileName: filename,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    module._compile(outputText, filename);
};
require("./index.ts");
`;

let child: ChildProcessWithoutNullStreams;
let client: AnalyzerClient;

beforeAll(async () => {
    child = spawn(process.execPath, ["-e", host], { cwd: path.join(__dirname, "../../policies"), stdio: "pipe" });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const port = await new Promise<string>((resolve, reject) => {
        let stdout = "";
        child.stdout.on("data", (chunk) => {
            stdout += chunk;
            const match = /^(\d+)\s*$/m.exec(stdout);
            if (match) resolve(match[1]);
        });
        child.on("exit", (code) => reject(new Error(`policy pack exited with ${code}: ${stderr}`)));
    });
    client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
});

afterAll(async () => {
    client?.close();
    // SIGKILL, and wait for it: the pack's server outlived a SIGTERM, and with its pipes it kept the jest worker from
    // exiting ("A worker process has failed to exit gracefully").
    if (child && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGKILL");
        await exited;
    }
});

/** A unary call as a promise: `call<Res>((done) => client.method(request, done))`. */
function call<Res>(start: (done: (err: grpc.ServiceError | null, res: Res) => void) => unknown): Promise<Res> {
    return new Promise((resolve, reject) => start((err, res) => (err ? reject(err) : resolve(res))));
}

/** The engine's view of a spec: an AnalyzerResource with URN, parent, options and dependencies. */
function analyzerResources(specs: readonly ResourceSpec[]): analyzer.AnalyzerResource[] {
    return buildStack(specs).map((built, i) => {
        const resource = new analyzer.AnalyzerResource();
        resource.setType(built.type);
        resource.setName(built.name);
        resource.setUrn(built.urn);
        resource.setProperties(Struct.fromJavaScript(specs[i].props as never));
        const options = new analyzer.AnalyzerResourceOptions();
        options.setProtect(built.opts.protect);
        resource.setOptions(options);
        if (built.parent) resource.setParent(built.parent.urn);
        resource.setDependenciesList(built.dependencies.map((d) => d.urn));
        for (const [property, deps] of Object.entries(built.propertyDependencies)) {
            const list = new analyzer.AnalyzerPropertyDependencies();
            list.setUrnsList(deps.map((d) => d.urn));
            resource.getPropertydependenciesMap().set(property, list);
        }
        return resource;
    });
}

async function analyzeStack(specs: readonly ResourceSpec[]) {
    const req = new analyzer.AnalyzeStackRequest();
    req.setResourcesList(analyzerResources(specs));
    const res = await call<analyzer.AnalyzeResponse>((done) => client.analyzeStack(req, done));
    return res.getDiagnosticsList().map((d) => ({ policy: d.getPolicyname(), level: d.getEnforcementlevel(), message: d.getMessage(), urn: d.getUrn() }));
}

async function configure(levels: Record<string, analyzer.EnforcementLevel>) {
    const req = new analyzer.ConfigureAnalyzerRequest();
    for (const [name, level] of Object.entries(levels)) {
        const config = new analyzer.PolicyConfig();
        config.setEnforcementlevel(level);
        config.setProperties(Struct.fromJavaScript({}));
        req.getPolicyconfigMap().set(name, config);
    }
    await call<unknown>((done) => client.configure(req, done));
}

const dynamicStaging = editProps(classicPair(), "shop-staging-ip", (p) => (p.allocationMethod = "Dynamic"));

describe("vipswap-guard served by @pulumi/policy", () => {
    it("serves every policy with its level under the pack's name and package.json version", async () => {
        const info = await call<analyzer.AnalyzerInfo>((done) => client.getAnalyzerInfo(new Empty(), done));
        expect(info.getName()).toBe("vipswap-guard");
        expect(info.getVersion()).toBe("0.1.0");
        expect(info.getPoliciesList().map((p) => [p.getName(), p.getEnforcementlevel()])).toEqual(
            policies.map((p) => [p.name, p.enforcementLevel === "advisory" ? analyzer.EnforcementLevel.ADVISORY : analyzer.EnforcementLevel.MANDATORY]),
        );
    });

    it("passes a correct pair and reports a Dynamic address as mandatory, against that address", async () => {
        await configure({});
        expect(await analyzeStack(classicPair())).toEqual([]);
        expect(await analyzeStack(dynamicStaging)).toEqual([
            {
                policy: "vipswap-address-pair",
                level: analyzer.EnforcementLevel.MANDATORY,
                message: expect.stringContaining('public IP "shop-staging-ip" (the staging address of the top-level vipswap pair) is Dynamic'),
                urn: expect.stringMatching(/::shop-staging-ip$/),
            },
        ]);
    });

    it("takes the level from policy config", async () => {
        await configure({ "vipswap-address-pair": analyzer.EnforcementLevel.ADVISORY });
        expect((await analyzeStack(dynamicStaging)).map((d) => [d.policy, d.level])).toEqual([
            ["vipswap-address-pair", analyzer.EnforcementLevel.ADVISORY],
        ]);
        await configure({ "vipswap-address-pair": analyzer.EnforcementLevel.DISABLED });
        expect(await analyzeStack(dynamicStaging)).toEqual([]);
        await configure({});
    });

    it("turns an unknown value into the advisory 'can't run during preview'", async () => {
        const specs = editProps(classicPair(), "shop-staging-ip", (p) => (p.allocationMethod = unknownString));
        expect(await analyzeStack(specs)).toEqual([
            {
                policy: "vipswap-address-pair",
                level: analyzer.EnforcementLevel.ADVISORY,
                message: expect.stringMatching(/can't run policy 'vipswap-address-pair' .* during preview: string value at \.allocationMethod/),
                urn: "",
            },
        ]);
    });

    it("runs the resource rule on each resource's inputs and options", async () => {
        const [unprotected] = analyzerResources(modify(classicPair(), "shop-production-ip", (s) => ({ ...s, protect: false }))).filter(
            (r) => r.getName() === "shop-production-ip",
        );
        const req = new analyzer.AnalyzeRequest();
        req.setType(unprotected.getType());
        req.setName(unprotected.getName());
        req.setUrn(unprotected.getUrn());
        req.setProperties(unprotected.getProperties());
        req.setOptions(unprotected.getOptions());
        const res = await call<analyzer.AnalyzeResponse>((done) => client.analyze(req, done));
        expect(res.getDiagnosticsList().map((d) => [d.getPolicyname(), d.getEnforcementlevel(), d.getMessage()])).toEqual([
            ["vipswap-addresses-protected", analyzer.EnforcementLevel.MANDATORY, expect.stringContaining("is the production address but is not protected")],
        ]);
    });
});
