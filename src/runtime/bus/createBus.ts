import type {EventBus} from "./EventBus.js";
import {InMemoryBus} from "./InMemoryBus.js";
import {RedisBus} from "./RedisBus.js";
import type {RedisBusOptions} from "./RedisBus.js";
import {UnsupportedBusUrlError} from "./UnsupportedBusUrlError.js";

export type CreateBusOptions = RedisBusOptions;

/**
 * Picks the bus back end from an address, as given to `--bus` or in the image's settings:
 * nothing or "memory" → the in-process bus; `redis://HOST:PORT[/DB][?namespace=NAME]` (or `rediss://`) → Redis Streams.
 * Anything else throws `UnsupportedBusUrlError`.
 */
export function createBus(url: string | undefined, options: CreateBusOptions = {}): EventBus {
    const address = url?.trim() ?? "";
    if (address === "" || address === "memory" || address === "memory:") return new InMemoryBus(options.onHandlerError);
    let protocol: string;
    try {
        protocol = new URL(address).protocol;
    } catch {
        throw new UnsupportedBusUrlError(address);
    }
    if (protocol === "redis:" || protocol === "rediss:") return new RedisBus(address, options);
    throw new UnsupportedBusUrlError(address);
}
