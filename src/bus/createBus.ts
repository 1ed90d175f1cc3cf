import type {EventBus} from "./EventBus.js";
import {InMemoryBus} from "./InMemoryBus.js";
import type {RedisBus, RedisBusOptions} from "./redis/index.js";
import {UnsupportedBusUrlError} from "./UnsupportedBusUrlError.js";

export type CreateBusOptions = RedisBusOptions;

/**
 * Picks the bus back end from an address, as given to `--bus` or in the image's settings:
 * nothing or "memory" → the in-process bus; `redis://HOST:PORT[/DB][?namespace=NAME]` (or `rediss://`) → Redis Streams.
 * The Redis back end (and ioredis) is loaded only here, on demand: a start on the in-memory bus never loads it.
 * @throws UnsupportedBusUrlError for anything else.
 */
export async function createBus(url: string | undefined, options: CreateBusOptions = {}): Promise<EventBus> {
    const address = url?.trim() ?? "";
    if (address === "" || address === "memory" || address === "memory:") return new InMemoryBus(options.onHandlerError);
    let protocol: string;
    try {
        protocol = new URL(address).protocol;
    } catch {
        throw new UnsupportedBusUrlError(address);
    }
    if (protocol === "redis:" || protocol === "rediss:") {
        const {RedisBus} = await import("./redis/index.js");
        return new RedisBus(address, options);
    }
    throw new UnsupportedBusUrlError(address);
}

/** Whether a bus is the Redis back end (consumer groups, `waitConnected`), told without loading it. */
export function isRedisBus(bus: EventBus): bus is RedisBus {
    return bus.kind === "redis";
}
