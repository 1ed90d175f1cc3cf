import {describe, expect, it} from "vitest";
import {InterruptedError, RecursionTooDeepError, StepBudgetExceededError, errorPosition} from "../../src/lang/index.js";
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

describe("SmallInteger arithmetic inline", () => {
    it("goes on past 2^53 exactly, as the real send does, in stored sums, loops and nested sends", async () => {
        const w = new LangTestWorld();
        const cases: [string, string][] = [
            ["| s | s := 9007199254740990. 1 to: 3 do: [:i | s := s + 1]. s", "9007199254740993"],
            ["| s | s := -9007199254740990. 1 to: 3 do: [:i | s := s - 1]. s", "-9007199254740993"],
            ["| s | s := 9007199254740990. 1 to: 3 do: [:i | s := s + (i \\\\ 7)]. s", "9007199254740996"],
            ["| s | s := 3. 1 to: 40 do: [:i | s := s * 3]. s", "36472996377170786403"],
            ["| x y | x := 9007199254740991. y := 2. x + y", "9007199254740993"],
            ["| x | x := 9007199254740991. (x + 1) - 1", "9007199254740991"],
            ["| x | x := 94906267. x * x", "9007199515875289"],
            ["| x | x := 0. x * -1", "0"],
            ["| s | s := 1. 1 to: 3 do: [:i | s := s + (1/2)]. s", "(5/2)"]
        ];
        for (const [source, answer] of cases) expect(await printIt(source, w), source).toBe(answer);
    });
});

describe("blocks whose body is SmallInteger arithmetic (run without a context while they can)", () => {
    it("answer what the block's activation answers, whatever the arguments", async () => {
        const w = new LangTestWorld();
        w.add("P", []);
        const cases: [string, string][] = [
            ["[:x | x + 1] value: 41", "42"],
            ["[:x | x + 1] value: 9007199254740991", "9007199254740992"],
            ["[:x | x + 2] value: 9007199254740991", "9007199254740993"],
            ["[:x | x - 1] value: -9007199254740991", "-9007199254740992"],
            ["[:x :y | x * y] value: 94906267 value: 94906267", "9007199515875289"],
            ["[:x | x + 1] value: 1.5", "2.5"],
            ["[:x | x + 1] value: 1/2", "(3/2)"],
            ["[:x | x \\\\ -3] value: 7", "-2"],
            ["[:x :y | x // y] value: -7 value: 2", "-4"],
            ["[:x | x > 3] value: 4", "true"],
            ["[:x | x = 3] value: 'abc'", "false"],
            ["[:x | x == nil] value: nil", "true"],
            ["[:x :y | x ~~ y] value: 3 value: 3", "false"],
            ["[3 + 4] value", "7"],
            ["| k b | k := 10. b := [:x | x + k]. k := 20. b value: 1", "21"],
            ["| k | k := 5. [:y | [:x | x + k + y] value: 1] value: 2", "8"],
            ["| k | k := 'b'. [:x | x < k] value: 'a'", "true"],
            ["#(3 1 2) inject: 0 into: [:a :b | a + b]", "6"],
            ["#(3 1 2) collect: [:x | x * 2]", "#(6 2 4)"],
            ["(#(3 1 2) asSortedCollection: [:a :b | a >= b]) asArray", "#(3 2 1)"],
            ["#(1 5 3) select: [:x | x > 2]", "#(5 3)"],
            ["[:x | x + 1] value: (P slowEcho: 3)", "4"],
            ["Integer compile: 'plus: n  ^ [:x | x + self] value: n'. 3 plus: 4", "7"]
        ];
        for (const [source, answer] of cases) expect(await printIt(source, w), source).toBe(answer);
    });

    it("fail as the block's activation fails: in the block's context, with its callers", async () => {
        const w = new LangTestWorld();
        expect((await errorOf("[:x | x + 1] value: 'a'", w)).name).toBe("MessageNotUnderstoodError");
        expect((await errorOf("[:x | x + 1] value: nil", w)).name).toBe("MessageNotUnderstoodError");
        expect((await errorOf("[:x | x \\\\ 0] value: 5", w)).message).toMatch(/zero/i);
        expect((await errorOf("[:x | x + 1] value", w)).name).toBe("WrongBlockArgumentCountError");
        expect((await errorOf("[:x :y | x + y] value: 1", w)).name).toBe("WrongBlockArgumentCountError");
        expect(await printIt("[[:x | x + 1] value: nil] on: MessageNotUnderstood do: [:e | e return: e message selector]", w)).toBe("#+");
        expect(await printIt("[[:x | x + 1] value: nil] on: MessageNotUnderstood do: [:e | e resume: 5]", w)).toBe("5");
        const where = errorPosition(await errorOf("| b |\nb := [:x |\n  x + 1].\nb value: nil", w));
        expect(where).toMatchObject({line: 3, column: 5, where: "[] in DoIt", callers: [{where: "DoIt", line: 4, column: 3}]});
    });

    it("count one step per call and stop at the depth limit, as the block's activation does", async () => {
        const w = new LangTestWorld({stepBudget: 1_000});
        const calls = (n: number) => `| b s | b := [:x | x + 1]. s := 0. 1 to: ${n} do: [:i | s := b value: s]. s`;
        expect(await printIt(calls(500), w)).toBe("500");
        expect(await errorOf(calls(501), w)).toBeInstanceOf(StepBudgetExceededError);
        const deep = new LangTestWorld({maxDepth: 50});
        deep.add("R", ["down: n  n = 0 ifTrue: [^ [:x | x + 1] value: 0]. ^ self down: n - 1"]);
        expect(await printIt("R down: 47", deep)).toBe("1");
        expect(await errorOf("R down: 48", deep)).toBeInstanceOf(RecursionTooDeepError);
    });
});
