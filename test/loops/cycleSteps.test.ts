import {describe, expect, it} from "vitest";
import {cycleSteps, defaultCycleSettings} from "../../src/loops/index.js";

describe("cycleSteps", () => {
    it("trains the set steps, but at most maxEpochs passes over few samples", () => {
        expect(cycleSteps(defaultCycleSettings, 500)).toBe(60);
        expect(cycleSteps(defaultCycleSettings, 10)).toBe(10);
        expect(cycleSteps(defaultCycleSettings, 1)).toBe(1);
        expect(cycleSteps({...defaultCycleSettings, batchSize: 4}, 10)).toBe(20);
        expect(cycleSteps({...defaultCycleSettings, maxEpochs: null}, 3)).toBe(60);
        expect(cycleSteps({...defaultCycleSettings, steps: 5}, 100)).toBe(5);
    });
});
