import {describe, expect, it} from "vitest";
import {
    InterruptedError, RecursionTooDeepError, TimeLimitExceededError, errorPosition, printString
} from "../../src/lang/index.js";
import {LangTestWorld} from "./helpers/LangTestWorld.js";
import {errorOf, printIt} from "./helpers/run.js";

describe("flat expressions of any length", () => {
    it("compiles and runs 10,000 chained terms without overflowing the JavaScript stack", async () => {
        const w = new LangTestWorld();
        expect(await printIt(Array(10_000).fill("1").join(" + "), w)).toBe("10000");
        expect(await printIt("'x'" + " , 'y'".repeat(10_000) + " , ''", w)).toBe(`'x${"y".repeat(10_000)}'`);
        expect(await printIt("3" + " squared sqrt".repeat(5_000), w)).toBe("3.0");
        expect(await printIt("OrderedCollection new add: 1" + "; add: 1".repeat(9_999) + "; size", w)).toBe("10000");
        expect(await printIt("{" + Array(10_000).fill("2").join(". ") + "} size", w)).toBe("10000");
        expect(await printIt(Array(10_000).fill("7").join(". "), w)).toBe("7");
        expect(await printIt("| l | l := 0. [:x | x]" + " value: (l := l + 1)".repeat(1) + ". l", w)).toBe("1");
    });

    it("reports an error at the term where it happened", async () => {
        const source = Array(10_000).fill("1").join(" + ") + " + nil";
        const error = await errorOf(source, new LangTestWorld());
        expect(errorPosition(error)).toMatchObject({line: 1, column: source.length - 4, where: "DoIt"});
    });

    it("keeps the inlined control structures of a long chain's arguments", async () => {
        const w = new LangTestWorld();
        const source = "| n | n := 0. " + Array(100).fill("(n := n + 1)").join(" + ") + " + (n > 50 ifTrue: [1] ifFalse: [0])";
        expect(await printIt(source, w)).toBe(String(5050 + 1));
    });
});

describe("deep recursion", () => {
    const world = () => {
        const w = new LangTestWorld();
        w.add("R", [
            "count: n  n = 0 ifTrue: [^ 0]. ^ 1 + (self count: n - 1)",
            "viaCollect: n  n = 0 ifTrue: [^ 0]. ^ (#(1) collect: [:x | self viaCollect: n - 1]) first + 1",
            "viaEnsure: n  n = 0 ifTrue: [^ 0]. ^ [(self viaEnsure: n - 1) + 1] ensure: [nil]",
            "ping: n  ^ n = 0 ifTrue: [#done] ifFalse: [self pong: n - 1]",
            "pong: n  ^ self ping: n"
        ]);
        return w;
    };

    it("recurses 10,000 deep through methods, blocks, collect:, ensure: and mutual sends", async () => {
        const w = world();
        expect(await printIt("R count: 10000", w)).toBe("10000");
        expect(await printIt("R viaCollect: 10000", w)).toBe("10000");
        expect(await printIt("R viaEnsure: 10000", w)).toBe("10000");
        expect(await printIt("R ping: 20000", w)).toBe("#done");
        expect(await printIt("| b | b := nil. b := [:n | n = 0 ifTrue: [0] ifFalse: [1 + (b value: n - 1)]]. b value: 10000", w)).toBe("10000");
        expect(await printIt("| f | f := nil. f := [:n | n < 2 ifTrue: [1] ifFalse: [n * (f value: n - 1)]]. (f value: 3000) printString size", w)).toBe("9131");
    });

    it("recurses 10,000 deep in a persona method called from TypeScript", async () => {
        const w = world();
        const r = w.byName("R")!;
        expect(await w.interpreter.invoke(r, r.record.methods["count:"]!, [10_000], r)).toBe(10_000);
    });

    it("stops at the depth limit with a clean error that names the method, and recovers", async () => {
        const w = new LangTestWorld({maxDepth: 20_000});
        w.add("R", ["down: n  ^ 1 + (self down: n - 1)"]);
        const error = await errorOf("R down: 1", w);
        expect(error).toBeInstanceOf(RecursionTooDeepError);
        expect((error as RecursionTooDeepError).depth).toBe(20_000);
        expect(errorPosition(error)).toMatchObject({where: "R>>down:", omitted: 20_000 - 31});
        expect(await printIt("| b | b := nil. b := [:n | 1 + (b value: n)]. b value: 1", w).catch((e: Error) => e.name)).toBe("RecursionTooDeepError");
        expect(await printIt("3 + 4", w)).toBe("7");
    });
});

describe("budgets that fit the work", () => {
    it("lets an interactive do-it run an ordinary 20-million-step loop", async () => {
        const w = new LangTestWorld();
        expect(await printIt("| s | s := 0. 1 to: 20000000 do: [:i | s := s + 1]. s", w)).toBe("20000000");
    });

    it("bounds an interactive do-it by time instead", async () => {
        const w = new LangTestWorld({timeLimitMs: 300});
        const error = await errorOf("[true] whileTrue", w);
        expect(error).toBeInstanceOf(TimeLimitExceededError);
        expect(errorPosition(error)?.where).toBe("DoIt");
        expect(await printIt("3 + 4", w)).toBe("7");
    });

    it("can be interrupted, by a signal or by the interpreter, while the event loop keeps turning", async () => {
        const w = new LangTestWorld();
        const controller = new AbortController();
        const ticks: number[] = [];
        const timer = setInterval(() => {
            ticks.push(ticks.length);
            if (ticks.length === 3) controller.abort();
        }, 10);
        const error = await w.interpreter.evaluate("| n | n := 0. [true] whileTrue: [n := n + 1]", {signal: controller.signal}).catch((e: unknown) => e);
        clearInterval(timer);
        expect(error).toBeInstanceOf(InterruptedError);
        expect(ticks.length).toBeGreaterThanOrEqual(3);

        const running = w.interpreter.evaluate("[:x | [true] whileTrue] value: 1");
        setTimeout(() => w.interpreter.interrupt(), 20);
        expect(await running.catch((e: unknown) => e)).toBeInstanceOf(InterruptedError);
        expect(await printIt("3 + 4", w)).toBe("7");
    });

    it("keeps a step budget for code run with one", async () => {
        const w = new LangTestWorld();
        const error = await w.interpreter.evaluate("[true] whileTrue", {stepBudget: 10_000}).catch((e: unknown) => e);
        expect((error as Error).name).toBe("StepBudgetExceededError");
    });
});

describe("contexts", () => {
    it("answers thisContext, its sender and its home as context objects", async () => {
        const w = new LangTestWorld();
        w.add("BRICK", ["who  ^ thisContext sender", "me  ^ thisContext", "inBlock  ^ [:x | thisContext] value: 1"]);
        expect(await printIt("BRICK who", w)).toBe("DoIt");
        expect(await printIt("BRICK me", w)).toBe("BRICK>>me");
        expect(await printIt("BRICK me sender", w)).toBe("DoIt");
        expect(await printIt("BRICK inBlock", w)).toBe("[] in BRICK>>inBlock");
        expect(await printIt("BRICK inBlock home", w)).toBe("BRICK>>inBlock");
        expect(await printIt("BRICK inBlock arguments", w)).toBe("#(1)");
        expect(await printIt("thisContext == thisContext", w)).toBe("true");
        expect(await printIt("[thisContext sender] value == thisContext", w)).toBe("true");
        expect(await printIt("BRICK me isDead", w)).toBe("true");
        expect(printString(await w.interpreter.evaluate("thisContext class"))).toBe("Context");
    });
});
