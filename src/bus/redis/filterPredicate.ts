import type {EventFilter, LivingEvent, LivingEventType} from "../../objects/index.js";

/**
 * `matchesFilter` for one filter, worked out once: the types as a Set (or the one type), instead of an array
 * made and searched for every event received. The filter is read when this is called: a consumer calls it when
 * it subscribes, so a filter changed afterwards changes nothing.
 */
export function filterPredicate(filter: EventFilter | undefined): (event: LivingEvent) => boolean {
    if (filter == null) return () => true;
    const persona = filter.persona;
    const type = filter.type;
    if (type == null) return persona == null ? () => true : (event) => event.persona === persona;
    if (!Array.isArray(type)) return persona == null ? (event) => event.type === type : (event) => event.type === type && event.persona === persona;
    const types: ReadonlySet<LivingEventType> = new Set(type);
    return persona == null ? (event) => types.has(event.type) : (event) => types.has(event.type) && event.persona === persona;
}
