import type {LivingEvent} from "../../index.js";

/**
 * One line for a bus event as the Transcript shows it: the local time, the persona, and a sentence
 * with figures a person reads at a glance (1.3 s rather than 1312.4567 ms, 14.2 KB rather than bytes).
 * `living-image bus tail` keeps the bus's own exact format.
 */
export function eventText(event: LivingEvent): string {
    return `${clock(event.at)} ${event.persona ?? "*"} ${sentence(event)}`;
}

function sentence(event: LivingEvent): string {
    switch (event.type) {
        case "personaCreated":
            return "created";
        case "personaRemoved":
            return "removed";
        case "personaCloned":
            return `cloned (clone ${event.cloneId.slice(0, 8)})`;
        case "slotChanged":
            return `slot ${event.slot} changed`;
        case "methodCompiled":
            return `>> #${event.selector} compiled`;
        case "methodRemoved":
            return `>> #${event.selector} removed`;
        case "adapterSwapped":
            return `adapter swapped: ${base(event.from) ?? "none"} → ${base(event.to) ?? "none"}`;
        case "modelSwapped":
            return `model swapped: ${base(event.from) ?? "none"} → ${base(event.to) ?? "none"}`;
        case "swapRefused":
            return `${event.what} swap refused (${base(event.path)}): ${oneLine(event.reason)}`;
        case "dissonance":
            return `did not understand #${event.selector}: ${event.resolution === "unresolved" ? "unresolved" : `answered by ${event.handler ?? event.resolution}`}`;
        case "sendFailed":
            return `#${event.selector} failed: ${oneLine(event.error)}`;
        case "imageSaved":
            return `image saved: ${base(event.path)}, ${bytes(event.bytes)} in ${duration(event.ms)}`;
        case "transcript":
            return oneLine(event.text);
        case "chatCompleted":
            return `replied: ${event.tokens} tokens in ${duration(event.ms)}${event.ms > 0 ? ` (${Math.round(event.tokens / (event.ms / 1000))} tok/s)` : ""}`;
        case "forgeProgress":
            return `forge ${bar(event.step / Math.max(1, event.total), 10)} step ${event.step}/${event.total}` +
                (event.loss == null ? "" : ` · loss ${event.loss.toFixed(3)}`) +
                (event.tokensPerSecond == null ? "" : ` · ${Math.round(event.tokensPerSecond)} tok/s`);
        case "forgeFinished":
            return `forge ${event.ok ? "done" : "failed"}${event.artifact == null ? "" : ` (${base(event.artifact)})`}: ${oneLine(event.message)}`;
        case "verdict": {
            const axes = Object.entries(event.axes).map(([axis, v]) => `${axisNames[axis] ?? axis} ${v.score}`).join(" · ");
            const rationale = Object.values(event.axes).map((a) => a.rationale).find((r) => r.trim() !== "" && !/^(Overall rating by|Rated by) /.test(r));
            const golden = event.golden >= event.threshold;
            // The outcome before the axes: at 80 columns the end of the line is cut.
            return `judged by ${event.judge}: ${event.golden.toFixed(2)} ` +
                `${golden ? `≥ ${event.threshold} → ${event.curated ? "golden sample" : "golden (already a sample)"}` : `< ${event.threshold}`} (${axes})` +
                `${rationale == null ? "" : ` · “${oneLine(rationale).slice(0, 120)}”`} · ${event.interactionId.slice(0, 8)}`;
        }
        case "evolutionProgress":
            return `${event.stage} ${bar(event.step / Math.max(1, event.total), 10)} ${event.step}/${event.total}: ${oneLine(event.message)}`;
        case "evolutionRequested":
            return `asks to evolve to ${base(event.candidate)}: saves ≥ ${event.lowerBound.toFixed(3)} bits/byte (margin ${event.margin})`;
        case "evolutionFinished":
            return `${event.stage} ${event.ok ? "done" : "failed"} (${event.outcome}): ${oneLine(event.message)}`;
        case "user":
            return `${event.name} ${oneLine(safeJson(event.payload))}`;
        default:
            return event satisfies never;
    }
}

const axisNames: Record<string, string> = {
    logical_rigor: "rigor", creative_synthesis: "synthesis", dissonance_resolution: "dissonance", task_efficacy: "efficacy"
};

/** HH:MM:SS in the local time zone: the Transcript is read by the person at this terminal. */
export function clock(at: Date): string {
    if (Number.isNaN(at.getTime())) return "--:--:--";
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

/** 850 ms, 1.3 s, 2 min 5 s. */
export function duration(ms: number): string {
    if (ms < 1000) return `${Math.round(ms)} ms`;
    if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
    return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function bytes(n: number): string {
    if (n < 1024) return `${n} B`;
    if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
    return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** A progress bar of `width` cells for a fraction from 0 to 1. */
export function bar(fraction: number, width: number): string {
    const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
    return "█".repeat(filled) + "░".repeat(width - filled);
}

function base(file: string | null): string | null {
    if (file == null) return null;
    return file.split(/[\\/]/).pop() ?? file;
}

function oneLine(text: string): string {
    const flat = text.replace(/\s*\n\s*/g, " ⏎ ").trim();
    return flat.length > 300 ? `${flat.slice(0, 299)}…` : flat;
}

function safeJson(value: unknown): string {
    try {
        return JSON.stringify(value) ?? String(value);
    } catch {
        return String(value);
    }
}
