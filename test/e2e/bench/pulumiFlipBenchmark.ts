/**
 * `npm run bench:pulumi`: how the flip of N pairs in ONE `pulumi up` scales, through the real Pulumi CLI on the
 * emulator's realistic profile (time-scaled) with Azure's throttling on. For N = 1, 5 and 20 (or the counts given as
 * arguments) it creates a consumer stack of N pairs, flips every pair blue -> green in one `pulumi up`, and prints
 * the flip's duration, its ratio to one pair's, the throttled answers (429) the emulator sent, and whether every
 * swap succeeded with both addresses kept. Goal: N = 20 within 1.5 x one pair, no failed swap.
 *
 * Durations are wall seconds of the whole `pulumi up` (the emulator runs `timeScale` times faster than Azure's
 * figures; Pulumi's own work, such as compiling and running the program, is not scaled). The same stack's `pulumi up`
 * with nothing to change is measured first, as the baseline of that fixed cost: "swap part" is the flip less it.
 */
import { coloursConfig, consumerProjectName, createConsumerProject } from "../harness/consumerProject";
import { E2eStack } from "../harness/e2eStack";
import { plainOutputs, servedBy } from "../harness/stackObservations";

const timeScale = Number(process.env.VIPSWAP_BENCH_TIME_SCALE ?? "10");
const counts = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
const pairCounts = counts.length > 0 ? counts : [1, 5, 20];

/** What one N measured. */
interface FlipMeasurement {
    readonly pairs: number;
    readonly noChangeSeconds: number;
    readonly flipSeconds: number;
    readonly throttled: number;
    readonly failedSwaps: number;
    readonly addressesKept: boolean;
}

async function measure(pairs: number): Promise<FlipMeasurement> {
    const names = Array.from({ length: pairs }, (_, i) => `p${i + 1}`);
    const project = createConsumerProject(names);
    const e2e = await E2eStack.start({
        workDir: project.dir,
        emulator: { profile: "realistic", timeScale },
        config: coloursConfig(names, "blue"),
    });
    try {
        await e2e.setConfig({ [`${consumerProjectName}:sshPublicKey`]: e2e.emulatorConfig()["vipswap:sshPublicKey"] });
        const created = await e2e.stack.up();
        if (created.summary.result !== "succeeded") throw new Error(`creating ${pairs} pairs failed`);
        const before = await plainOutputs(e2e.stack);
        const noChangeStart = performance.now();
        const noChange = await e2e.cli(["up", "--yes", "--skip-preview"]);
        const noChangeSeconds = (performance.now() - noChangeStart) / 1000;
        if (noChange.code !== 0) throw new Error(`the unchanged pulumi up of ${pairs} pairs failed`);

        await e2e.setConfig(coloursConfig(names, "green"));
        e2e.emulator.clearRequestLog();
        const start = performance.now();
        const flip = await e2e.cli(["up", "--yes", "--skip-preview"]);
        const wallSeconds = (performance.now() - start) / 1000;
        const throttled = e2e.emulator.requestLog().filter((entry) => entry.status === 429).length;

        const after = await plainOutputs(e2e.stack);
        let failedSwaps = flip.code === 0 ? 0 : pairs;
        let addressesKept = true;
        for (const name of names) {
            const served = await servedBy(e2e.emulator, String(after[`${name}ProductionIpId`]));
            if (served === "unreachable" || served.colour !== "green") failedSwaps += flip.code === 0 ? 1 : 0;
            addressesKept &&= after[`${name}ProductionAddress`] === before[`${name}ProductionAddress`];
        }
        return { pairs, noChangeSeconds, flipSeconds: wallSeconds, throttled, failedSwaps, addressesKept };
    } finally {
        await e2e.dispose();
        project.remove();
    }
}

async function main(): Promise<void> {
    console.log(`Flip of N pairs in one pulumi up (real Pulumi CLI, emulator realistic profile at ${timeScale}x, throttling on)`);
    const results: FlipMeasurement[] = [];
    for (const pairs of pairCounts) {
        const result = await measure(pairs);
        results.push(result);
        console.log(
            `  N=${String(pairs).padStart(2)}: flip ${result.flipSeconds.toFixed(1)} s, unchanged up ${result.noChangeSeconds.toFixed(1)} s, ` +
                `throttled answers ${result.throttled}, failed swaps ${result.failedSwaps}, addresses kept ${result.addressesKept ? "yes" : "NO"}`,
        );
    }
    const base = results.find((r) => r.pairs === 1) ?? results[0];
    const swapPart = (r: FlipMeasurement) => r.flipSeconds - r.noChangeSeconds;
    console.log("\n  pairs | flip (wall s) | ratio to one pair | unchanged up | swap part | its ratio | throttled | failed swaps");
    for (const r of results) {
        console.log(
            `  ${String(r.pairs).padStart(5)} | ${r.flipSeconds.toFixed(1).padStart(13)} | ${(r.flipSeconds / base.flipSeconds).toFixed(2).padStart(17)} | ` +
                `${r.noChangeSeconds.toFixed(1).padStart(12)} | ${swapPart(r).toFixed(1).padStart(9)} | ${(swapPart(r) / swapPart(base)).toFixed(2).padStart(9)} | ` +
                `${String(r.throttled).padStart(9)} | ${String(r.failedSwaps).padStart(12)}`,
        );
    }
    const largest = results[results.length - 1];
    const ratio = largest.flipSeconds / base.flipSeconds;
    const holds = ratio <= 1.5 && results.every((r) => r.failedSwaps === 0 && r.addressesKept);
    console.log(`\nGoal: N=${largest.pairs} within 1.5 x one pair, no failed swap: ${holds ? "HOLDS" : "MISSED"} (ratio ${ratio.toFixed(2)})`);
}

main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
});
