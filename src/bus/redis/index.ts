/**
 * bus/redis/: the Redis Streams back end (consumer groups, at-least-once delivery, dead letters).
 * Loaded by `createBus` only when a `redis://` bus is asked for, so a start on the in-memory bus never
 * loads ioredis. Only this folder imports ioredis.
 */
export {RedisBus} from "./RedisBus.js";
export type {RedisBusOptions, SubscribeOptions, RedisSubscription, DeadLetter} from "./RedisBus.js";
