/** The `VipSwap` inputs as `check` sees them: every bad input is reported against its own property. */
import {
    checkVipSwapInputs,
    parseVipSwapInputs,
    unknownInputValue,
    VipSwapInputError,
} from "../../components/vipSwap/vipSwapInputs";

const good = {
    activeColour: "blue",
    resourceGroupName: "rg-app",
    blueLoadBalancerName: "app-blue-lb",
    greenLoadBalancerName: "app-green-lb",
    frontendName: "public-frontend",
    productionIpName: "app-production-ip",
    stagingIpName: "app-staging-ip",
};

const failuresOf = (news: Record<string, unknown>) => checkVipSwapInputs(news).failures;

describe("checkVipSwapInputs", () => {
    it("accepts good inputs and turns numeric strings into numbers", () => {
        const { inputs, failures } = checkVipSwapInputs({ ...good, pollIntervalMs: "250", timeoutMs: 60000 });
        expect(failures).toEqual([]);
        expect(inputs).toMatchObject({ pollIntervalMs: 250, timeoutMs: 60000 });
    });

    it.each([
        ["an unknown colour", { activeColour: "purple" }, "activeColour", /blue or green, not "purple"/],
        ["a missing colour", { activeColour: undefined }, "activeColour", /blue or green/],
        ["an empty resource group", { resourceGroupName: "" }, "resourceGroupName", /resource group name is required/],
        ["a load balancer name with a slash", { blueLoadBalancerName: "a/b" }, "blueLoadBalancerName", /not a valid load balancer name/],
        ["a non-string name", { greenLoadBalancerName: 42 }, "greenLoadBalancerName", /must be a string/],
        ["an empty frontend", { frontendName: "" }, "frontendName", /frontend name is required/],
        ["a name ending in a period", { productionIpName: "ip." }, "productionIpName", /not a valid public IP address name/],
        ["the same address twice", { stagingIpName: good.productionIpName }, "stagingIpName", /must be different resources/],
        ["the same load balancer twice", { greenLoadBalancerName: good.blueLoadBalancerName }, "greenLoadBalancerName", /must be different/],
        ["a negative poll interval", { pollIntervalMs: -5 }, "pollIntervalMs", /whole number of milliseconds from 10/],
        ["a fractional timeout", { timeoutMs: 1500.5 }, "timeoutMs", /whole number/],
        ["a timeout that is not a number", { timeoutMs: "soon" }, "timeoutMs", /not "soon"/],
    ])("reports %s against its property", (_what, change, property, reason) => {
        const failures = failuresOf({ ...good, ...change });
        expect(failures).toHaveLength(1);
        expect(failures[0].property).toBe(property);
        expect(failures[0].reason).toMatch(reason);
    });

    it("reports several bad inputs at once", () => {
        expect(failuresOf({ ...good, activeColour: "red", resourceGroupName: "" }).map((f) => f.property)).toEqual([
            "activeColour",
            "resourceGroupName",
        ]);
    });

    it("lets unknown values through during preview, whatever the input's type", () => {
        expect(failuresOf({ ...good, activeColour: unknownInputValue, resourceGroupName: unknownInputValue, timeoutMs: unknownInputValue })).toEqual([]);
    });
});

describe("parseVipSwapInputs", () => {
    it("returns the typed inputs", () => {
        expect(parseVipSwapInputs({ ...good, timeoutMs: 5000 })).toEqual({ ...good, timeoutMs: 5000 });
    });

    it("refuses unknown values where they must be known, and lists every failure", () => {
        expect(() => parseVipSwapInputs({ ...good, resourceGroupName: unknownInputValue })).toThrow(/resourceGroupName is not known yet/);
        try {
            parseVipSwapInputs({ ...good, activeColour: "red", frontendName: "" });
            throw new Error("expected a failure");
        } catch (err) {
            expect(err).toBeInstanceOf(VipSwapInputError);
            expect((err as VipSwapInputError).failures.map((f) => f.property)).toEqual(["activeColour", "frontendName"]);
        }
    });
});

describe("a flip to a colour whose scale set changes in the same update", () => {
    const revisions = (blue: string, green: string) => ({ scaleSetRevisions: { blue, green } });
    const checkFlip = (olds: Record<string, unknown>, news: Record<string, unknown>) => checkVipSwapInputs(news, olds).failures;

    it("is refused against activeColour, saying to deploy first and flip in a second pulumi up", () => {
        const failures = checkFlip({ ...good, ...revisions("b1", "g1") }, { ...good, activeColour: "green", ...revisions("b1", "g2") });
        expect(failures).toHaveLength(1);
        expect(failures[0].property).toBe("activeColour");
        expect(failures[0].reason).toMatch(/green would go live first.*Deploy green with activeColour still blue.*then flip/s);
    });

    it("passes when only the colour going idle changes, when nothing flips, and when the colour was already deployed", () => {
        expect(checkFlip({ ...good, ...revisions("b1", "g1") }, { ...good, activeColour: "green", ...revisions("b2", "g1") })).toEqual([]);
        expect(checkFlip({ ...good, ...revisions("b1", "g1") }, { ...good, ...revisions("b1", "g2") })).toEqual([]);
        expect(checkFlip({ ...good, ...revisions("b1", "g2") }, { ...good, activeColour: "green", ...revisions("b1", "g2") })).toEqual([]);
    });

    it("passes when a side has no fingerprint (state from an older vipswap, a VipSwap used on its own) or it is unknown", () => {
        expect(checkFlip(good, { ...good, activeColour: "green", ...revisions("b1", "g2") })).toEqual([]);
        expect(checkFlip({ ...good, ...revisions("b1", "g1") }, { ...good, activeColour: "green" })).toEqual([]);
        expect(checkFlip({ ...good, ...revisions("b1", "g1") }, { ...good, activeColour: "green", ...revisions("b1", unknownInputValue) })).toEqual([]);
    });

    it("refuses a fingerprint map of the wrong shape", () => {
        expect(failuresOf({ ...good, scaleSetRevisions: { blue: "b1" } }).map((f) => f.property)).toEqual(["scaleSetRevisions"]);
    });
});
