import {describe, expect, it} from "vitest";
import {makeEvent} from "../../src/objects/index.js";
import type {LivingEvent} from "../../src/objects/index.js";
import {InMemoryBus, UnsupportedBusUrlError, createBus} from "../../src/bus/index.js";

const transcript = (persona: string | null, text: string) => makeEvent({type: "transcript", persona, text});

describe("InMemoryBus", () => {
    it("filters by type and by persona", () => {
        const bus = new InMemoryBus();
        const robin: string[] = [];
        const slots: string[] = [];
        bus.subscribe({persona: "ROBIN"}, (e) => {
            robin.push(e.type);
        });
        bus.subscribe({type: ["slotChanged", "methodCompiled"]}, (e) => {
            slots.push(e.persona ?? "*");
        });
        bus.publish(transcript("ROBIN", "a"));
        bus.publish(transcript("BRICK", "b"));
        bus.publish(makeEvent({type: "slotChanged", persona: "BRICK", slot: "methods"}));
        bus.publish(makeEvent({type: "methodCompiled", persona: "ROBIN", selector: "hug"}));
        expect(robin).toEqual(["transcript", "methodCompiled"]);
        expect(slots).toEqual(["BRICK", "ROBIN"]);
    });

    it("isolates a throwing or rejecting handler from the others", async () => {
        const errors: string[] = [];
        const bus = new InMemoryBus((error) => errors.push(error instanceof Error ? error.message : String(error)));
        const seen: LivingEvent[] = [];
        bus.subscribe(undefined, () => {
            throw new Error("sync boom");
        });
        bus.subscribe(undefined, async () => {
            throw new Error("async boom");
        });
        bus.subscribe(undefined, (e) => {
            seen.push(e);
        });
        const event = transcript(null, "x");
        expect(() => bus.publish(event)).not.toThrow();
        await bus.flush();
        expect(seen).toEqual([event]);
        expect(errors.sort()).toEqual(["async boom", "sync boom"]);
    });

    it("flush waits for asynchronous handlers; unsubscribe stops delivery", async () => {
        const bus = new InMemoryBus();
        let done = 0;
        const stop = bus.subscribe(undefined, async () => {
            await new Promise((resolve) => setTimeout(resolve, 20));
            done++;
        });
        bus.publish(transcript(null, "1"));
        await bus.flush();
        expect(done).toBe(1);
        stop();
        bus.publish(transcript(null, "2"));
        await bus.flush();
        expect(done).toBe(1);
    });
});

describe("createBus", () => {
    it("answers the in-process bus for nothing and for memory", async () => {
        for (const url of [undefined, "", "memory", "memory:"]) {
            await using bus = await createBus(url);
            expect(bus.kind).toBe("memory");
        }
    });

    it("refuses other addresses with an error naming the accepted ones", async () => {
        for (const url of ["http://localhost:6379", "localhost:6379", "nats://x"]) {
            await expect(createBus(url)).rejects.toThrow(UnsupportedBusUrlError);
        }
        await expect(createBus("kafka://broker")).rejects.toThrow(/expected "memory" .* or redis:\/\/HOST:PORT/);
    });
});
