import type {EventFilter, EventSink, LivingEvent, Unsubscribe} from "../objects/index.js";

/**
 * The one bus interface. Back ends (in process, Redis) plug in behind it.
 * `publish` never throws at the caller: a back end that cannot deliver buffers and retries.
 */
export interface EventBus extends EventSink, AsyncDisposable {
    readonly kind: string,
    publish(event: LivingEvent): void,
    subscribe(filter: EventFilter | undefined, handler: (event: LivingEvent) => void | Promise<void>): Unsubscribe,
    /** Resolves when every event published so far has been handed to its local handlers. */
    flush(): Promise<void>,
    dispose(): Promise<void>
}
