/**
 * vipswap from Go, as far as it can be proven here (docs/other-languages.md, "Go: the SDK generated, the program
 * compiled, not run"): the schema the plugin serves (`pulumi package get-schema plugin/` with the real CLI), the Go
 * SDK written from it by the real Go code generator (tools/pulumi-cli/cmd/gen-go-sdk, pkg/v3/codegen/go at the CLI's
 * version), and README.md's Go program built against that SDK with `go build`. Nothing runs: the Go language host's
 * module is refused by the Go module proxy, so neither `pulumi package add` for Go nor `pulumi up` of a Go program can
 * run here.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { vipswapPluginDir } from "./harness/componentPackageProject";
import { offlinePulumiEnv, pulumiToolRoot, repositoryRoot } from "./harness/pulumiCli";

const run = promisify(execFile);

/** The Go module of the CLI build: it holds gen-go-sdk, and its go.mod and go.sum pin the Pulumi Go SDK's modules. */
const cliModuleDir = join(repositoryRoot, "tools", "pulumi-cli");

/** The Go program of README.md: the one ```go block, which starts with `// main.go`. */
function readmeGoProgram(): string {
    const blocks = [...readFileSync(join(repositoryRoot, "README.md"), "utf8").matchAll(/```go\n(\/\/ main\.go[^\n]*\n[\s\S]*?)```/g)];
    if (blocks.length !== 1) throw new Error(`README.md should hold one Go program (a \`\`\`go block starting with // main.go), found ${blocks.length}`);
    return blocks[0]![1]!;
}

interface GoModule {
    readonly Require?: { Path: string; Version: string }[];
    readonly Replace?: { Old: { Path: string; Version?: string }; New: { Path: string; Version?: string } }[];
}

/** A go.mod parsed by the go command itself. */
async function goModJson(goModPath: string): Promise<GoModule> {
    const { stdout } = await run("go", ["mod", "edit", "-json", goModPath]);
    return JSON.parse(stdout) as GoModule;
}

/**
 * The program's go.mod: the generated SDK replaced by its folder, the Pulumi Go SDK at the CLI's v3.248.0 (the
 * generated go.mod asks for v3.30.0; the replace keeps that version's go.mod out of the build), and every requirement
 * and replace of the CLI module, so that the build picks the versions whose checksums its go.sum holds.
 */
function programGoMod(sdkModulePath: string, sdkDir: string, cli: GoModule): string {
    const requires = [`${sdkModulePath} v0.0.0`, ...(cli.Require ?? []).map((r) => `${r.Path} ${r.Version}`)];
    const replaces = [
        `${sdkModulePath} => ${sdkDir}`,
        "github.com/pulumi/pulumi/sdk/v3 => github.com/pulumi/pulumi/sdk/v3 v3.248.0",
        ...(cli.Replace ?? []).map((r) => `${r.Old.Path} => ${r.New.Path} ${r.New.Version ?? ""}`.trim()),
    ];
    return `module vipswap-go-program\n\ngo 1.25\n\nrequire (\n${requires.map((r) => `\t${r}\n`).join("")})\n\n${replaces.map((r) => `replace ${r}\n`).join("")}`;
}

/** `go build` in the program's folder: the exit code and what the go command printed. */
async function goBuild(dir: string): Promise<{ ok: boolean; output: string }> {
    try {
        const { stdout, stderr } = await run("go", ["build", "-o", join(dir, "program"), "."], {
            cwd: dir,
            // -mod=mod lets the go command add the requirements the program needs beyond the CLI's (e.g. spf13/cast of
            // the SDK's config package); the checksums come from the go.sum written below, never from sum.golang.org.
            env: { ...process.env, GOFLAGS: "-mod=mod" },
            maxBuffer: 16 * 1024 * 1024,
        });
        return { ok: true, output: stdout + stderr };
    } catch (error) {
        const failed = error as { stdout?: string; stderr?: string; message: string };
        return { ok: false, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` || failed.message };
    }
}

let workDir: string;
let sdkDir: string;
let sdkModulePath: string;

/** Writes a Go module holding `program` as main.go in a new folder and returns the folder. */
async function writeProgram(name: string, program: string): Promise<string> {
    const dir = join(workDir, name);
    mkdirSync(dir);
    writeFileSync(join(dir, "main.go"), program);
    writeFileSync(join(dir, "go.mod"), programGoMod(sdkModulePath, sdkDir, await goModJson(join(cliModuleDir, "go.mod"))));
    // The CLI module's checksums, and the YAML host module's for the Pulumi SDK packages the CLI does not import
    // (the config package's spf13/cast): all verified when those modules were first built.
    const sums = ["go.sum", join("yaml-host", "go.sum")].map((f) => readFileSync(join(cliModuleDir, f), "utf8"));
    writeFileSync(join(dir, "go.sum"), [...new Set(sums.join("\n").split("\n").filter((l) => l !== ""))].sort().join("\n") + "\n");
    return dir;
}

beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), "vipswap-gosdk-"));
    const env = {
        ...process.env,
        ...offlinePulumiEnv,
        PATH: `${join(pulumiToolRoot, "bin")}${delimiter}${process.env.PATH ?? ""}`,
        PULUMI_HOME: join(workDir, "pulumi-home"),
    };
    const { stdout: schema } = await run(join(pulumiToolRoot, "bin", "pulumi"), ["package", "get-schema", vipswapPluginDir], {
        env,
        maxBuffer: 16 * 1024 * 1024,
    });
    const schemaPath = join(workDir, "schema.json");
    writeFileSync(schemaPath, schema);
    const generator = join(workDir, "gen-go-sdk");
    await run("go", ["build", "-o", generator, "./cmd/gen-go-sdk"], { cwd: cliModuleDir });
    sdkDir = join(workDir, "sdk");
    sdkModulePath = (await run(generator, [schemaPath, sdkDir])).stdout.trim();
}, 300_000);
afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test("the real Go code generator writes the vipswap SDK as a module of its own, with the component, VipSwap and the colour enum", () => {
    expect(sdkModulePath).toBe("example.com/pulumi-vipswap/sdk/go");
    expect(readFileSync(join(sdkDir, "go.mod"), "utf8")).toContain(`module ${sdkModulePath}`);
    const component = readFileSync(join(sdkDir, "vipswap", "blueGreenDeployment.go"), "utf8");
    expect(component).toContain("func NewBlueGreenDeployment(ctx *pulumi.Context,");
    expect(component).toMatch(/ActiveColour ColourInput\n/);
    // A component served by the plugin (Construct), not a custom resource.
    expect(component).toContain('ctx.RegisterRemoteComponentResource("vipswap:index:BlueGreenDeployment"');
    expect(readFileSync(join(sdkDir, "vipswap", "vipSwap.go"), "utf8")).toContain("func NewVipSwap(ctx *pulumi.Context,");
    expect(readFileSync(join(sdkDir, "vipswap", "pulumiEnums.go"), "utf8")).toMatch(/ColourGreen = Colour\("green"\)/);
    expect(JSON.parse(readFileSync(join(sdkDir, "vipswap", "pulumi-plugin.json"), "utf8"))).toMatchObject({ resource: true, name: "vipswap" });
});

test("README.md's Go program compiles against the generated SDK", async () => {
    const dir = await writeProgram("readme", readmeGoProgram());
    const built = await goBuild(dir);
    // On failure, the compiler's messages are the difference shown.
    expect(built.ok ? "compiled" : built.output).toBe("compiled");
}, 300_000);

test("a program that gives ActiveColour a number does not compile, and the error points at that field", async () => {
    const good = readmeGoProgram();
    const field = 'ActiveColour: vipswap.Colour(cfg.Require("activeColour")),';
    if (!good.includes(field)) throw new Error(`README.md's Go program no longer holds ${field}: update this test`);
    const wrong = good.replace(field, "ActiveColour: pulumi.Int(1),");
    const dir = await writeProgram("wrong", wrong);
    const built = await goBuild(dir);
    expect(built.ok).toBe(false);
    const line = wrong.split("\n").findIndex((l) => l.includes("ActiveColour: pulumi.Int(1)")) + 1;
    expect(built.output).toMatch(new RegExp(`main\\.go:${line}:\\d+: cannot use pulumi\\.Int\\(1\\).* as vipswap\\.ColourInput value`));
}, 300_000);
