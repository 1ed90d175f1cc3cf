import {evolutionStages} from "../objects/index.js";
import type {EventOf, LivingEventType} from "../objects/index.js";

/** The shape of one payload field, as checked on receipt. */
export type FieldKind =
    | "string" | "number" | "boolean" | "string|null" | "number|null" | "string[]" | "unknown"
    | {oneOf: readonly string[]};

type PayloadKeys<T extends LivingEventType> = Exclude<keyof EventOf<T>, "type" | "id" | "v" | "at" | "persona">;

/**
 * The payload fields of every event type. The mapped type makes this table exhaustive both ways:
 * adding a type to `LivingEvent`, or a field to one, fails to compile until it is described here.
 */
export type EventSchema = {[T in LivingEventType]: {[K in PayloadKeys<T>]-?: FieldKind}};

export const eventSchema: EventSchema = {
    personaCreated: {personaId: "string"},
    personaRemoved: {personaId: "string"},
    personaCloned: {personaId: "string", cloneId: "string"},
    slotChanged: {slot: "string"},
    methodCompiled: {selector: "string"},
    methodRemoved: {selector: "string"},
    adapterSwapped: {from: "string|null", to: "string|null"},
    modelSwapped: {from: "string|null", to: "string|null"},
    swapRefused: {what: {oneOf: ["adapter", "model"]}, path: "string", reason: "string"},
    dissonance: {
        selector: "string", args: "string[]",
        resolution: {oneOf: ["method", "handler", "unresolved"]}, handler: "string|null"
    },
    sendFailed: {selector: "string", error: "string"},
    imageSaved: {path: "string", bytes: "number", ms: "number"},
    transcript: {text: "string"},
    chatCompleted: {interactionId: "string", tokens: "number", ms: "number"},
    forgeProgress: {step: "number", total: "number", loss: "number|null", tokensPerSecond: "number|null"},
    forgeFinished: {ok: "boolean", artifact: "string|null", message: "string"},
    verdict: {interactionId: "string", judge: "string", golden: "number", threshold: "number", curated: "boolean", axes: "unknown"},
    evolutionProgress: {runId: "string", stage: {oneOf: evolutionStages}, step: "number", total: "number", message: "string"},
    evolutionRequested: {runId: "string", candidate: "string", sha256: "string|null", lowerBound: "number", margin: "number", evidence: "unknown"},
    evolutionFinished: {runId: "string", stage: {oneOf: evolutionStages}, ok: "boolean", outcome: "string", message: "string"},
    user: {name: "string", payload: "unknown"}
};

export const livingEventTypes = Object.keys(eventSchema) as LivingEventType[];

/** Looked up once per event received: a Set answers faster than a property check on the schema. */
const typeSet: ReadonlySet<string> = new Set(livingEventTypes);

export function isLivingEventType(value: unknown): value is LivingEventType {
    return typeof value === "string" && typeSet.has(value);
}
