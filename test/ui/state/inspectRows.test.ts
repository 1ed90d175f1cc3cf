import {describe, expect, it} from "vitest";
import {emptyWorld, Runtime} from "../../../src/index.js";
import {inspectRows, isDrillable, valueAt} from "../../../src/ui/state/inspectRows.js";
import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";

describe("inspectRows", () => {
    it("lists arrays by 1-based index, maps by key, records by field; leaves have none", () => {
        const value = {list: [10, [20, 30]], map: new Map<unknown, unknown>([["k", {deep: true}]]), set: new Set([1]), at: new Date(0), text: "hi"};
        expect(inspectRows(value).map((r) => [r.label, r.drillable])).toEqual([["list", true], ["map", true], ["set", true], ["at", false], ["text", false]]);
        expect(inspectRows(value.list).map((r) => r.label)).toEqual(["1", "2"]);
        expect(inspectRows(value.map)[0]).toMatchObject({label: "\"k\"", summary: "{deep}", drillable: true});
        expect(valueAt(value, [0, 1, 0])).toEqual({found: true, value: 20});
        expect(valueAt(value, [0, 5])).toEqual({found: false, value: undefined});
        expect(isDrillable("a string")).toBe(false);
        expect(isDrillable(null)).toBe(false);
    });

    it("opens the interpreter's own collections by their protocol", async () => {
        const dir = await mkdtemp(path.join(tmpdir(), "li-ui-rows-"));
        try {
            await using runtime = await Runtime.open(path.join(dir, "x.image.json"), {create: emptyWorld});
            const dictionary = await runtime.evaluate("(Dictionary new) at: #a put: 1; at: #b put: #(1 2); yourself");
            expect(inspectRows(dictionary).map((r) => `${r.label}=${r.summary}`)).toEqual(["#a=1", "#b=Array(2)"]);
            const ordered = await runtime.evaluate("OrderedCollection new add: 3; add: 4; yourself");
            expect(inspectRows(ordered).map((r) => `${r.label}=${r.summary}`)).toEqual(["1=3", "2=4"]);
        } finally {
            await rm(dir, {recursive: true, force: true});
        }
    });
});
