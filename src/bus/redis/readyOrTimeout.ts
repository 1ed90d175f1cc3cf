import type {Redis} from "ioredis";

/**
 * Resolves when `redis` becomes ready or after `ms`, whichever comes first: a retry waits out its backoff
 * only while the server is still away, and goes again the moment the connection is back.
 */
export function readyOrTimeout(redis: Redis, ms: number): Promise<void> {
    return new Promise((resolve) => {
        const done = () => {
            clearTimeout(timer);
            redis.off("ready", done);
            resolve();
        };
        const timer = setTimeout(done, ms);
        redis.once("ready", done);
    });
}
