import {describe, expect, it} from "vitest";
import {decodeBody, encodeBody} from "../../src/image/index.js";
import {GoldenDataset, type GoldenSample} from "../../src/objects/index.js";
import {goldenSample} from "./sampleWorld.js";

/** Samples of the usual shape, and samples that differ from it in every way the walk tells apart. */
function samples(): unknown[] {
    const usual = (i: number): Record<string, unknown> => goldenSample(i) as unknown as Record<string, unknown>;
    const provenance = (i: number): Record<string, unknown> => usual(i)["provenance"] as Record<string, unknown>;
    return [
        usual(1),
        {...usual(2), provenance: {...provenance(2), scores: null}, extra: [1, "two", {three: [true, null]}]},
        Object.assign(Object.create(null) as object, usual(3)),
        {...usual(4), provenance: {...provenance(4), at: new Date(Number.NaN)}},
        {...usual(5), heldOut: undefined},
        {...usual(6), provenance: {...provenance(6), scores: {judge: "J", golden: Number.NaN, axes: {}}}},
        {...usual(7), provenance: {...provenance(7), scores: {judge: "J", golden: -0, axes: {}}}},
        {...usual(8), provenance: {...provenance(8), at: "2026-01-01T00:00:00.000Z"}},
        {...usual(9), provenance: {...provenance(9), at: undefined}},
        {id: "no-provenance", messages: []},
        {...usual(10), provenance: {...provenance(10), extra: new Date(3)}},
        {...usual(11), messages: [{role: "user", content: "hi", at: new Date(4)}]},
        // eslint-disable-next-line no-sparse-arrays
        {...usual(12), messages: [, {role: "user", content: "hi"}]},
        {...usual(13), provenance: {...provenance(13), scores: new Map([["a", 1]])}},
        {...usual(14), provenance: {...provenance(14), scores: {judge: "J", golden: 1n, axes: {}}}},
        {...usual(15), provenance: [new Date(5)]},
        {...usual(16), provenance: Object.assign(Object.create(null) as object, provenance(16))},
        {...usual(17), provenance: {...provenance(17), at: Object.assign([1], {})}},
        {...usual(18), provenance: {...provenance(18), at: new (class Later extends Date {})(6)}},
        usual(19)
    ];
}

describe("encodeBody of a golden dataset", () => {
    it("answers what the walk of any array answers, for samples of the usual shape and for every other", () => {
        for (const sample of samples()) {
            const dataset = GoldenDataset.of([sample as GoldenSample, goldenSample(100), sample as GoldenSample]);
            const fast = encodeBody({d: dataset});
            const generic = encodeBody({d: dataset.toArray()});
            expect(fast.meta).toStrictEqual(generic.meta);
            expect(JSON.stringify(fast.json)).toBe(JSON.stringify(generic.json));
        }
        const all = samples() as GoldenSample[];
        const fast = encodeBody(GoldenDataset.of(all));
        const generic = encodeBody(GoldenDataset.of(all).toArray());
        expect(fast.meta).toStrictEqual(generic.meta);
        expect(JSON.stringify(fast.json)).toBe(JSON.stringify(generic.json));
        expect(decodeBody(JSON.parse(JSON.stringify(fast.json)), fast.meta)).toStrictEqual(decodeBody(JSON.parse(JSON.stringify(generic.json)), generic.meta));
    });

    it("tags only the provenance's Date of usual samples, once for all of them", () => {
        const dataset = GoldenDataset.of(Array.from({length: 1000}, (_, i) => goldenSample(i)));
        expect(encodeBody({d: dataset}).meta).toStrictEqual({d: {"*": {provenance: {at: "D"}}}});
    });
});
