import {ReplyError} from "ioredis";

/**
 * True when a Redis command failed because the server could not be reached (refused, closed, not yet
 * ready), as opposed to the server answering with an error. The first kind is retried; the second is not
 * a network problem and retrying it the same way would fail the same way.
 */
export function isConnectionError(error: unknown): boolean {
    return !(error instanceof ReplyError);
}
