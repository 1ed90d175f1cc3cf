import type {BusStatus} from "./BusStatus.js";

/** One line for a status, naming what happens next. */
export function describeBusStatus(status: BusStatus): string {
    switch (status.state) {
        case "connected":
            return `bus: connected to ${status.url}`;
        case "disconnected":
            return `bus: lost ${status.url} (${status.error}); reconnecting`;
        case "buffering":
            return `bus: cannot publish (${status.error}); ${status.buffered} events buffered, retrying in ${status.retryInMs} ms`;
        case "drained":
            return `bus: publishing again; ${status.resent} buffered events delivered`;
        case "dropped":
            return `bus: publish buffer full (${status.limit} events); ${status.dropped} oldest events dropped`;
        case "consumerError":
            return `bus: consumer ${status.consumer}${status.group == null ? "" : ` of group ${status.group}`} failed to read (${status.error}); retrying in ${status.retryInMs} ms`;
        case "deadLettered":
            return `bus: event ${status.streamId} dead-lettered by group ${status.group}: ${status.reason}`;
        case "unencodable":
            return `bus: cannot encode ${status.type} event ${status.eventId} (${status.error}); not published`;
        case "subscribeFailed":
            return `bus: could not subscribe${status.group == null ? "" : ` group ${status.group}`} (${status.error}); that subscriber gets nothing`;
        case "invalidEvent":
            return `bus: skipped malformed event ${status.streamId}: ${status.reason}`;
        default:
            return status satisfies never;
    }
}
