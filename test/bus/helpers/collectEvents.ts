import type {LivingEvent} from "../../../src/objects/index.js";
import type {RedisBus} from "../../../src/bus/index.js";

/** Subscribes to every event twice, through consumer group `group` and as a broadcast tail, and collects both. */
export async function collectByGroupAndTail(bus: RedisBus, group = "g"): Promise<{byGroup: LivingEvent[], byTail: LivingEvent[]}> {
    const byGroup: LivingEvent[] = [];
    const byTail: LivingEvent[] = [];
    await bus.subscribe(undefined, (e) => {
        byGroup.push(e);
    }, {group}).ready;
    await bus.subscribe(undefined, (e) => {
        byTail.push(e);
    }).ready;
    return {byGroup, byTail};
}
