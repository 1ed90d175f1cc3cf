import {describe, expect, it} from "vitest";
import {RecentIds} from "../../src/bus/redis/RecentIds.js";

describe("RecentIds", () => {
    it("remembers at least the last `capacity` ids and forgets older ones", () => {
        const ids = new RecentIds(100);
        for (let n = 0; n < 1_000; n++) ids.add(`id-${n}`);
        for (let n = 900; n < 1_000; n++) expect(ids.has(`id-${n}`)).toBe(true);
        expect(ids.has("id-0")).toBe(false);
        expect(ids.has("id-799")).toBe(false);
        expect(ids.has("never")).toBe(false);
    });

    it("keeps every one of the last `capacity` ids right after a generation turns over", () => {
        const ids = new RecentIds(3);
        for (const id of ["a", "b", "c"]) ids.add(id);
        expect(["a", "b", "c"].map((id) => ids.has(id))).toEqual([true, true, true]);
        ids.add("d");
        expect(["b", "c", "d"].map((id) => ids.has(id))).toEqual([true, true, true]);
        for (const id of ["e", "f", "g"]) ids.add(id);
        expect(["a", "b", "c"].map((id) => ids.has(id))).toEqual([false, false, false]);
        expect(["e", "f", "g"].map((id) => ids.has(id))).toEqual([true, true, true]);
    });
});

describe("RecentIds.addNew / forget", () => {
    it("adds an id unless it was seen, answers whether it was new, and forgets one on request", () => {
        const ids = new RecentIds(3);
        expect(["a", "b", "a"].map((id) => ids.addNew(id))).toEqual([true, true, false]);
        // "c" turns the generation over: "a" and "b" are still known, in the older one.
        expect(ids.addNew("c")).toBe(true);
        expect(["a", "b", "c"].map((id) => ids.addNew(id))).toEqual([false, false, false]);
        ids.forget("b");
        ids.forget("d");
        expect(ids.has("b")).toBe(false);
        expect(ids.addNew("b")).toBe(true);
        expect(ids.has("b")).toBe(true);
    });

    it("agrees with has and add over a long run", () => {
        const fast = new RecentIds(50);
        const plain = new RecentIds(50);
        for (let n = 0; n < 2_000; n++) {
            const id = `id-${(n * 7919) % 311}`;
            const isNew = !plain.has(id);
            if (isNew) plain.add(id);
            expect(fast.addNew(id)).toBe(isNew);
        }
    });
});
