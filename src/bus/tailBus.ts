import type {EventFilter, Unsubscribe} from "../objects/index.js";
import type {EventBus} from "./EventBus.js";
import {formatEvent} from "./formatEvent.js";

/**
 * Writes one line per event that passes `filter` (see `formatEvent`) until the returned function is called.
 * On the Redis bus this is a broadcast subscription: it sees every event and takes nothing from a consumer group.
 */
export function tailBus(bus: EventBus, filter: EventFilter | undefined, write: (line: string) => void): Unsubscribe {
    return bus.subscribe(filter, (event) => {
        write(formatEvent(event));
    });
}
