import {describe, expect, it} from "vitest";
import {GoldenDataset} from "../../src/objects/index.js";
import type {GoldenSample} from "../../src/objects/index.js";

function sample(i: number): GoldenSample {
    return {
        id: `s${i}`, heldOut: i % 3 === 0,
        messages: [{role: "user", content: `question ${i}`}, {role: "assistant", content: `answer ${i}`}],
        provenance: {interactionId: null, judge: "test", model: null, adapter: null, scores: null, at: new Date(i)}
    };
}

const ids = (dataset: GoldenDataset) => dataset.map((s) => s.id);

describe("GoldenDataset", () => {
    it("grows at the end without changing any version made before", () => {
        const a = GoldenDataset.of([sample(0), sample(1)]);
        const b = a.append([sample(2)]);
        const c = b.append([sample(3), sample(4)]);
        expect(ids(a)).toEqual(["s0", "s1"]);
        expect(ids(b)).toEqual(["s0", "s1", "s2"]);
        expect(ids(c)).toEqual(["s0", "s1", "s2", "s3", "s4"]);
        expect([a.length, b.length, c.length]).toEqual([2, 3, 5]);
        expect(a.at(2)).toBeUndefined();
        expect(b.at(-1)!.id).toBe("s2");
        expect([...a]).toEqual(a.toArray());
    });

    it("keeps two versions grown from the same one apart (an append to an older version copies it first)", () => {
        const base = GoldenDataset.of([sample(0)]);
        const left = base.append([sample(1)]);
        const right = base.append([sample(2)]);
        const leftMore = left.append([sample(3)]);
        const rightMore = right.append([sample(4)]);
        expect(ids(base)).toEqual(["s0"]);
        expect(ids(left)).toEqual(["s0", "s1"]);
        expect(ids(right)).toEqual(["s0", "s2"]);
        expect(ids(leftMore)).toEqual(["s0", "s1", "s3"]);
        expect(ids(rightMore)).toEqual(["s0", "s2", "s4"]);
        expect(ids(GoldenDataset.empty.append([sample(5)]))).toEqual(["s5"]);
        expect(GoldenDataset.empty).toHaveLength(0);
    });

    it("is frozen, and freezes what it holds", () => {
        const input = [sample(0)];
        const dataset = GoldenDataset.of(input).append([sample(1)]);
        input.push(sample(9));
        expect(dataset).toHaveLength(2);
        expect(Object.isFrozen(dataset)).toBe(true);
        expect(Object.isFrozen(dataset.toArray())).toBe(true);
        expect(Object.isFrozen(dataset.at(1)!.messages[0])).toBe(true);
        expect(dataset.toArray()).toBe(dataset.toArray());
    });

    it("reads like an array: filter, map, some, every, slice, with, JSON", () => {
        const dataset = GoldenDataset.of([0, 1, 2, 3, 4, 5].map(sample));
        expect(dataset.filter((s) => s.heldOut).map((s) => s.id)).toEqual(["s0", "s3"]);
        expect(dataset.some((s) => s.id === "s4")).toBe(true);
        expect(dataset.every((s) => s.id.startsWith("s"))).toBe(true);
        expect(dataset.slice(-2).map((s) => s.id)).toEqual(["s4", "s5"]);
        expect(dataset.slice(1, 3).map((s) => s.id)).toEqual(["s1", "s2"]);
        const changed = dataset.with(1, {...sample(1), heldOut: true});
        expect(changed.at(1)!.heldOut).toBe(true);
        expect(dataset.at(1)!.heldOut).toBe(false);
        expect(() => dataset.with(6, sample(6))).toThrow(RangeError);
        expect(JSON.parse(JSON.stringify({dataset}))).toEqual({dataset: JSON.parse(JSON.stringify(dataset.toArray()))});
    });

    it("compares by its samples in tests (so a test of a state that holds one can fail)", () => {
        const a = GoldenDataset.of([sample(0), sample(1)]);
        expect(a).toEqual(GoldenDataset.of([sample(0), sample(1)]));
        expect(a).not.toEqual(GoldenDataset.of([sample(0), sample(2)]));
        expect(a).not.toEqual(a.append([sample(2)]));
        expect(a).not.toEqual(a.toArray());
    });
});
