import {describe, expect, it} from "vitest";
import {BootstrapError, compareWithIncumbent, defaultEvolution, EvolutionSettingError, evolutionSettings, mulberry32, nextDatasetVersion, pairedBootstrap,
    representativeSubset} from "../../../src/loops/philosophical/index.js";
import type {ModelBenchmark} from "../../../src/loops/philosophical/index.js";
import {emptyWorld} from "../../../src/image/index.js";
import type {GoldenSample, PersonaRecord} from "../../../src/objects/index.js";

function bench(bitsPerByte: (number | null)[], scores: (number | null)[] = []): ModelBenchmark {
    const known = bitsPerByte.filter((b): b is number => b != null);
    return {
        model: "m.gguf", adapter: null, bitsPerByte, meanBitsPerByte: known.reduce((a, b) => a + b, 0) / known.length,
        replies: scores.map((score) => ({text: "reply", score})), tokensPerSecond: 1, evaluationTokensPerSecond: 1, memoryBytes: 1
    };
}

function persona(slots: Record<string, unknown> = {}): PersonaRecord {
    return {slots, name: "BRICK"} as unknown as PersonaRecord;
}

describe("the paired bootstrap", () => {
    it("is seeded: the same differences give the same interval, another seed a slightly different one", () => {
        const random = mulberry32(9);
        const diffs = Array.from({length: 40}, () => 0.3 + (random() - 0.5));
        const a = pairedBootstrap(diffs, {resamples: 2000, seed: 1});
        expect(pairedBootstrap(diffs, {resamples: 2000, seed: 1})).toEqual(a);
        const b = pairedBootstrap(diffs, {resamples: 2000, seed: 2});
        expect(b.lower).not.toBe(a.lower);
        expect(Math.abs(b.lower - a.lower)).toBeLessThan(0.05);
        expect(a.mean).toBeCloseTo(diffs.reduce((s, d) => s + d, 0) / 40, 12);
        expect(a.lower).toBeLessThan(a.mean);
        expect(a.upper).toBeGreaterThan(a.mean);
        expect(a).toMatchObject({n: 40, resamples: 2000, confidence: 0.95, seed: 1});
        // The 95 % interval of a mean of 40 uniform(−0.5, 0.5) draws is about ±1.96·0.289/√40 ≈ ±0.09.
        expect(a.upper - a.lower).toBeGreaterThan(0.12);
        expect(a.upper - a.lower).toBeLessThan(0.24);
    });

    it("narrows to nothing when every item agrees, spans zero for noise around it, and refuses too few resamples", () => {
        expect(pairedBootstrap([0.5, 0.5, 0.5], {resamples: 1000})).toMatchObject({mean: 0.5, lower: 0.5, upper: 0.5});
        const noise = Array.from({length: 30}, (_, i) => (i % 2 === 0 ? 1 : -1) * (1 + (i % 5) / 10));
        const around = pairedBootstrap(noise, {resamples: 1000});
        expect(around.lower).toBeLessThan(0);
        expect(around.upper).toBeGreaterThan(0);
        expect(() => pairedBootstrap([1, 2], {resamples: 999})).toThrow(BootstrapError);
        expect(() => pairedBootstrap([])).toThrow(/at least one paired difference/);
        expect(() => pairedBootstrap([1, Number.NaN])).toThrow(/not a finite number/);
    });
});

describe("the comparison with the incumbent", () => {
    const options = {margin: 0.05, resamples: 1000};

    it("pairs items, leaves out those either model could not measure, and is a step change only when the lower bound clears the margin", () => {
        const incumbent = bench([2.0, 2.1, null, 1.9, 2.2], [3, 3]);
        const better = compareWithIncumbent(incumbent, bench([1.5, 1.6, 1.4, null, 1.7], [4, 3]), null, options);
        expect(better.bitsPerByte!.n).toBe(3);
        expect(better.bitsPerByte!.mean).toBeCloseTo(0.5, 12);
        expect(better.oracle).toMatchObject({n: 2, mean: 0.5});
        expect(better.stepChange).toBe(true);
        expect(better.why).toMatch(/^A step change: 0\.500 bits per byte saved \[0\.500, 0\.500\]/);

        const slight = compareWithIncumbent(incumbent, bench([1.98, 2.08, null, 1.88, 2.18]), null, options);
        expect(slight.stepChange).toBe(false);
        expect(slight.why).toMatch(/does not clear the margin of 0\.05/);
        const worse = compareWithIncumbent(incumbent, bench([3, 3, 3, 3, 3]), null, options);
        expect(worse.bitsPerByte!.upper).toBeLessThan(0);
        expect(worse.stepChange).toBe(false);
        expect(compareWithIncumbent(bench([null]), bench([1]), null, options)).toMatchObject({bitsPerByte: null, stepChange: false});
    });

    it("the Oracle's judgements in both orders can veto: the incumbent preferred in most decided pairs is no step change", () => {
        const incumbent = bench([2, 2, 2]);
        const candidate = bench([1, 1, 1]);
        const vetoed = compareWithIncumbent(incumbent, candidate, {firstWins: 3, secondWins: 1, ties: 0, failed: 1}, options);
        expect(vetoed.pairwise).toEqual({candidateWins: 1, incumbentWins: 3, ties: 0, failed: 1});
        expect(vetoed.stepChange).toBe(false);
        expect(vetoed.why).toMatch(/preferred the incumbent's replies in 3 of 4/);
        // Undecided judgements (a judge that always picks the first reply) do not veto.
        expect(compareWithIncumbent(incumbent, candidate, {firstWins: 0, secondWins: 0, ties: 4, failed: 0}, options).stepChange).toBe(true);
    });
});

describe("evolution settings", () => {
    it("come from the persona's slots, then the image's settings, then the defaults, and refuse values out of range", () => {
        const settings = emptyWorld().settings;
        expect(evolutionSettings(persona(), settings)).toEqual(defaultEvolution);
        expect(evolutionSettings(persona({evolutionMargin: 0.1, evolutionMode: "automatic"}), {...settings, evolutionMargin: 0.3, scoutPrompts: 2}))
            .toMatchObject({evolutionMargin: 0.1, evolutionMode: "automatic", scoutPrompts: 2});
        expect(() => evolutionSettings(persona({bootstrapResamples: 10}), settings)).toThrow(EvolutionSettingError);
        expect(() => evolutionSettings(persona({evolutionMode: "sometimes"}), settings)).toThrow(/BRICK\.slots\.evolutionMode is "sometimes"; expected "ask" or "automatic"/);
    });
});

describe("a representative subset and dataset versions", () => {
    it("spreads the subset over the samples' scores and is the same every time", () => {
        const samples = Array.from({length: 40}, (_, i) => ({
            id: `s${String(i).padStart(2, "0")}`, messages: [], heldOut: false,
            provenance: {interactionId: null, judge: "ALFRED", model: null, adapter: null, at: new Date(0),
                scores: {judge: "ALFRED", axes: {}, golden: 1 + (i * 7 % 40) / 10}}
        })) as GoldenSample[];
        const subset = representativeSubset(samples, 8);
        expect(subset).toHaveLength(8);
        expect(representativeSubset(samples, 8)).toEqual(subset);
        const scores = subset.map((s) => s.provenance.scores!.golden);
        expect(Math.min(...scores)).toBeLessThan(1.6);
        expect(Math.max(...scores)).toBeGreaterThan(4.4);
        expect(representativeSubset(samples.slice(0, 5), 8)).toHaveLength(5);
    });

    it("names the next dataset version after every one used", () => {
        expect(nextDatasetVersion(persona())).toBe("v2");
        expect(nextDatasetVersion(persona({goldenDatasetVersion: "v1", goldenDatasetVersions: [{version: "v3"}, {version: "v2"}]}))).toBe("v4");
    });
});
