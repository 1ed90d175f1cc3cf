import {matchesFilter} from "../objects/index.js";
import type {EventFilter, LivingEvent, Unsubscribe} from "../objects/index.js";
import type {EventBus} from "./EventBus.js";

type Subscriber = {filter: EventFilter | undefined, handler: (event: LivingEvent) => void | Promise<void>};

/**
 * I am the in-process bus, the embedded default. Delivery is synchronous and in order;
 * a handler that throws or rejects is reported to `onHandlerError` and never stops delivery to others.
 */
export class InMemoryBus implements EventBus {
    public readonly kind = "memory";
    private readonly subscribers = new Set<Subscriber>();
    private readonly pending = new Set<Promise<void>>();

    public constructor(private readonly onHandlerError: (error: unknown, event: LivingEvent) => void = () => {}) {}

    public publish(event: LivingEvent): void {
        for (const subscriber of [...this.subscribers]) {
            if (!matchesFilter(event, subscriber.filter)) continue;
            try {
                const result = subscriber.handler(event);
                if (result instanceof Promise) {
                    const tracked = result.catch((error: unknown) => this.onHandlerError(error, event))
                        .finally(() => this.pending.delete(tracked));
                    this.pending.add(tracked);
                }
            } catch (error) {
                this.onHandlerError(error, event);
            }
        }
    }

    public subscribe(filter: EventFilter | undefined, handler: (event: LivingEvent) => void | Promise<void>): Unsubscribe {
        const subscriber: Subscriber = {filter, handler};
        this.subscribers.add(subscriber);
        return () => {
            this.subscribers.delete(subscriber);
        };
    }

    public async flush(): Promise<void> {
        while (this.pending.size > 0) await Promise.all([...this.pending]);
    }

    public async dispose(): Promise<void> {
        await this.flush();
        this.subscribers.clear();
    }

    public async [Symbol.asyncDispose](): Promise<void> {
        await this.dispose();
    }
}
