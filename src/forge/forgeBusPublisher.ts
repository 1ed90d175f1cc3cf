import {makeEvent, type EventSink} from "../objects/index.js";
import type {ForgeEvent} from "./ForgeEvent.js";

/**
 * An `onEvent` callback that republishes a forge run's progress on the bus as `forgeProgress` events, so
 * the TUI (and `bus tail`) can draw the bar. The forge may report hundreds of steps a second; at most one
 * progress event per `intervalMs` is published, and always the last step.
 */
export function forgeBusPublisher(sink: EventSink, persona: string, intervalMs = 100): (event: ForgeEvent) => void {
    let last = Number.NEGATIVE_INFINITY;
    return (event) => {
        if (event.type !== "progress") return;
        const now = Date.now();
        if (now - last < intervalMs && event.step < event.total) return;
        last = now;
        sink.publish(makeEvent({type: "forgeProgress", persona, step: event.step, total: event.total, loss: event.loss,
            tokensPerSecond: event.tokensPerSecond}));
    };
}
