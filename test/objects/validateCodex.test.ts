import {readFile, readdir} from "node:fs/promises";
import {describe, expect, it} from "vitest";
import {InvalidCodexError, validateCodex} from "../../src/objects/index.js";

async function codex(name: string): Promise<Record<string, unknown>> {
    return JSON.parse(await readFile(new URL(`../../codices/${name}.json`, import.meta.url), "utf8")) as Record<string, unknown>;
}

function problemOf(value: unknown): InvalidCodexError {
    try {
        validateCodex(value, "bad.json");
    } catch (error) {
        if (error instanceof InvalidCodexError) return error;
        throw error;
    }
    throw new Error("the codex was accepted");
}

describe("codex validation", () => {
    it("accepts the four codices of the seed", async () => {
        const files = (await readdir(new URL("../../codices/", import.meta.url))).filter((f) => f.endsWith(".json") && !f.includes("schema"));
        expect(files.sort()).toEqual(["alfred.json", "babs.json", "brick.json", "robin.json"]);
        for (const file of files) {
            const value = validateCodex(await codex(file.replace(".json", "")), file);
            expect(value.rubric.map((a) => a.id).sort()).toEqual(["creative_synthesis", "dissonance_resolution", "logical_rigor", "task_efficacy"]);
        }
    });

    it("names the JSON path of the problem", async () => {
        const brick = await codex("brick");
        const rubric = structuredClone(brick.rubric) as Record<string, unknown>[];
        rubric[2]!.weight = "heavy";
        expect(problemOf({...brick, rubric}).jsonPath).toBe("$.rubric[2].weight");

        const descriptors = structuredClone(brick.rubric) as {descriptors: Record<string, string>}[];
        delete (descriptors[1]!.descriptors as Record<string, unknown>)["3"];
        const error = problemOf({...brick, rubric: descriptors});
        expect(error.jsonPath).toBe('$.rubric[1].descriptors["3"]');
        expect(error.message).toMatch(/bad\.json: \$\.rubric\[1\]\.descriptors\["3"\] must be a non-empty string, found nothing/);

        expect(problemOf({...brick, name: "brick"}).jsonPath).toBe("$.name");
        expect(problemOf({...brick, principles: [{id: "a", statement: "x", weight: 2}]}).jsonPath).toBe("$.principles[0].weight");
        expect(problemOf([]).jsonPath).toBe("$");
        const noAxis = (structuredClone(brick.rubric) as unknown[]).slice(0, 3);
        expect(problemOf({...brick, rubric: noAxis}).jsonPath).toBe("$.rubric");
    });
});
