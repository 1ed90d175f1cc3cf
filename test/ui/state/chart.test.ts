import {describe, expect, it} from "vitest";
import {blockChart, resample, sparkline} from "../../../src/ui/state/chart.js";

describe("charts", () => {
    it("draws a rising series as rising ticks, lowest to highest", () => {
        expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8], 20)).toBe("▁▂▃▄▅▆▇█");
        expect(sparkline([5, 5, 5], 10)).toBe("▄▄▄");
        expect(sparkline([], 10)).toBe("");
    });

    it("resamples a long series into bucket means so the whole history fits", () => {
        expect(resample([1, 1, 3, 3, 5, 5], 3)).toEqual([1, 3, 5]);
        expect(sparkline(Array.from({length: 1000}, (_, i) => i), 10)).toHaveLength(10);
        expect(resample([1, Number.NaN, 2], 10)).toEqual([1, 2]);
    });

    it("draws a block chart with the maximum reaching the top row", () => {
        const chart = blockChart([0, 5, 10], 10, 2);
        expect(chart).toHaveLength(2);
        expect(chart[0]).toBe("  █");
        expect(chart[1]).toBe("▁██");
    });
});
