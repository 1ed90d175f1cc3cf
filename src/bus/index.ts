/**
 * bus/: the event bus personas talk through. The in-process bus is here; the Redis Streams back end
 * lives in bus/redis/ and is loaded only when a `redis://` bus is asked for.
 */
export type {EventBus} from "./EventBus.js";
export {InMemoryBus} from "./InMemoryBus.js";
// The Redis back end is a type here only: createBus loads it when a redis:// bus is asked for.
export type {RedisBus, RedisBusOptions, SubscribeOptions, RedisSubscription, DeadLetter} from "./redis/index.js";
export {createBus, isRedisBus} from "./createBus.js";
export type {CreateBusOptions} from "./createBus.js";
export {UnsupportedBusUrlError} from "./UnsupportedBusUrlError.js";
export {BusDisposedError} from "./BusDisposedError.js";
export {RedisUnavailableError} from "./RedisUnavailableError.js";
export type {BusStatus} from "./BusStatus.js";
export {describeBusStatus} from "./describeBusStatus.js";
export {formatEvent} from "./formatEvent.js";
export {tailBus} from "./tailBus.js";
export {decodeEvent, validateEvent} from "./validateEvent.js";
export type {Validation} from "./validateEvent.js";
export {eventSchema, livingEventTypes, isLivingEventType} from "./eventSchema.js";
export type {EventSchema, FieldKind} from "./eventSchema.js";
