import {readFile, readdir} from "node:fs/promises";
import {describe, expect, it} from "vitest";
import {codexJsonSchemaText, InvalidCodexError, validateCodex} from "../../src/objects/index.js";
import {ImageStore} from "../../src/image/index.js";

async function codex(name: string): Promise<Record<string, unknown>> {
    return JSON.parse(await readFile(new URL(`../../codices/${name}.json`, import.meta.url), "utf8")) as Record<string, unknown>;
}

async function problemOf(value: unknown): Promise<InvalidCodexError> {
    try {
        await validateCodex(value, "bad.json");
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
            const value = await validateCodex(await codex(file.replace(".json", "")), file);
            expect(value.rubric.map((a) => a.id).sort()).toEqual(["creative_synthesis", "dissonance_resolution", "logical_rigor", "task_efficacy"]);
        }
    });

    it("accepts the codices stored in the committed image, so images saved before this schema still hold valid codices", async () => {
        await using image = await ImageStore.open(new URL("../../workspace.image.json", import.meta.url).pathname, {readOnly: true});
        const personas = Object.values(image.state.personas);
        expect(personas.length).toBeGreaterThanOrEqual(4);
        for (const persona of personas) expect((await validateCodex(persona.codex, persona.name)).name).toBe(persona.codex.name);
    });

    it("names the JSON path of the problem, what was expected and what was found", async () => {
        const brick = await codex("brick");
        const rubric = structuredClone(brick.rubric) as Record<string, unknown>[];
        rubric[2]!.weight = "heavy";
        const heavy = await problemOf({...brick, rubric});
        expect(heavy.jsonPath).toBe("$.rubric[2].weight");
        expect(heavy.message).toBe('bad.json: $.rubric[2].weight must be a number from 0 to 1, found "heavy". '
            + "Fix the codex file; codices/codex.schema.json describes every field.");

        const descriptors = structuredClone(brick.rubric) as {descriptors: Record<string, string>}[];
        delete (descriptors[1]!.descriptors as Record<string, unknown>)["3"];
        const error = await problemOf({...brick, rubric: descriptors});
        expect(error.jsonPath).toBe('$.rubric[1].descriptors["3"]');
        expect(error.message).toMatch(/bad\.json: \$\.rubric\[1\]\.descriptors\["3"\] must be a non-empty string, found nothing/);

        expect((await problemOf({...brick, name: "brick"})).jsonPath).toBe("$.name");
        expect((await problemOf({...brick, identity: "   "})).problem).toBe('must be a non-empty string, found "   "');
        expect((await problemOf({...brick, principles: [{id: "a", statement: "x", weight: 2}]})).jsonPath).toBe("$.principles[0].weight");
        expect((await problemOf([])).problem).toBe("must be an object, found an array of 0 items");
        expect((await problemOf({...brick, schemaVersion: 2})).problem).toBe("must be 1, found number 2");
    });

    it("checks what a JSON schema cannot say: each axis once, weights adding up to 1, unique principle ids", async () => {
        const brick = await codex("brick");
        const noAxis = (structuredClone(brick.rubric) as unknown[]).slice(0, 3);
        const three = await problemOf({...brick, rubric: noAxis});
        expect(three.jsonPath).toBe("$.rubric");
        expect(three.problem).toMatch(/^must hold the four axes .*, found an array of 3 items$/);

        const twice = structuredClone(brick.rubric) as {id: string}[];
        twice[1]!.id = twice[0]!.id;
        const repeated = await problemOf({...brick, rubric: twice});
        expect(repeated.problems.map((p) => p.jsonPath)).toEqual(["$.rubric[1].id", "$.rubric"]);
        expect(repeated.problems[1]!.problem).toMatch(/^lacks the axis /);

        const heavy = structuredClone(brick.rubric) as {weight: number}[];
        heavy[0]!.weight += 0.1;
        expect((await problemOf({...brick, rubric: heavy})).problem).toBe("weights must add up to 1, found 1.100");

        const principles = brick.principles as {id: string}[];
        const sameId = (await problemOf({...brick, principles: [principles[0], {...principles[1], id: principles[0]!.id}]}));
        expect(sameId.jsonPath).toBe("$.principles[1].id");
    });

    it("names a misspelt field and the field it was probably meant to be, and lists every problem", async () => {
        const {principles, ...brick} = await codex("brick");
        const error = await problemOf({...brick, principals: principles, voice: {description: "dry", styleMarkers: [], tone: "x"}});
        expect(error.problems.map((p) => p.jsonPath)).toEqual(["$.voice.styleMarkers", "$.voice.tone", "$.principles", "$.principals"]);
        expect(error.problems[3]!.problem).toMatch(/^is not a codex field \(did you mean principles\?\)/);
        expect(error.message).toMatch(/^bad\.json: 4 problems:\n {2}\$\.voice\.styleMarkers must hold at least one style marker, found an array of 0 items\n/);
    });
});

describe("codices/codex.schema.json", () => {
    it("is the file generated from src/objects/codexSchema.ts (npm run codex-schema rewrites it)", async () => {
        const committed = await readFile(new URL("../../codices/codex.schema.json", import.meta.url), "utf8");
        const generated = await codexJsonSchemaText();
        expect(committed === generated, "codices/codex.schema.json differs from src/objects/codexSchema.ts: run npm run codex-schema").toBe(true);
        const schema = JSON.parse(generated) as {required: string[], additionalProperties: boolean};
        expect(schema.required).toEqual(["schemaVersion", "name", "identity", "role", "voice", "principles", "rubric", "examples"]);
        expect(schema.additionalProperties).toBe(false);
    });
});
