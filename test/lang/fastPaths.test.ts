import {describe, expect, it} from "vitest";
import {InterruptedError, StepBudgetExceededError} from "../../src/lang/index.js";
import {LangTestWorld} from "./helpers/LangTestWorld.js";
import {errorOf, printIt} from "./helpers/run.js";

/**
 * The speed paths of the interpreter (the inlined to:do: loop, fused statements, blocks run
 * without a context) answer, count steps and fail exactly as the general paths do.
 */
describe("the inlined to:do: loop", () => {
    it("counts one step per iteration, across checkpoints (the first is at 10,000 steps)", async () => {
        for (const budget of [1_000, 25_000]) {
            const w = new LangTestWorld({stepBudget: budget});
            const loop = (n: number) => `| s | s := 0. 1 to: ${n} do: [:i | s := s + i]. s`;
            expect(await printIt(loop(budget), w)).toBe(String(budget * (budget + 1) / 2));
            expect(await errorOf(loop(budget + 1), w)).toBeInstanceOf(StepBudgetExceededError);
            expect(await printIt(`| s | s := 0. ${budget} to: 1 by: -1 do: [:i | s := s + i]. s`, w)).toBe(String(budget * (budget + 1) / 2));
            expect(await errorOf(`${budget + 1} to: 1 by: -1 do: [:i | i]`, w)).toBeInstanceOf(StepBudgetExceededError);
        }
    });

    it("lets the event loop turn while it runs under a time limit, and goes on where it stopped", async () => {
        const w = new LangTestWorld();
        let turns = 0;
        const timer = setInterval(() => turns++, 1);
        try {
            expect(await printIt("| s | s := 0. 1 to: 30000000 do: [:i | s := s + (i \\\\ 7)]. s", w)).toBe("89999997");
        } finally {
            clearInterval(timer);
        }
        expect(turns).toBeGreaterThan(0);
        const running = w.interpreter.evaluate("| s | s := 0. 1 to: 1000000000000 do: [:i | s := s + 1]. s");
        setTimeout(() => w.interpreter.interrupt(), 20);
        expect(await running.catch((e: unknown) => e)).toBeInstanceOf(InterruptedError);
    });

    it("waits for a body that answers a Promise, and a ^ in its body returns from the method", async () => {
        const w = new LangTestWorld();
        w.add("P", ["firstOver: n  1 to: 100 do: [:i | i * i > n ifTrue: [^ i]]. ^ nil", "echoSum  | s | s := 0. 1 to: 5 do: [:i | s := s + (self slowEcho: i)]. ^ s"]);
        expect(await printIt("P firstOver: 50", w)).toBe("8");
        expect(await printIt("P firstOver: 1000000", w)).toBe("nil");
        expect(await printIt("P echoSum", w)).toBe("15");
        expect(await printIt("| s | s := 0. 10 to: 1 by: -3 do: [:i | s := s + (P slowEcho: i)]. s", w)).toBe("22");
    });
});
