import {afterEach, beforeEach} from "vitest";
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import path from "node:path";
import {GoldenDataset} from "../../src/objects/index.js";
import type {Codex, GoldenSample, PersonaRecord} from "../../src/objects/index.js";
import {emptyWorld, type WorldState} from "../../src/image/index.js";

/** A fresh temporary directory, and its removal. */
export function tempDir(): {dir: string, remove: () => void} {
    const dir = mkdtempSync(path.join(tmpdir(), "living-image-test-"));
    return {dir, remove: () => rmSync(dir, {recursive: true, force: true})};
}

/** A fresh folder for each test of the file, removed after it: `at.dir` is the folder, `at.file` an image path in it. */
export function imageFileForEach(): {readonly dir: string, readonly file: string} {
    let current: {dir: string, remove: () => void} | null = null;
    beforeEach(() => {
        current = tempDir();
    });
    afterEach(() => current?.remove());
    return {
        get dir() {
            return current!.dir;
        },
        get file() {
            return path.join(current!.dir, "workspace.image.json");
        }
    };
}

export const codex: Codex = {
    schemaVersion: 1,
    name: "BRICK",
    identity: "A logical persona with cheerful chaotic randomness.",
    role: "logic and analysis",
    voice: {description: "deadpan", styleMarkers: ["Fact:", "Also:"]},
    principles: [{id: "p1", statement: "Be precise.", weight: 1}],
    rubric: [
        {id: "logical_rigor", name: "Logical rigor", weight: 1, descriptors: {"1": "wrong", "3": "fine", "5": "airtight"}},
        {id: "task_efficacy", name: "Task efficacy", weight: 1, descriptors: {"1": "no", "3": "partly", "5": "fully"}}
    ],
    examples: [{user: "Hi", persona: "Fact: hello."}]
};

/** A realistic ChatML golden sample with provenance and a Date. */
export function goldenSample(i: number): GoldenSample {
    return {
        id: `sample-${i.toString().padStart(6, "0")}`,
        messages: [
            {role: "system", content: "You are BRICK. Fact: you answer with logic and the occasional non sequitur."},
            {role: "user", content: `Question ${i}: how many "legs" does a table with ${i % 7} corners need?\nBe brief.`},
            {role: "assistant", content: `Fact: a table with ${i % 7} corners needs ${i % 7} legs, give or take a philosophy. Also: tables do not dream.`}
        ],
        provenance: {
            interactionId: `interaction-${i}`,
            judge: "ALFRED",
            model: "stories260K.gguf",
            adapter: i % 3 === 0 ? null : `adapters/brick/v${i % 5}.gguf`,
            scores: {
                judge: "ALFRED",
                axes: {
                    logical_rigor: {score: 5, rationale: "Sound."},
                    task_efficacy: {score: 4 + (i % 2), rationale: "Answered the question."}
                },
                golden: 4.5 + (i % 2) / 2
            },
            at: new Date(Date.UTC(2026, 0, 1) + i * 60_000)
        },
        heldOut: i % 10 === 0
    };
}

export function persona(name: string, id: string, samples: number): PersonaRecord {
    return {
        personaId: id,
        name,
        codexPath: `codices/${name.toLowerCase()}.json`,
        codex: {...codex, name},
        baseModelPath: "test/fixtures/models/stories260K.gguf",
        baseModelFingerprint: null,
        activeAdapterPath: null,
        goldenDataset: GoldenDataset.of(Array.from({length: samples}, (_, i) => goldenSample(i))),
        performanceMetrics: [{at: new Date(Date.UTC(2026, 0, 2)), name: "golden", value: 4.6, tags: {axis: "all"}}],
        scrapbook: [{
            id: "scrap-1", at: new Date(Date.UTC(2026, 0, 3)), kind: "chat", messages: [{role: "user", content: "Hi"}],
            model: null, adapter: null, meta: {note: undefined, tokens: 3}
        }],
        methods: {greet: {selector: "greet", source: "greet\n  ^'Fact: hello.'", category: "talking", modifiedAt: new Date(Date.UTC(2026, 0, 4))}},
        subscriptions: {},
        slots: {},
        parent: null,
        createdAt: new Date(Date.UTC(2025, 11, 31))
    };
}

/** A world with one persona (BRICK) holding `samples` golden samples. */
export function world(samples = 3): WorldState {
    const state = emptyWorld();
    state.personas["brick-id"] = persona("BRICK", "brick-id", samples);
    return state;
}

/** Every kind of value a persona's free slots may hold. */
export function everySlotType(): Record<string, unknown> {
    return {
        map: new Map<unknown, unknown>([["a", 1], [2, new Date(Date.UTC(2020, 1, 2))], ["nested", new Map([["x", new Set([1, 2])]])]]),
        set: new Set<unknown>(["x", 3, new Date(Date.UTC(2021, 5, 6))]),
        date: new Date(Date.UTC(2022, 2, 3, 4, 5, 6, 789)),
        invalidDate: new Date(Number.NaN),
        bigint: 12345678901234567890123456789n,
        negativeBigint: -5n,
        undefinedMember: undefined,
        arrayWithUndefined: [1, undefined, 3],
        nested: {deep: {deeper: [{at: new Date(0), tags: new Set(["a"])}, null, "text", true, 1.5]}},
        nan: Number.NaN,
        infinity: Number.POSITIVE_INFINITY,
        negativeInfinity: Number.NEGATIVE_INFINITY,
        negativeZero: -0,
        regexp: /li(v|f)e\/[a-z]+/gi,
        emptyObject: {},
        emptyArray: [],
        unicode: "héllo — 世界 🎉 \u2028 \"quoted\" \\ back",
        "key with \"quotes\" and .dots": 1
    };
}
