import {randomUUID} from "node:crypto";
import {summarize} from "../objects/index.js";
import type {ChatMessage, LivingEvent, Proto, ScrapbookEntry, Unsubscribe} from "../objects/index.js";
import {isRedisBus} from "../bus/index.js";
import {BlockClosure, parseExpression} from "../lang/index.js";
import type {Runtime} from "./Runtime.js";

export class SubscriptionError extends Error {
    public readonly userError = true;
    public override readonly name = "SubscriptionError";
}

/**
 * I keep personas subscribed to bus events: `BRICK on: #UserQuestion do: [:event | …]` stores the
 * block's source in the image and subscribes it; opening the image subscribes every stored handler
 * again. A handler runs with `self` bound to its persona and sees the event as a record with
 * `name`, `from`, `payload`, `id` and `at`. On Redis each handler has its own consumer group
 * (`persona:NAME:EVENT`), so every process hosting the persona shares its events, each handled once.
 */
export class PersonaSubscriptions {
    private readonly active = new Map<string, Unsubscribe>();
    private readonly pending: Promise<void>[] = [];

    /** @param hosts the personas whose handlers run in this process (null: all of them). */
    public constructor(private readonly runtime: Runtime, private readonly hosts: ReadonlySet<string> | null) {}

    /** Subscribes every handler stored in the image. */
    public activateAll(): void {
        for (const {personaId} of this.runtime.manager.list()) {
            const record = this.runtime.image.state.personas[personaId]!;
            for (const eventName of Object.keys(record.subscriptions ?? {})) this.activate(personaId, eventName);
        }
    }

    public on(persona: Proto, eventName: string, handler: unknown): Proto {
        if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(eventName)) throw new SubscriptionError(`An event name is a word like #UserQuestion, not ${JSON.stringify(eventName)}.`);
        if (!(handler instanceof BlockClosure) || handler.numArgs !== 1)
            throw new SubscriptionError(`on: #${eventName} do: takes a one-argument block, like [:event | …], not ${summarize(handler)}.`);
        const source = handler.code.source;
        // The handler is kept as source and compiled afresh: it must stand alone, without the variables of the code that made it.
        try {
            parseExpression(source);
        } catch (error) {
            throw new SubscriptionError(`The handler block cannot be stored as source: ${(error as Error).message}`, {cause: error});
        }
        this.runtime.image.update((draft) => {
            draft.personas[persona.personaId]!.subscriptions[eventName] = {eventName, source, since: new Date()};
        }, `${persona.name} on: #${eventName} do:`);
        this.activate(persona.personaId, eventName);
        return persona;
    }

    public off(persona: Proto, eventName: string): Proto {
        if (persona.record.subscriptions[eventName] == null) throw new SubscriptionError(`${persona.name} is not subscribed to #${eventName}.`);
        this.runtime.image.update((draft) => {
            delete draft.personas[persona.personaId]!.subscriptions[eventName];
        }, `${persona.name} unsubscribe: #${eventName}`);
        this.deactivate(persona.personaId, eventName);
        return persona;
    }

    /** Records a dialogue between personas in each one's scrapbook, and announces it (for the Oracle). */
    public recordDialogue(personas: Proto[], messages: ChatMessage[]): string {
        const interactionId = randomUUID();
        const at = new Date();
        if (!this.runtime.image.readOnly) {
            this.runtime.image.update((draft) => {
                for (const persona of personas) {
                    const record = draft.personas[persona.personaId];
                    if (record == null) continue;
                    const entry: ScrapbookEntry = {
                        id: interactionId, at, kind: "bus", messages, model: record.baseModelPath, adapter: record.activeAdapterPath,
                        meta: {participants: personas.map((p) => p.name)}
                    };
                    record.scrapbook.push(entry as typeof record.scrapbook[number]);
                }
            }, `dialogue of ${personas.map((p) => p.name).join(" and ")}`);
        }
        this.runtime.publish({
            type: "user", persona: personas[0]?.name ?? null, name: "DialogueComplete",
            payload: {interactionId, personas: personas.map((p) => p.name), messages}
        });
        // Offered to the Oracle: the strategic loop judges every completed interaction of each participant.
        for (const persona of personas)
            this.runtime.publish({type: "chatCompleted", persona: persona.name, interactionId, tokens: 0, ms: 0});
        return interactionId;
    }

    /** Resolves when every subscription is in place (on Redis: its consumer group exists). */
    public async ready(): Promise<void> {
        await Promise.all(this.pending);
    }

    public dispose(): void {
        for (const unsubscribe of this.active.values()) unsubscribe();
        this.active.clear();
    }

    private activate(personaId: string, eventName: string): void {
        const key = `${personaId}:${eventName}`;
        this.active.get(key)?.();
        this.active.delete(key);
        const proto = this.runtime.manager.protoFor(personaId);
        if (this.hosts != null && !this.hosts.has(proto.name)) return;
        const handler = (event: LivingEvent) => {
            if (event.type !== "user" || event.name !== eventName) return;
            return this.run(personaId, eventName, event);
        };
        const bus = this.runtime.bus;
        if (isRedisBus(bus)) {
            const subscription = bus.subscribe({type: "user"}, handler, {group: `persona:${proto.name}:${eventName}`});
            this.pending.push(subscription.ready);
            this.active.set(key, subscription);
        } else {
            this.active.set(key, bus.subscribe({type: "user"}, handler));
        }
    }

    private deactivate(personaId: string, eventName: string): void {
        const key = `${personaId}:${eventName}`;
        this.active.get(key)?.();
        this.active.delete(key);
    }

    private async run(personaId: string, eventName: string, event: Extract<LivingEvent, {type: "user"}>): Promise<void> {
        const record = this.runtime.image.state.personas[personaId];
        const subscription = record?.subscriptions[eventName];
        if (record == null || subscription == null) return;
        const proto = this.runtime.manager.protoFor(personaId);
        const bindings = new Map<string, unknown>([["incomingEvent", {name: event.name, from: event.persona, payload: event.payload, id: event.id, at: event.at}]]);
        try {
            await this.runtime.interpreter.evaluate(`(${subscription.source}) value: incomingEvent`, {self: proto, bindings});
        } catch (error) {
            this.runtime.publish({type: "sendFailed", persona: proto.name, selector: `on: #${eventName} do:`, error: (error as Error).message});
            throw error;
        }
    }
}
