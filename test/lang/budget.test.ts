import {describe, expect, it} from "vitest";
import {RecursionTooDeepError, StepBudgetExceededError} from "../../src/lang/index.js";
import {LangTestWorld} from "./helpers/LangTestWorld.js";
import {errorOf, printIt} from "./helpers/run.js";

describe("the step budget", () => {
    it("stops an infinite [true] whileTrue, and the next evaluation still works", async () => {
        const w = new LangTestWorld({stepBudget: 100_000});
        const error = await errorOf("[true] whileTrue", w);
        expect(error).toBeInstanceOf(StepBudgetExceededError);
        expect((error as StepBudgetExceededError).budget).toBe(100_000);
        expect(error.message).toContain("Stopped after 100,000 steps");
        expect(error.message).toContain("runaway loop");
        expect(await printIt("3 + 4", w)).toBe("7");
    });

    it("stops every kind of runaway loop", async () => {
        const w = new LangTestWorld({stepBudget: 50_000});
        w.add("LOOPER", ["spin  ^ self spin2", "spin2  [true] whileTrue: [self name]"]);
        const loops = [
            "[:x | x] value: 1. [true] whileTrue: [3 + 4]",
            "| b | b := [true]. b whileTrue",
            "[nil] repeat",
            "1 to: 1000000000 do: [:i | i]",
            "| blk | blk := [:i | i]. 1 to: 1000000000 do: blk",
            "1000000000 timesRepeat: [nil]",
            "| x | x := 0. [x := x + 1. true] whileTrue",
            "(1 to: 100) do: [:i | [true] whileTrue]",
            "LOOPER spin",
            "| b | b := nil. b := [:n | b value: n]. [b value: 1] on: Error do: [:e | e]",
            "[[true] whileTrue] on: Error do: [:e | 'caught?']",
            "[[true] whileTrue] ensure: [nil]"
        ];
        for (const source of loops) {
            const error = await errorOf(source, w);
            expect(error, source).toBeInstanceOf(error instanceof RecursionTooDeepError ? RecursionTooDeepError : StepBudgetExceededError);
        }
        expect(await printIt("LOOPER name", w)).toBe("'LOOPER'");
    });

    it("stops a runaway persona method called from TypeScript, with the same error", () => {
        const w = new LangTestWorld({stepBudget: 10_000});
        const looper = w.add("LOOPER", ["spin  [true] whileTrue"]);
        expect(() => w.interpreter.invoke(looper, looper.record.methods.spin!, [], looper)).toThrow(StepBudgetExceededError);
    });

    it("shares one budget between a do-it and the persona methods it calls", async () => {
        const w = new LangTestWorld({stepBudget: 20_000});
        w.add("WORKER", ["work  1 to: 4000 do: [:i | i]"]);
        expect(await printIt("WORKER work. WORKER work. 'ok'", w)).toBe("'ok'");
        expect(await errorOf("1 to: 10 do: [:i | WORKER work]", w)).toBeInstanceOf(StepBudgetExceededError);
    });

    it("charges big allocations and refuses huge numbers and strings cleanly", async () => {
        const w = new LangTestWorld({stepBudget: 1_000_000});
        expect(await errorOf("Array new: 100000000", w)).toBeInstanceOf(Error);
        expect((await errorOf("| s | s := 'ab'. 40 timesRepeat: [s := s , s]. s size", w)).name).toMatch(/PrimitiveFailedError|StepBudgetExceededError/);
        expect((await errorOf("| x | x := 2. 40 timesRepeat: [x := x * x]. x", w)).message).toContain("more than 262144 bits");
        expect((await errorOf("2 raisedTo: 100000000", w)).message).toContain("bits");
        expect((await errorOf("1 bitShift: 100000000", w)).message).toContain("bits");
        expect((await errorOf("100000 factorial", w)).message).toContain("too large");
        expect(await printIt("(2 raisedTo: 1000) printString size", w)).toBe("302");
    });

    it("can be raised for genuinely large work", async () => {
        const small = new LangTestWorld({stepBudget: 1_000});
        const source = "| s | s := 0. 1 to: 5000 do: [:i | s := s + i]. s";
        expect(await errorOf(source, small)).toBeInstanceOf(StepBudgetExceededError);
        expect(await printIt(source, new LangTestWorld({stepBudget: 10_000}))).toBe("12502500");
    });
});

describe("recursion depth", () => {
    it("stops unbounded recursion of methods and blocks with RecursionTooDeepError, and recovers", async () => {
        const w = new LangTestWorld();
        w.add("R", ["down: n  ^ 1 + (self down: n - 1)", "count: n  n = 0 ifTrue: [^ 0]. ^ 1 + (self count: n - 1)"]);
        expect(await errorOf("R down: 1", w)).toBeInstanceOf(RecursionTooDeepError);
        expect(await errorOf("| b | b := nil. b := [:n | 1 + (b value: n)]. b value: 1", w)).toBeInstanceOf(RecursionTooDeepError);
        expect(await printIt("R count: 300", w)).toBe("300");
        expect(await printIt("R name", w)).toBe("'R'");
    });

    it("honours a configured activation limit exactly", async () => {
        const w = new LangTestWorld({maxDepth: 50});
        w.add("R", ["count: n  n = 0 ifTrue: [^ 0]. ^ 1 + (self count: n - 1)"]);
        expect(await printIt("R count: 40", w)).toBe("40");
        const error = await errorOf("R count: 60", w) as RecursionTooDeepError;
        expect(error).toBeInstanceOf(RecursionTooDeepError);
        expect(error.depth).toBe(50);
        expect(await printIt("R count: 40", w)).toBe("40");
    });
});
