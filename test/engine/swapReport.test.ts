import { UnattachedClock } from "../../components/swap/swapReport";

describe("UnattachedClock", () => {
    it("sums the intervals between the first observation without the address and the first with it again", () => {
        const clock = new UnattachedClock();
        [
            [true, 0],
            [false, 100],
            [false, 150],
            [true, 180],
            [true, 300],
            [false, 400],
            [true, 420],
        ].forEach(([attached, at]) => clock.sample(attached as boolean, at as number));
        expect(clock.totalMs(1000)).toBe(80 + 20);
    });

    it("counts an interval that is still open up to now", () => {
        const clock = new UnattachedClock();
        clock.sample(false, 10);
        expect(clock.totalMs(60)).toBe(50);
    });
});
