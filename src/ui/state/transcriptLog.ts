import type {LivingEvent, LivingEventType, PersonaRecord, WorldState} from "../../index.js";
import {eventText} from "./eventText.js";
import {verdictsOf} from "./verdicts.js";
import {clock} from "./eventText.js";

/** How a Transcript line is drawn. */
export type Severity = "info" | "ok" | "warn" | "error";

/** A line's kind: a bus event's type, or a verdict (read from the image: the Oracle's or the Architect's). */
export type TranscriptLineType = LivingEventType | "verdict";

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

const axisNames: Record<string, string> = {
    logical_rigor: "rigor", creative_synthesis: "synthesis", dissonance_resolution: "dissonance", task_efficacy: "efficacy"
};

/**
 * The line for a verdict recorded on `interactionId` (the newest judgement on its scrapbook entry):
 * who judged whom, which interaction, the golden score with each axis, and whether it made the
 * threshold. Null when the entry or its verdict is gone.
 */
export function verdictLine(world: WorldState, record: PersonaRecord, interactionId: string, at: Date): TranscriptLine | null {
    const index = record.scrapbook.findIndex((e) => e.id === interactionId);
    const entry = record.scrapbook[index];
    if (entry == null) return null;
    const verdict = verdictsOf(entry).at(-1);
    if (verdict == null) return null;
    const axes = Object.entries(verdict.axes).map(([axis, v]) => `${axisNames[axis] ?? axis} ${v.score}`).join(" · ");
    const threshold = thresholdOf(record, world);
    const golden = verdict.golden >= threshold;
    const rationale = Object.values(verdict.axes).map((a) => a.rationale).find((r) => r.trim() !== "" && !r.startsWith("Overall rating by") && !r.startsWith("Rated by"));
    return {
        id: `verdict:${interactionId}:${at.getTime()}:${verdict.judge}`,
        severity: golden ? "ok" : "info",
        text: `${clock(at)} ${verdict.judge} judged ${record.name} #${index + 1}: ${verdict.golden.toFixed(2)} (${axes}) ${golden ? `≥ ${threshold} → golden` : `< ${threshold}`}` +
            (rationale == null ? "" : ` · “${rationale.replace(/\s+/g, " ").slice(0, 120)}”`),
        persona: record.name,
        type: "verdict"
    };
}

function thresholdOf(record: PersonaRecord, world: WorldState): number {
    const own = record.slots["goldenThreshold"];
    if (typeof own === "number") return own;
    return typeof world.settings.goldenThreshold === "number" ? world.settings.goldenThreshold : 4.5;
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
