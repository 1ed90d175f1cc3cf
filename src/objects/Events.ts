/**
 * Every event that crosses the bus, as one discriminated union on `type`.
 * Events are plain data (encodable by the image codec) and carry a version so that
 * a consumer in another process can validate what it receives.
 */
export const eventVersion = 1;

type Base<T extends string, P> = {
    type: T,
    /** Unique per event: consumers use it for idempotent handling. */
    id: string,
    v: typeof eventVersion,
    at: Date,
    /** The persona the event is about (its name), or null for image-wide events. */
    persona: string | null
} & P;

export type LivingEvent =
    | Base<"personaCreated", {personaId: string}>
    | Base<"personaRemoved", {personaId: string}>
    | Base<"personaCloned", {personaId: string, cloneId: string}>
    | Base<"slotChanged", {slot: string}>
    | Base<"methodCompiled", {selector: string}>
    | Base<"methodRemoved", {selector: string}>
    | Base<"adapterSwapped", {from: string | null, to: string | null}>
    | Base<"modelSwapped", {from: string | null, to: string | null}>
    | Base<"swapRefused", {what: "adapter" | "model", path: string, reason: string}>
    | Base<"dissonance", {selector: string, args: string[], resolution: "method" | "handler" | "unresolved", handler: string | null}>
    | Base<"sendFailed", {selector: string, error: string}>
    | Base<"imageSaved", {path: string, bytes: number, ms: number}>
    | Base<"transcript", {text: string}>
    | Base<"chatCompleted", {interactionId: string, tokens: number, ms: number}>
    | Base<"forgeProgress", {step: number, total: number, loss: number | null, tokensPerSecond: number | null}>
    | Base<"forgeFinished", {ok: boolean, artifact: string | null, message: string}>
    | Base<"user", {name: string, payload: unknown}>;

export type LivingEventType = LivingEvent["type"];
export type EventOf<T extends LivingEventType> = Extract<LivingEvent, {type: T}>;

/** Fields the publisher supplies; `id`, `v` and `at` are filled in by `makeEvent`. */
export type EventInit<T extends LivingEventType> = {type: T} & Omit<EventOf<T>, "id" | "v" | "at" | "type">;

export type EventFilter = {type?: LivingEventType | LivingEventType[], persona?: string};

export type Unsubscribe = () => void;

/** What publishes events: the bus, seen from the layers that only publish. */
export interface EventSink {
    publish(event: LivingEvent): void
}

let counter = 0;

/** Builds a complete event: a fresh id, the version and the time. */
export function makeEvent<T extends LivingEventType>(init: EventInit<T>): EventOf<T> {
    counter = (counter + 1) % 0x1000000;
    const id = `${Date.now().toString(36)}-${process.pid.toString(36)}-${counter.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    return {...init, id, v: eventVersion, at: new Date()} as EventOf<T>;
}

/** True when `event` passes `filter`. */
export function matchesFilter(event: LivingEvent, filter: EventFilter | undefined): boolean {
    if (filter == null) return true;
    if (filter.type != null) {
        const types = Array.isArray(filter.type) ? filter.type : [filter.type];
        if (!types.includes(event.type)) return false;
    }
    if (filter.persona != null && event.persona !== filter.persona) return false;
    return true;
}
