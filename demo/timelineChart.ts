import { formatEmulatedSeconds } from "./emulatedTime";
import type { SwapRun } from "./swapRun";
import { addressRoles, type AddressRole, type TrafficSample } from "./trafficSample";
import type { TrafficWindow } from "./trafficWindow";

/** What {@link renderTimelineSvg} draws. */
export interface TimelineChartInput {
    readonly title: string;
    readonly samples: readonly TrafficSample[];
    readonly swaps: readonly SwapRun[];
    /** Emulated seconds per wall second; the axis is labelled in emulated seconds. 1 for real time. */
    readonly timeScale: number;
    /** A short note per swap, shown after its title (e.g. the production window the clients saw). */
    readonly swapNotes?: readonly string[];
    /** Per swap, the window the clients of each address saw; each is drawn under its lane with its length. */
    readonly windows?: readonly Readonly<Record<AddressRole, TrafficWindow>>[];
    /** One load balancer update on its own (wall ms): drawn under production's window, where it is the least that window can be. */
    readonly floorMs?: number;
}

const width = 1100;
const left = 90;
const right = 20;
const laneTop = 100;
const laneHeight = 70;
/** Room under each lane for its windows (and production's floor). */
const laneGap = 56;
/** Answer colours: the colour that served the request; failures in red. */
const fill = { blue: "#1f6fd1", green: "#1fa34a", failed: "#d62728", floor: "#555555" } as const;

/**
 * Renders the demo's timeline as a standalone SVG: one lane per address, one tick per request coloured by the
 * colour that answered it (failures in red, drawn taller), each swap step as a shaded band with its name and
 * duration, and under each lane the window its clients saw (first failure to recovery), with the floor under
 * production's. The axis is the demo log's clock: a line `[  24.45 s] ...` happened at 24.45 s on the chart.
 * Hand-written on purpose: a few dozen lines of SVG need no charting library, and the file opens in any browser.
 */
export function renderTimelineSvg(input: TimelineChartInput): string {
    // The chart shows the span from the first request or swap (the clock ran before the traffic started, for the set-up
    // and the floor measurement); its axis still reads in the log's time, not from zero.
    const startMs = Math.min(...input.samples.map((s) => s.sentAtMs), ...input.swaps.map((s) => s.startMs));
    const origin = Number.isFinite(startMs) ? startMs : 0;
    const endMs = Math.max(origin + 1, ...input.samples.map((s) => s.sentAtMs), ...input.swaps.map((s) => s.endMs)) - origin;
    const plotWidth = width - left - right;
    const x = (ms: number): number => left + ((ms - origin) / endMs) * plotWidth;
    const laneY = (index: number): number => laneTop + index * (laneHeight + laneGap);
    const bottom = laneY(addressRoles.length) - laneGap + 40;
    const axisY = bottom + 12 + 3 * 11 + 16;
    const height = axisY + 18;
    const seconds = (ms: number): string => formatEmulatedSeconds(ms, input.timeScale);
    const tickWidth = Math.max(0.6, Math.min(3, plotWidth / Math.max(1, input.samples.length / addressRoles.length)));
    const parts: string[] = [];

    parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
    parts.push(`<text x="${left}" y="24" font-size="16" font-weight="bold">${escapeXml(input.title)}</text>`);
    parts.push(
        `<text x="${left}" y="44" font-size="12" fill="#444">` +
            `One tick per request, coloured by the colour that answered; shaded bands are the swap's steps. ` +
            `Time in emulated seconds on the clock of the demo's log lines${input.timeScale === 1 ? "" : ` (time scale ${input.timeScale}x)`}.</text>`,
    );
    const legend: [string, string][] = [
        [fill.blue, "answered by blue"],
        [fill.green, "answered by green"],
        [fill.failed, "failed (no answer)"],
    ];
    legend.forEach(([colour, label], i) => {
        const lx = left + i * 160;
        parts.push(`<rect x="${lx}" y="54" width="12" height="12" fill="${colour}" data-legend="true"/><text x="${lx + 17}" y="64" font-size="12">${label}</text>`);
    });
    const lx = left + legend.length * 160;
    parts.push(
        `<line x1="${lx}" y1="60" x2="${lx + 14}" y2="60" stroke="${fill.failed}" stroke-width="3" data-legend="true"/>` +
            `<text x="${lx + 19}" y="64" font-size="12">window the clients saw</text>` +
            `<line x1="${lx + 180}" y1="60" x2="${lx + 194}" y2="60" stroke="${fill.floor}" stroke-width="3" data-legend="true"/>` +
            `<text x="${lx + 199}" y="64" font-size="12">floor: one load balancer update</text>`,
    );

    input.swaps.forEach((swap, swapIndex) => {
        swap.steps.forEach((step, stepIndex) => {
            const shade = stepIndex % 2 === 0 ? "#eeeeee" : "#dddddd";
            const w = Math.max(1, x(step.endMs) - x(step.startMs));
            const label = `${step.name} ${seconds(step.endMs - step.startMs)}`;
            parts.push(
                `<rect x="${fmt(x(step.startMs))}" y="${laneTop - 10}" width="${fmt(w)}" height="${fmt(bottom - laneTop + 10)}" fill="${shade}">` +
                    `<title>${escapeXml(`${swap.method} swap ${swapIndex + 1}: ${label}`)}</title></rect>`,
            );
            parts.push(`<text x="${fmt(x(step.startMs) + 2)}" y="${fmt(bottom + 12 + (stepIndex % 3) * 11)}" font-size="9" fill="#333">${escapeXml(label)}</text>`);
        });
        parts.push(
            `<text x="${fmt(x(swap.startMs))}" y="${laneTop - 14}" font-size="11" font-weight="bold">` +
                `${escapeXml(`swap ${swapIndex + 1} (${swap.method}): ${swap.from} -> ${swap.to}`)}` +
                `${input.swapNotes?.[swapIndex] ? `<tspan dx="10" font-weight="normal">${escapeXml(input.swapNotes[swapIndex])}</tspan>` : ""}</text>`,
        );
    });

    addressRoles.forEach((role, index) => {
        const y = laneY(index);
        parts.push(`<text x="${left - 8}" y="${y + laneHeight / 2 + 4}" font-size="12" text-anchor="end">${role}</text>`);
        parts.push(`<line x1="${left}" y1="${y + laneHeight}" x2="${width - right}" y2="${y + laneHeight}" stroke="#999"/>`);
        for (const sample of input.samples) {
            if (sample.role !== role) continue;
            const colour = sample.ok && sample.colour ? fill[sample.colour] : fill.failed;
            const top = sample.ok ? y + laneHeight * 0.35 : y;
            parts.push(
                `<rect x="${fmt(x(sample.sentAtMs))}" y="${fmt(top)}" width="${fmt(tickWidth)}" height="${fmt(y + laneHeight - top)}" fill="${colour}"/>`,
            );
        }
        for (const windows of input.windows ?? []) {
            const seen = windows[role];
            if (seen.firstFailedAtMs === undefined) continue;
            const wy = y + laneHeight + 14;
            const x1 = x(seen.firstFailedAtMs);
            const x2 = Math.max(x1 + 1, x(seen.firstFailedAtMs + seen.windowMs));
            parts.push(
                `<line x1="${fmt(x1)}" y1="${wy}" x2="${fmt(x2)}" y2="${wy}" stroke="${fill.failed}" stroke-width="3" data-window="${role}"/>` +
                    `<text x="${fmt(x2 + 4)}" y="${wy + 4}" font-size="10">${escapeXml(`${role} out ${seconds(seen.windowMs)}${seen.recovered ? "" : " (not recovered)"}`)}</text>`,
            );
            if (role === "production" && input.floorMs !== undefined) {
                const fx2 = Math.max(x1 + 1, x(seen.firstFailedAtMs + input.floorMs));
                parts.push(
                    `<line x1="${fmt(x1)}" y1="${wy + 12}" x2="${fmt(fx2)}" y2="${wy + 12}" stroke="${fill.floor}" stroke-width="3" data-floor="true"/>` +
                        `<text x="${fmt(fx2 + 4)}" y="${wy + 16}" font-size="10">${escapeXml(`floor ${seconds(input.floorMs)}`)}</text>`,
                );
            }
        }
    });

    // Ticks at round values of the log's clock, over the span shown.
    const firstSecond = (origin / 1000) * input.timeScale;
    const lastSecond = ((origin + endMs) / 1000) * input.timeScale;
    const step = niceStep(lastSecond - firstSecond);
    for (let t = Math.ceil(firstSecond / step - 1e-9) * step; t <= lastSecond + 1e-9; t += step) {
        const px = x((t / input.timeScale) * 1000);
        parts.push(`<line x1="${fmt(px)}" y1="${axisY - 12}" x2="${fmt(px)}" y2="${axisY - 6}" stroke="#666"/>`);
        parts.push(`<text x="${fmt(px)}" y="${axisY + 4}" font-size="10" text-anchor="middle">${Number(t.toFixed(3))} s</text>`);
    }
    return (
        `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">\n` +
        parts.join("\n") +
        "\n</svg>\n"
    );
}

/** A round axis step (1, 2 or 5 times a power of ten) giving about ten ticks over `total`. */
export function niceStep(total: number): number {
    if (!(total > 0)) return 1;
    const raw = total / 10;
    const power = 10 ** Math.floor(Math.log10(raw));
    const unit = [1, 2, 5, 10].find((m) => m * power >= raw) ?? 10;
    return unit * power;
}

/** Escapes text for SVG element content and attribute values. */
export function escapeXml(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function fmt(n: number): string {
    return n.toFixed(1);
}
