/**
 * The schema that `pulumi package add` gets from plugin/ (docs/other-languages.md): inferred by the Node SDK's own
 * analyzer from the TypeScript source, exactly as componentProviderHost does it in the provider process.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Analyzer } from "@pulumi/pulumi/provider/experimental/analyzer";
import { generateSchema } from "@pulumi/pulumi/provider/experimental/schema";

const root = join(__dirname, "..", "..");
const pluginDir = join(root, "plugin");
const pluginPackage = JSON.parse(readFileSync(join(pluginDir, "package.json"), "utf8")) as { name: string; version: string };
const rootPackage = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name: string; version: string };

type Property = { type?: string; $ref?: string; plain?: boolean; description?: string; items?: Property };
type Schema = {
    name: string;
    version: string;
    resources: Record<string, { inputProperties: Record<string, Property>; requiredInputs: string[]; properties: Record<string, Property> }>;
    types: Record<string, { type: string; enum?: { name: string; value: string }[]; properties?: Record<string, Property> }>;
};

let schema: Schema;
beforeAll(() => {
    const analyzed = new Analyzer(pluginDir, "vipswap", pluginPackage, new Set(["BlueGreenDeployment"])).analyze();
    schema = generateSchema("vipswap", pluginPackage.version, "", analyzed.components, analyzed.typeDefinitions, analyzed.dependencies) as unknown as Schema;
}, 120_000);

const component = () => schema.resources["vipswap:index:BlueGreenDeployment"]!;
const enumValues = (token: string) => schema.types[`vipswap:index:${token}`]?.enum?.map((e) => e.value);

test("the package is vipswap at the npm package's version, with the one component under the index module", () => {
    expect(pluginPackage.name).toBe(rootPackage.name);
    expect(pluginPackage.version).toBe(rootPackage.version);
    expect(schema.name).toBe("vipswap");
    expect(Object.keys(schema.resources)).toEqual(["vipswap:index:BlueGreenDeployment"]);
});

test("the colour, the rule and probe protocols and the backend-health requirement are enums of the accepted values", () => {
    expect(component().inputProperties.activeColour!.$ref).toBe("#/types/vipswap:index:Colour");
    expect(enumValues("Colour")).toEqual(["blue", "green"]);
    expect(enumValues("PortProtocol")).toEqual(["Tcp", "Udp"]);
    expect(enumValues("ProbeProtocol")!.sort()).toEqual(["Http", "Https", "Tcp"]);
    expect(enumValues("BackendHealthRequirement")).toEqual(["allUp", "matchLive", "minimumPercent"]);
});

test("the required inputs are the component's, the nested settings are object types, and the fields keep their docs", () => {
    expect([...component().requiredInputs].sort()).toEqual(["activeColour", "blue", "green", "location"]);
    const inputs = component().inputProperties;
    expect(inputs.network!.$ref).toBe("#/types/vipswap:index:NetworkArgs");
    expect(Object.keys(schema.types["vipswap:index:NetworkArgs"]!.properties!).sort()).toEqual(
        ["addressSpace", "allowedSourceRange", "subnetId", "subnetPrefix"],
    );
    expect(inputs.ports!.items!.$ref).toBe("#/types/vipswap:index:PortRule");
    expect(inputs.probe!.$ref).toBe("#/types/vipswap:index:HealthProbe");
    expect(inputs.blue!.$ref).toBe("#/types/vipswap:index:ColourArgs");
    expect(inputs.healthGate!.$ref).toBe("#/types/vipswap:index:HealthGateSettings");
    // protectAddresses is a resource option inside the component, so it must be a plain value, not an output.
    expect(inputs.protectAddresses).toMatchObject({ type: "boolean", plain: true });
    expect(inputs.activeColour!.description).toMatch(/The live colour/);
});

test("the outputs include both addresses, their ids and the swap target", () => {
    const outputs = component().properties;
    for (const name of ["activeColour", "productionAddress", "stagingAddress", "productionIpId", "stagingIpId", "productionUrl"]) {
        expect(outputs).toHaveProperty(name);
    }
    expect(outputs.swapTarget!.$ref).toBe("#/types/vipswap:index:SwapTargetNames");
});

test("every description is text the generated SDKs can show (a JSDoc {@link} once became '[object Object]')", () => {
    const descriptions: [string, unknown][] = [];
    const collect = (where: string, properties: Record<string, Property> | undefined) => {
        for (const [name, property] of Object.entries(properties ?? {})) descriptions.push([`${where}.${name}`, property.description]);
    };
    for (const [token, resource] of Object.entries(schema.resources)) {
        collect(`${token} input`, resource.inputProperties);
        collect(`${token} output`, resource.properties);
    }
    for (const [token, type] of Object.entries(schema.types)) collect(token, type.properties);
    const garbled = descriptions.filter(([, text]) => text !== undefined && (typeof text !== "string" || /\[object Object\]|\{@link/.test(text)));
    expect(garbled).toEqual([]);
    expect(descriptions.length).toBeGreaterThan(30);
});
