import type {Codex} from "./Codex.js";
import type {GoldenDataset} from "./GoldenDataset.js";

/** One message of a ChatML conversation. */
export type ChatMessage = {
    role: "system" | "user" | "assistant";
    content: string
};

/** Scores given by a judge, one per rubric axis (1–5), with the weighted golden score. */
export type JudgeScores = {
    judge: string,
    axes: Record<string, {score: number, rationale: string}>,
    golden: number
};

/** A curated conversation in the golden dataset, with where it came from. */
export type GoldenSample = {
    id: string,
    messages: ChatMessage[],
    provenance: {
        interactionId: string | null,
        judge: string,
        model: string | null,
        adapter: string | null,
        scores: JudgeScores | null,
        at: Date
    },
    /** Held out for validation (chosen deterministically from the sample id). */
    heldOut: boolean
};

/** One point of the persona's performance time series. */
export type MetricPoint = {
    at: Date,
    name: string,
    value: number,
    tags?: Record<string, string>
};

/** One interaction in the Sidekick's Scrapbook. */
export type ScrapbookEntry = {
    id: string,
    at: Date,
    kind: "chat" | "dnu" | "bus" | "note",
    messages: ChatMessage[],
    /** The model that answered: a GGUF path (relative to the image when inside its folder) or a server spec (`ollama://host:port/model`). */
    model: string | null,
    adapter: string | null,
    /** The engine that answered, its model and the model file's sha256 (absent in entries made before it was recorded). */
    engine?: {kind: string, model: string, sha256: string | null},
    timing?: {ms: number, promptTokens: number, completionTokens: number, tokensPerSecond: number},
    meta?: Record<string, unknown>
};

/** A persona method: Smalltalk source, compiled by the runtime's own parser. */
export type MethodRecord = {
    selector: string,
    source: string,
    category: string,
    modifiedAt: Date,
    /** Earlier versions, oldest first (the browser's versions and revert); absent in images made before they were kept. */
    versions?: MethodVersionRecord[],
    /** Where a method a persona's model wrote came from; absent for a method written by hand. */
    provenance?: MethodProvenance
};

/**
 * How a synthesized method was made and proved: the model file and its sha256, the hash of the prompt the
 * accepted draft answered, the examples it was held to, the result of each gate, and when and by whom it was accepted.
 */
export type MethodProvenance = {
    origin: "synthesized",
    model: string,
    modelSha256: string | null,
    promptSha256: string,
    examples: string[],
    gates: {gate: string, passed: boolean, detail: string}[],
    tries: number,
    at: Date,
    acceptedBy: "user" | "policy"
};

/** An earlier version of a method, as it was until it was replaced. */
export type MethodVersionRecord = {source: string, category: string, modifiedAt: Date};

/** A bus subscription of a persona: the handler is a one-argument block, kept as Smalltalk source. */
export type SubscriptionRecord = {
    eventName: string,
    source: string,
    since: Date
};

/**
 * The plain-data state of one persona, as it lives in the image.
 * Everything here but `codex` and `personaId` is structure and may change at run time.
 */
export type PersonaRecord = {
    personaId: string,
    name: string,
    codexPath: string,
    /** The codex as loaded: the persona's organization. Never edited at run time. */
    codex: Codex,
    baseModelPath: string | null,
    /**
     * What the base model file is, whatever its name or folder: recorded when the model is set (or first
     * found, for images older than this slot), so a model that moved can be recognised and a missing one named.
     */
    baseModelFingerprint: {sha256: string, bytes: number} | null,
    activeAdapterPath: string | null,
    /** Grows at the end in O(1) at any size; read through its methods (see GoldenDataset). */
    goldenDataset: GoldenDataset,
    performanceMetrics: MetricPoint[],
    scrapbook: ScrapbookEntry[],
    methods: Record<string, MethodRecord>,
    /** Free slots the developer adds live: any value the image codec can encode. */
    slots: Record<string, unknown>,
    /** Bus subscriptions by event name (`BRICK on: #UserQuestion do: [:event | …]`). */
    subscriptions: Record<string, SubscriptionRecord>,
    /** Delegation parent (a persona id), prototype style as in Self. */
    parent: string | null,
    createdAt: Date
};

/** The slots of a persona, by name, in the order the inspector shows them. */
export const personaSlotNames = [
    "personaId", "name", "codexPath", "codex", "baseModelPath", "baseModelFingerprint", "activeAdapterPath",
    "goldenDataset", "performanceMetrics", "scrapbook", "methods", "subscriptions", "slots", "parent", "createdAt"
] as const satisfies readonly (keyof PersonaRecord)[];

export type PersonaSlotName = typeof personaSlotNames[number];
