import {describe, expect, it} from "vitest";
import {renderProgressBar} from "../../src/forge/index.js";

describe("renderProgressBar", () => {
    it("draws the bar, the step, the loss and the throughput", () => {
        expect(renderProgressBar({step: 120, total: 200, loss: 2.3141, tokensPerSecond: 1234.4}, 10))
            .toBe("[######----] 120/200 loss 2.314 1,234 tok/s");
    });

    it("leaves out what the forge did not report and clamps the bar", () => {
        expect(renderProgressBar({step: 0, total: 5, loss: null, tokensPerSecond: null}, 5)).toBe("[-----] 0/5");
        expect(renderProgressBar({step: 9, total: 5, loss: Number.NaN, tokensPerSecond: null}, 5)).toBe("[#####] 9/5 loss NaN");
        expect(renderProgressBar({step: 0, total: 0, loss: 1, tokensPerSecond: 0}, 0)).toBe("[-] 0/0 loss 1.000 0 tok/s");
    });
});
