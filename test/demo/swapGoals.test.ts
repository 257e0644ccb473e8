import { checkSwapGoals } from "../../bench/swapGoals";

describe("checkSwapGoals", () => {
    const naive = { productionWindowMs: 1000, productionUnattachedMs: 2000, totalMs: 5000 };

    it("allows the floor plus 0.5 Azure seconds, scaled to wall time", () => {
        // Time scale 10: 0.5 s is 50 wall ms; floor 800 -> limit 850.
        const [nearFloor] = checkSwapGoals({ productionWindowMs: 850, productionUnattachedMs: 800, totalMs: 3000 }, naive, 800, 10);
        expect(nearFloor).toEqual({ key: "nearFloor", name: "production window (clients) <= floor + 0.5 s", measuredMs: 850, limitMs: 850, holds: true });
        const [missed] = checkSwapGoals({ productionWindowMs: 851, productionUnattachedMs: 800, totalMs: 3000 }, naive, 800, 10);
        expect(missed.holds).toBe(false);
    });

    it("compares with half the naive sequence on both the clients' and the control plane's figures", () => {
        const [, clients, controlPlane] = checkSwapGoals({ productionWindowMs: 600, productionUnattachedMs: 900, totalMs: 3000 }, naive, 500, 1);
        expect(clients).toMatchObject({ limitMs: 500, holds: false });
        expect(controlPlane).toMatchObject({ limitMs: 1000, holds: true });
    });
});
