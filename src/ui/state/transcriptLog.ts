import type {LivingEvent, LivingEventType} from "../../index.js";
import {eventText} from "./eventText.js";

/** How a Transcript line is drawn. */
export type Severity = "info" | "ok" | "warn" | "error";

/** A line's kind: its bus event's type. */
export type TranscriptLineType = LivingEventType;

/**
 * `group` marks a line that later events of the same kind replace (forge progress). `persona`
 * and `type` are the event's, kept so the Transcript can be filtered without parsing `text`.
 */
export type TranscriptLine = {id: string, severity: Severity, text: string, persona: string | null, type: TranscriptLineType, group?: string};

/** The Transcript keeps this many lines; older ones scroll away (the bus and journal keep the rest). */
export const transcriptLimit = 500;

/**
 * Appends an event's line, dropping the oldest beyond the limit. Answers a new array.
 * Forge progress comes many times a second during training: a progress event replaces the
 * previous one of the same persona when it is the last line, so the Transcript shows one live
 * progress line instead of scrolling everything else away.
 */
export function appendEvent(lines: readonly TranscriptLine[], event: LivingEvent, limit = transcriptLimit): TranscriptLine[] {
    const group = event.type === "forgeProgress" ? `forge:${event.persona ?? "*"}`
        : event.type === "evolutionProgress" ? `evolution:${event.runId}:${event.stage}` : undefined;
    const line: TranscriptLine = {
        id: event.id, severity: severityOf(event), text: eventText(event), persona: event.persona, type: event.type,
        ...(group == null ? {} : {group})
    };
    return appendLine(lines, line, limit);
}

export function appendLine(lines: readonly TranscriptLine[], line: TranscriptLine, limit = transcriptLimit): TranscriptLine[] {
    const last = lines[lines.length - 1];
    if (line.group != null && last?.group === line.group) return [...lines.slice(0, -1), {...line, id: last.id}];
    const next = [...lines, line];
    return next.length > limit ? next.slice(next.length - limit) : next;
}

export function severityOf(event: LivingEvent): Severity {
    switch (event.type) {
        case "sendFailed":
        case "swapRefused":
            return "error";
        case "dissonance":
            return event.resolution === "unresolved" ? "error" : "warn";
        case "forgeFinished":
            return event.ok ? "ok" : "error";
        case "evolutionFinished":
            return event.ok ? "ok" : "error";
        case "evolutionRequested":
            return "warn";
        case "evolutionProgress":
            return "info";
        case "verdict":
            return event.curated ? "ok" : "info";
        case "adapterSwapped":
        case "modelSwapped":
        case "imageSaved":
        case "methodCompiled":
            return "ok";
        case "personaCreated":
        case "personaRemoved":
        case "personaCloned":
        case "slotChanged":
        case "methodRemoved":
        case "transcript":
        case "chatCompleted":
        case "forgeProgress":
        case "user":
            return "info";
        default:
            return event satisfies never;
    }
}
