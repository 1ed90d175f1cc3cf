import type {LivingEvent} from "../objects/index.js";

/**
 * One line for an event, for the Transcript and `living-image bus tail`:
 * `HH:MM:SS.mmm PERSONA type details`. Time is UTC so the line is the same on every machine;
 * `*` stands for image-wide events. Newlines in free text are escaped so the line stays one line.
 */
export function formatEvent(event: LivingEvent): string {
    const time = Number.isNaN(event.at.getTime()) ? "--:--:--.---" : event.at.toISOString().slice(11, 23);
    const details = describeDetails(event);
    return `${time} ${event.persona ?? "*"} ${event.type}${details === "" ? "" : ` ${details}`}`;
}

function describeDetails(event: LivingEvent): string {
    switch (event.type) {
        case "personaCreated":
        case "personaRemoved":
            return `personaId=${event.personaId}`;
        case "personaCloned":
            return `personaId=${event.personaId} cloneId=${event.cloneId}`;
        case "slotChanged":
            return `slot=${event.slot}`;
        case "methodCompiled":
        case "methodRemoved":
            return `#${event.selector}`;
        case "adapterSwapped":
        case "modelSwapped":
            return `${event.from ?? "none"} -> ${event.to ?? "none"}`;
        case "swapRefused":
            return `${event.what} ${event.path}: ${oneLine(event.reason)}`;
        case "dissonance":
            return `#${event.selector}(${event.args.map(oneLine).join(", ")}) ${event.resolution}` +
                (event.handler == null ? "" : ` by ${event.handler}`);
        case "sendFailed":
            return `#${event.selector}: ${oneLine(event.error)}`;
        case "imageSaved":
            return `${event.path} ${event.bytes} bytes in ${event.ms} ms`;
        case "transcript":
            return oneLine(event.text);
        case "chatCompleted":
            return `${event.interactionId} ${event.tokens} tokens in ${event.ms} ms`;
        case "forgeProgress":
            return `step ${event.step}/${event.total}` +
                (event.loss == null ? "" : ` loss=${event.loss.toFixed(4)}`) +
                (event.tokensPerSecond == null ? "" : ` ${event.tokensPerSecond.toFixed(1)} tok/s`);
        case "forgeFinished":
            return `${event.ok ? "ok" : "failed"}${event.artifact == null ? "" : ` ${event.artifact}`}: ${oneLine(event.message)}`;
        case "verdict":
            return `${event.judge} ${event.golden.toFixed(2)}${event.curated ? " golden" : event.golden >= event.threshold ? " golden (already a sample)" : ""}: ` +
                Object.entries(event.axes).map(([axis, v]) => `${axis} ${v.score} (${oneLine(v.rationale)})`).join(", ");
        case "evolutionProgress":
            return `${event.stage} ${event.step}/${event.total}: ${oneLine(event.message)}`;
        case "evolutionRequested":
            return `${event.candidate}: bits/byte saved ≥ ${event.lowerBound.toFixed(3)} (margin ${event.margin})`;
        case "evolutionFinished":
            return `${event.stage} ${event.ok ? "ok" : "failed"} (${event.outcome}): ${oneLine(event.message)}`;
        case "user":
            return `${event.name} ${oneLine(safeJson(event.payload))}`;
        default:
            return event satisfies never;
    }
}

function oneLine(text: string): string {
    const flat = text.replace(/\r?\n/g, "\\n");
    return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}

function safeJson(value: unknown): string {
    try {
        return JSON.stringify(value) ?? String(value);
    } catch {
        // A BigInt or a cycle in a user payload must not break the tail.
        return String(value);
    }
}
