import {afterEach, beforeEach, describe, expect, it} from "vitest";
import type {EventOf, Runtime} from "../../src/index.js";
import {MessageNotUnderstoodError} from "../../src/index.js";
import {CycleError, installStrategicLoop} from "../../src/loops/index.js";
import {rateInteraction} from "../../src/oracle/index.js";
import {FakeJudgeEngine} from "../oracle/fakeJudgeEngine.js";
import {addInteraction, exchange, freshRuntime} from "../oracle/helpers.js";

let runtime: Runtime;
let cleanup: () => Promise<void>;
beforeEach(async () => ({runtime, cleanup} = await freshRuntime()));
afterEach(async () => cleanup());

describe("`improve` and `history` on every persona", () => {
    it("starts a cycle in the background and reports a failure without changing anything", async () => {
        const finished: EventOf<"forgeFinished">[] = [];
        runtime.bus.subscribe({type: "forgeFinished"}, (e) => {
            if (e.type === "forgeFinished") finished.push(e);
        });
        const loop = installStrategicLoop(runtime, {judge: {engine: new FakeJudgeEngine([])}});
        rateInteraction(runtime, "BRICK", addInteraction(runtime, "BRICK", exchange("a?", "b.")), 5, "Architect");
        const before = runtime.manager.get("BRICK").record;
        expect(String(await runtime.send("BRICK", "history"))).toBe("BRICK has no improvement cycles yet.");
        expect(String(await runtime.send("BRICK", "improve"))).toMatch(/^BRICK: an improvement cycle started in the background on \d golden samples/);
        await loop.whenIdle();
        // No engine is attached: the cycle stops before anything starts, and says how to fix it.
        expect(finished).toEqual([expect.objectContaining({persona: "BRICK", ok: false, artifact: null})]);
        expect(finished[0]!.message).toMatch(/stopped at prepare: .*tokenizeChat/);
        // Nothing changed but the failed cycle's record in history.
        const after = runtime.manager.get("BRICK").record;
        expect(after.activeAdapterPath).toBe(before.activeAdapterPath);
        expect(after.goldenDataset).toBe(before.goldenDataset);
        expect(after.performanceMetrics.slice(0, before.performanceMetrics.length)).toEqual(before.performanceMetrics);
        expect(String(await runtime.send("BRICK", "history"))).toMatch(/\(asked for\): BRICK's cycle failed before training: the runtime's engine cannot lay out training samples .* Nothing changed\.$/);
        await expect(loop.improve("BRICK")).rejects.toBeInstanceOf(CycleError);

        await loop.dispose();
        expect(runtime.primitives.has("improve")).toBe(false);
        // Not understood any more (under the API's default policy #signal, the send's answer is a rejection).
        await expect(Promise.resolve().then(() => runtime.send("BRICK", "history"))).rejects.toBeInstanceOf(MessageNotUnderstoodError);
    });
});
