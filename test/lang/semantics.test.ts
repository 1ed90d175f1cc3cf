import {describe, expect, it} from "vitest";
import {StepBudgetExceededError, errorPosition} from "../../src/lang/index.js";
import {LangTestWorld} from "./helpers/LangTestWorld.js";
import {errorOf, printIt} from "./helpers/run.js";

describe("evaluation order and sharing", () => {
    it("evaluates a cascade's receiver once and answers the last message", async () => {
        const w = new LangTestWorld();
        expect(await printIt("| n c | n := 0. c := OrderedCollection new. ([n := n + 1. c] value) add: 1; add: 2. {n. c size}", w)).toBe("#(1 2)");
        expect(await printIt("| log | log := OrderedCollection new. (log add: 1; yourself) add: 2; yourself", w)).toBe("an OrderedCollection(1 2)");
        expect(await printIt("3 + 4; * 10", w)).toBe("30");
    });

    it("evaluates receiver and arguments left to right", async () => {
        expect(await printIt("| log | log := OrderedCollection new. (log add: 1) between: (log add: 2) and: (log add: 3). log asArray")).toBe("#(1 2 3)");
    });

    it("gives each block activation its own temporaries and shares outer variables", async () => {
        expect(await printIt("| makers | makers := (1 to: 3) collect: [:i | | t | t := i * 10. [t]]. makers collect: [:b | b value]")).toBe("#(10 20 30)");
        expect(await printIt("| count inc | count := 0. inc := [count := count + 1]. inc value. inc value. count")).toBe("2");
        expect(await printIt("| outer | outer := [:a | [:b | [:c | a + b + c]]]. ((outer value: 1) value: 2) value: 3")).toBe("6");
    });

    it("gives blocks captured inside loops their own loop variable and temporaries", async () => {
        expect(await printIt("| bs | bs := OrderedCollection new. 1 to: 3 do: [:i | bs add: [i]]. bs collect: [:b | b value]"))
            .toBe("an OrderedCollection(1 2 3)");
        expect(await printIt("| bs | bs := OrderedCollection new. 1 to: 3 do: [:i | | t | t := i * 2. bs add: [t]]. bs collect: [:b | b value]"))
            .toBe("an OrderedCollection(2 4 6)");
        expect(await printIt("| bs | bs := OrderedCollection new. 1 to: 5 do: [:i | i odd ifTrue: [bs add: [i]]]. bs collect: [:b | b value]"))
            .toBe("an OrderedCollection(1 3 5)");
        expect(await printIt("| bs n | bs := OrderedCollection new. n := 0. [n < 3] whileTrue: [| t | n := n + 1. t := n. bs add: [t]]. bs collect: [:b | b value]"))
            .toBe("an OrderedCollection(1 2 3)");
    });

    it("inlines loops whose variables no block captures: one step per iteration, no block calls", async () => {
        expect(await printIt("| s | s := 0. 1 to: 100 do: [:i | i \\\\ 2 = 0 ifTrue: [s := s + i]]. thisContext stepsUsed")).toBe("101");
        expect(await printIt("| bs | bs := OrderedCollection new. 1 to: 100 do: [:i | bs add: [i]]. thisContext stepsUsed >= 300")).toBe("true");
    });

    it("keeps literal arrays read-only, so a method's literal cannot be changed by one call for the next", async () => {
        const w = new LangTestWorld();
        w.add("BRICK", ["list  ^ #(1 2 3)", "poke  ^ #(1 2 3) at: 1 put: 99", "grow  | l | l := #(1 2 3) copy. l at: 1 put: 99. ^ l"]);
        expect((await errorOf("BRICK poke", w)).message).toContain("literal arrays are read-only");
        expect((await errorOf("#(1 2 3) at: 1 put: 99", w)).message).toContain("literal arrays are read-only");
        expect(await printIt("BRICK grow", w)).toBe("#(99 2 3)");
        // A method answers its literal itself (as in Pharo), and the literal stays read-only.
        expect((await errorOf("| l | l := BRICK list. l at: 1 put: 99", w)).message).toContain("literal arrays are read-only");
        expect(await printIt("| l | l := BRICK list copy. l at: 1 put: 99. {l. BRICK list}", w)).toBe("#(#(99 2 3) #(1 2 3))");
    });

    it("keeps the same source in two workspaces apart", async () => {
        const w = new LangTestWorld();
        const first = new Map<string, unknown>();
        const second = new Map<string, unknown>();
        await printIt("v := 1", w, first);
        await printIt("v := 2", w, second);
        expect(await printIt("v", w, first)).toBe("1");
        expect(await printIt("v", w, second)).toBe("2");
        expect(await printIt("v := v + 10", w, first)).toBe("11");
        expect(await printIt("v := v + 10", w, second)).toBe("12");
    });

    it("runs interleaved asynchronous evaluations with separate budgets", async () => {
        const w = new LangTestWorld({stepBudget: 5_000});
        w.add("BRICK");
        const slow = w.interpreter.evaluate("| s | s := 0. 1 to: 20 do: [:i | s := s + (BRICK slowEcho: i)]. s");
        const runaway = w.interpreter.evaluate("| s | s := 0. [s := s + (BRICK slowEcho: 1). true] whileTrue");
        const quick = w.interpreter.evaluate("(1 to: 100) inject: 0 into: [:a :b | a + b]");
        await expect(runaway).rejects.toBeInstanceOf(StepBudgetExceededError);
        expect(await slow).toBe(210);
        expect(await quick).toBe(5050);
    }, 30_000);

    it("exposes the step count through thisContext", async () => {
        expect(await printIt("1 to: 100 do: [:i | i]. thisContext stepsUsed >= 100")).toBe("true");
    });
});

describe("the Image global", () => {
    it("saves to a chosen path and reports changes through the host", async () => {
        await using w = new LangTestWorld();
        w.add("BRICK");
        await w.interpreter.evaluate("BRICK at: #mood put: 'x'");
        const target = await w.tempPath(`${w.saved.length}-copy.json`);
        const answer = await w.interpreter.evaluate(`Image saveAs: '${target}'`);
        expect(answer).toBe(target);
        expect(w.saved).toEqual([target]);
        expect(await printIt("Image personaNames", w)).toBe("#('BRICK')");
        expect((await errorOf("Image saveAs: 3", w)).message).toContain("the path must be a String");
    });
});

describe("where a run-time error happened", () => {
    it("names the failing send of the innermost do-it, method or block, and the chain of callers", async () => {
        const w = new LangTestWorld();
        w.add("BRICK", ["broken: x\n  | t |\n  t := x + 1.\n  ^ t zork"]);
        const inDoIt = errorPosition(await errorOf("| a |\na := 3.\n  a zork. a", w));
        expect(inDoIt).toMatchObject({line: 3, column: 5, snippet: "  a zork. a\n    ^", where: "DoIt", callers: []});
        const inMethod = errorPosition(await errorOf("| r |\nr := BRICK broken: 1", w));
        expect(inMethod).toMatchObject({
            line: 4, column: 7, source: "broken: x\n  | t |\n  t := x + 1.\n  ^ t zork", where: "BRICK>>broken:",
            callers: [{where: "DoIt", line: 2, column: 12}]
        });
        const inBlock = errorPosition(await errorOf("#(1 2) do: [:x |\n    x printString.\n    x zork]", w));
        expect(inBlock).toMatchObject({line: 3, column: 7, where: "[] in DoIt", callers: [{where: "DoIt", line: 1, column: 8}]});
        const inAsync = errorPosition(await errorOf("BRICK slowEcho: 1.\n(BRICK slowEcho: 2) zork", w));
        expect(inAsync).toMatchObject({line: 2, column: 21});
        expect(errorPosition(new Error("not from Smalltalk"))).toBeUndefined();
    });
});
