/** Where the serialized provider looks for its runtime, and what it says when the runtime is not built. */
import * as path from "node:path";
import { createVipSwapProvider, defaultRuntimeModule } from "../../components/vipSwap/vipSwapProvider";
import { repoRoot } from "../helpers/compiledBuild";

describe("defaultRuntimeModule", () => {
    it("is relative to the project directory when the runtime lies inside it, so a moved checkout still finds it", () => {
        expect(defaultRuntimeModule(repoRoot)).toBe(path.join("dist", "components", "vipSwap", "vipSwapRuntime.js"));
    });

    it("is absolute when the runtime lies outside the project directory", () => {
        expect(defaultRuntimeModule("/somewhere/else")).toBe(path.join(repoRoot, "dist", "components", "vipSwap", "vipSwapRuntime.js"));
    });
});

describe("createVipSwapProvider", () => {
    it("says to build the package when the compiled runtime is missing", async () => {
        const provider = createVipSwapProvider(path.join(repoRoot, ".vipswap", "no-such-build", "vipSwapRuntime.js"));
        await expect(provider.check!({}, {})).rejects.toThrow(/provider code is not at .*no-such-build.*npm run build/);
    });
});
