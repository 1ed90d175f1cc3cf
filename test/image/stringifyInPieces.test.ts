import {describe, expect, it} from "vitest";
import {encodeBody} from "../../src/image/index.js";
import {stringifyInPieces} from "../../src/image/stringifyInPieces.js";
import {goldenSample, world} from "./sampleWorld.js";

function joined(value: unknown): string {
    return [...stringifyInPieces(value)].join("");
}

describe("stringifyInPieces", () => {
    it("joins to JSON.stringify's text exactly for an image with long arrays, in pieces far shorter than it", () => {
        const {json} = encodeBody(world(3000));
        const pieces = [...stringifyInPieces(json)];
        const text = JSON.stringify(json);
        expect(pieces.join("")).toBe(text);
        expect(text.length).toBeGreaterThan(1_000_000);
        expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(200_000);
    });

    it("writes members and elements as JSON.stringify does: undefined, functions, holes, Dates, toJSON, non-ASCII", () => {
        const long = Array.from({length: 1300}, (_, i) => i % 97 === 0 ? undefined : i % 89 === 0 ? (() => 1) : i % 83 === 0 ? null
            : i % 7 === 0 ? {at: new Date(Date.UTC(2026, 0, 1, 0, i)), text: `é ${i} 😀 \ud800 "q" \\ \n`, gone: undefined}
                : i % 5 === 0 ? [i, "x", {deep: {deeper: [1, {z: undefined}]}}] : `s${i}`);
        // eslint-disable-next-line no-sparse-arrays
        const holes = [...Array.from({length: 600}, (_, i) => i), , 1];
        const values: unknown[] = [
            {a: long, b: undefined, c: () => 1, d: Symbol("s"), e: {f: long, g: []}, h: {}, [Symbol("k")]: 1, i: new Date(Number.NaN)},
            {custom: {toJSON: () => "custom"}, absent: {toJSON: () => undefined}, date: new Date(0)},
            {1: "first by JSON's key order", b: 2, 0: "zero", nested: {l1: {l2: {l3: {l4: {l5: {l6: {long}}}}}}}},
            holes, long, [], {}, null, 0, -0, Number.NaN, 1e21, "plain", "é😀", true,
            Object.assign(Object.create(null) as Record<string, unknown>, {x: long.slice(0, 700)}),
            new Map([[1, 2]]),
            Array.from({length: 5000}, (_, i) => goldenSample(i))
        ];
        for (const value of values) expect(joined(value)).toBe(JSON.stringify(value));
    });
});
