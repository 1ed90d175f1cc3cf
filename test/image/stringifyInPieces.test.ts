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
            Array.from({length: 5000}, (_, i) => goldenSample(i)),
            datesOfEveryKind()
        ];
        for (const value of values) expect(joined(value)).toBe(JSON.stringify(value));
    });
});

/** A long array whose elements hold Dates at every depth, of every kind JSON.stringify writes differently. */
function datesOfEveryKind(): unknown[] {
    const withOwn = (key: string | symbol, value: unknown): Date => Object.defineProperty(new Date(7), key, {value, enumerable: false});
    class Later extends Date {
        override toJSON(): string {
            return "later";
        }
    }
    const kinds: unknown[] = [new Date(1), new Date(Number.NaN), new Date(8.64e15), new Date(-1), withOwn("toJSON", () => "own"),
        withOwn("toISOString", () => "iso"), withOwn("valueOf", () => Number.NaN), withOwn(Symbol.toPrimitive, () => Number.NaN),
        Object.assign(new Date(3), {note: 1}), new Later(4), "not a date", null, undefined];
    return Array.from({length: 2000}, (_, i) => {
        const date = kinds[i % kinds.length];
        const record = Object.create(i % 3 === 0 ? null : Object.prototype) as Record<string, unknown>;
        Object.assign(record, {id: i, at: date, provenance: {judge: "J", at: date, deeper: {at: date}}, list: [date]});
        if (i % 5 === 0) record["toJSON"] = () => ({replaced: i});
        if (i % 7 === 0) (record["provenance"] as Record<string, unknown>)["toJSON"] = () => "provenance";
        // Runs of the same time, as an import makes, and times that change.
        if (i % 11 === 0) record["at"] = new Date(Math.floor(i / 100));
        return i % 13 === 0 ? date : record;
    });
}
