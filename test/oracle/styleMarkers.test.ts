import {readFile} from "node:fs/promises";
import path from "node:path";
import {describe, expect, it} from "vitest";
import type {Codex} from "../../src/objects/index.js";
import {spearman, styleMarkers, styleRate} from "../../src/oracle/index.js";

const codex = async (name: string) => JSON.parse(await readFile(path.resolve("codices", `${name}.json`), "utf8")) as Codex;

describe("style markers, read from the codex", () => {
    it("finds each of BRICK's, ROBIN's and BABS's markers in their codex examples, and few in a plain reply", async () => {
        for (const name of ["brick", "robin", "babs"]) {
            const c = await codex(name);
            expect(styleMarkers(c).map((m) => m.marker)).toEqual(c.voice.styleMarkers);
            const examples = styleRate(c, c.examples.map((e) => e.persona));
            expect(examples.rate).toBeGreaterThanOrEqual(0.5);
            expect(styleRate(c, ["Okay. It is what it is, and nobody can say more than that about any of it today."]).rate).toBeLessThanOrEqual(0.2);
        }
    });

    it("checks what each marker names", async () => {
        const brick = styleMarkers(await codex("brick"));
        const test = (marker: string, reply: string) => brick.find((m) => m.marker === marker)!.test(reply);
        expect(test("numbered steps", "Logically speaking: 1. Premise: a. 2. Premise: b.")).toBe(true);
        expect(test("numbered steps", "Steps are good.")).toBe(false);
        expect(test("'Logically speaking'", "LOGICALLY SPEAKING, no.")).toBe(true);
        expect(test("explicit premises and conclusions", "Premise: a. Therefore, b.")).toBe(true);
        expect(test("explicit premises and conclusions", "Therefore, b.")).toBe(false);
        expect(test("a sudden unrelated fact, delivered cheerfully", "Done. Also, honey never spoils.")).toBe(true);
        const robin = styleMarkers(await codex("robin"));
        expect(robin.find((m) => m.marker === "builds on BRICK by name")!.test("BRICK's point stands.")).toBe(true);
        expect(robin.find((m) => m.marker === "names the feeling")!.test("You feel stuck, and that is allowed.")).toBe(true);
    });
});

describe("spearman", () => {
    it("correlates ranks, ties averaged", () => {
        expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1);
        expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1);
        expect(spearman([1, 1, 2, 3], [1, 2, 3, 4])).toBeCloseTo(0.9487, 3);
        expect(spearman([1, 1], [1, 2])).toBeNaN();
    });
});
