/** I am raised by `RedisBus.waitConnected` when the server cannot be reached in time. */
export class RedisUnavailableError extends Error {
    public readonly userError = true;
    public override readonly name = "RedisUnavailableError";

    public constructor(public readonly url: string, public readonly waitedMs: number, public readonly lastError: string | null) {
        super(`Cannot reach Redis at ${url} after ${waitedMs} ms${lastError == null ? "" : ` (${lastError})`}. ` +
            "Start it (redis-server --port PORT) or pass the right --bus redis://HOST:PORT; events published meanwhile stay buffered.");
    }
}
