/** The Redis keys of one image's bus. Every key of a namespace shares the `li:<namespace>:` prefix. */
export type RedisKeys = {
    /** The stream every event of the namespace is appended to. */
    stream: string,
    /** Where malformed events and events that failed too often go, with the reason. */
    dead: string,
    /** The ids of the events a consumer group has handled, scored by when (idempotent handling). */
    done(group: string): string
};

export function redisKeys(namespace: string): RedisKeys {
    const prefix = `li:${namespace}`;
    return {
        stream: `${prefix}:events`,
        dead: `${prefix}:events:dead`,
        done: (group) => `${prefix}:done:${group}`
    };
}
