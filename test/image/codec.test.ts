import path from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {decodeImage, encodeImage, ImageStore, imageFormatVersion, type WorldState} from "../../src/image/index.js";
import {everySlotType, tempDir, world} from "./sampleWorld.js";

function withSlots(): WorldState {
    const state = world(5);
    state.personas["brick-id"]!.slots = everySlotType();
    return state;
}

describe("image codec round trip", () => {
    let dir: {dir: string, remove: () => void};
    beforeEach(() => {
        dir = tempDir();
    });
    afterEach(() => dir.remove());

    it("encodes and decodes every slot type deep-equal", () => {
        const state = withSlots();
        const decoded = decodeImage(encodeImage(state, 3), "memory.image.json");
        expect(decoded).toStrictEqual(state);
        const slots = decoded.personas["brick-id"]!.slots;
        expect(slots["map"]).toBeInstanceOf(Map);
        expect(slots["set"]).toBeInstanceOf(Set);
        expect(slots["date"]).toBeInstanceOf(Date);
        expect(Number.isNaN((slots["invalidDate"] as Date).getTime())).toBe(true);
        expect(typeof slots["bigint"]).toBe("bigint");
        expect(Object.is(slots["negativeZero"], -0)).toBe(true);
        expect("undefinedMember" in slots).toBe(true);
        expect((slots["arrayWithUndefined"] as unknown[]).length).toBe(3);
        expect(decoded.personas["brick-id"]!.goldenDataset.at(2)!.provenance.at).toBeInstanceOf(Date);
    });

    it("round-trips arrays whose elements share a meta, differ after a while, or have none, and a \"*\" key", () => {
        const state = world(1);
        state.personas["brick-id"]!.slots = {
            dates: [new Date(1), new Date(2), new Date(3)],
            maps: [new Map([[1, 2]]), new Map([["a", new Date(5)]])],
            undefineds: [undefined, undefined],
            thenDifferent: [{at: new Date(1)}, {at: new Date(2)}, {at: "not a date"}, {at: new Date(4)}, {}],
            firstPlain: [{}, {at: new Date(9)}],
            single: [new Date(7)],
            nested: [[new Date(1)], [new Date(2), 5n]],
            star: {"*": new Date(8), "other": 1},
            starArrayOfObjects: [{"*": new Date(1)}, {"*": new Date(2)}]
        };
        expect(decodeImage(encodeImage(state), "memory.image.json")).toStrictEqual(state);
    });

    it("returns deeply frozen state", () => {
        const decoded = decodeImage(encodeImage(withSlots()), "memory.image.json");
        expect(Object.isFrozen(decoded)).toBe(true);
        expect(Object.isFrozen(decoded.personas["brick-id"]!.goldenDataset.at(1)!.messages[0])).toBe(true);
        expect(() => (decoded.personas["brick-id"]!.slots["map"] as Map<string, number>).set("b", 2)).toThrow();
    });

    it("keeps every slot type through update, save and reopen, and through journal replay", async () => {
        const file = path.join(dir.dir, "types.image.json");
        const store = await ImageStore.open(file, {create: () => world(2)});
        const slots = everySlotType();
        store.update((draft) => {
            draft.personas["brick-id"]!.slots = slots;
        }, "slots");
        const expected = store.state;
        // Replay only: nothing saved yet, the journal carries the creation and the slots.
        await store.close();
        const replayed = await ImageStore.open(file);
        expect(replayed.recovery.replayedEntries).toBe(2);
        expect(replayed.state).toStrictEqual(expected);
        await replayed.save();
        await replayed.close();
        const reopened = await ImageStore.open(file);
        expect(reopened.recovery.replayedEntries).toBe(0);
        expect(reopened.state).toStrictEqual(expected);
        expect(reopened.state.personas["brick-id"]!.slots["bigint"]).toBe(12345678901234567890123456789n);
        await reopened.close();
    });

    it("writes a JSON document with format, version, generation, checksum and body", () => {
        const text = encodeImage(world(1), 7);
        const document = JSON.parse(text) as Record<string, unknown>;
        expect(document).toMatchObject({format: "living-image", version: imageFormatVersion, generation: 7});
        expect(document["checksum"]).toMatch(/^[0-9a-f]{64}$/);
        expect(typeof document["savedAt"]).toBe("string");
        expect(document["body"]).toHaveProperty("json");
    });
});
