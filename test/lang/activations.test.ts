import {describe, expect, it} from "vitest";
import {LangTestWorld} from "./helpers/LangTestWorld.js";
import {errorOf, printIt} from "./helpers/run.js";

/**
 * A run reuses the context of an activation that returned when nothing holds it, and a send site
 * caches the persona method it ran last. Neither may show: what holds a context keeps it as it
 * was, and a changed method runs at once.
 */
function world(): LangTestWorld {
    const w = new LangTestWorld();
    w.add("BASE", ["kind  ^ 'base'", "v  ^ 0"]);
    w.add("BRICK", [
        "kind  ^ 'brick'",
        "v  ^ 1",
        "double: x  ^ x * 2",
        "ctx: x  | t | t := x + 1. ^ thisContext",
        "adder: n  ^ [:x | x + n]",
        "down: n  n = 0 ifTrue: [^ 1 / 0]. ^ self down: n - 1",
        "sum: n  n = 0 ifTrue: [^ 0]. ^ n + (self sum: n - 1)"
    ], "BASE");
    w.add("ROBIN", [], "BASE");
    return w;
}

describe("contexts of activations that returned", () => {
    it("keep their arguments and temporaries when they are held (thisContext), whatever runs after", async () => {
        const w = world();
        expect(await printIt("| c | c := BRICK ctx: 5. BRICK ctx: 7. BRICK double: 9. BRICK sum: 20. {c arguments. c tempNamed: 't'. c selector. c isDead}", w))
            .toBe("#(#(5) 6 #ctx: true)");
    });

    it("keep what a block closed over when the block outlives them", async () => {
        const w = world();
        expect(await printIt("| a b | a := BRICK adder: 10. b := BRICK adder: 20. BRICK sum: 30. {a value: 1. b value: 1}", w)).toBe("#(11 21)");
        expect(await printIt("| blocks | blocks := (1 to: 3) collect: [:i | [i * 100]]. BRICK sum: 10. blocks collect: [:b | b value]", w))
            .toBe("#(100 200 300)");
    });

    it("keep the chain of senders an exception saw, after the run went on", async () => {
        const w = world();
        expect(await printIt("| c | c := [BRICK down: 3] on: ZeroDivide do: [:e | e signalerContext]. BRICK sum: 50. BRICK double: 1. (c stack first: 5) collect: [:x | x arguments]", w))
            .toBe("#(#(0) #(1) #(2) #(3) #())");
    });

    it("leave the limits as they were: deep recursion, and its clean error beyond the depth limit", async () => {
        const w = world();
        expect(await printIt("BRICK sum: 5000", w)).toBe("12502500");
        const shallow = new LangTestWorld({maxDepth: 200});
        shallow.add("BRICK", ["sum: n  n = 0 ifTrue: [^ 0]. ^ n + (self sum: n - 1)"]);
        expect((await errorOf("BRICK sum: 500", shallow)).name).toBe("RecursionTooDeepError");
        expect(await printIt("BRICK sum: 100", shallow)).toBe("5050");
    });
});

describe("send sites", () => {
    it("run each receiver's own method, or the inherited one, from one site", async () => {
        const w = world();
        expect(await printIt("{BRICK. ROBIN. BRICK. BASE} collect: [:p | p kind]", w)).toBe("#('brick' 'base' 'brick' 'base')");
    });

    it("run a method changed during the run at once (live editing)", async () => {
        const w = world();
        expect(await printIt("| r | r := OrderedCollection new. 1 to: 3 do: [:i | r add: BRICK v. BRICK compile: 'v ^ ', (i * 10) printString]. r", w))
            .toBe("an OrderedCollection(1 10 20)");
        expect(await printIt("| r | r := OrderedCollection new. 1 to: 2 do: [:i | r add: BRICK v. BRICK removeSelector: #v]. r", w))
            .toBe("an OrderedCollection(30 0)");
        expect(await printIt("BRICK compile: 'v: x ^ x'. BRICK v", w)).toBe("0");
    });

    it("report a method whose source no longer fits its selector, and a message no longer understood", async () => {
        const w = world();
        expect(await printIt("BRICK double: 4", w)).toBe("8");
        w.records.get("id-BRICK")!.methods = {...w.records.get("id-BRICK")!.methods, "double:": {selector: "double:", source: "double  ^ 2", category: "test", modifiedAt: new Date()}};
        expect((await errorOf("BRICK double: 4", w)).message).toContain("declares 0 argument(s) but 1 were given");
        expect(await printIt("BRICK removeSelector: #double:", w)).toBe("BRICK");
        expect((await errorOf("BRICK double: 4", w)).message).toContain("does not understand #double:");
    });
});

describe("SmallInteger sends on a temporary or with a literal argument", () => {
    it("answer what the real send answers when an operand is no SmallInteger or the result is none", async () => {
        expect(await printIt("| x | x := 1/2. {x + 1. x - 1. x < 1. x \\\\ 1. x + x}")).toBe("{(3/2). (-1/2). true. (1/2). 1}");
        expect(await printIt("| x | x := 9007199254740991. {x + 1. x - -1. (x + 1) - 1. x negated - 1}")).toBe("#(9007199254740992 9007199254740992 9007199254740991 -9007199254740992)");
        expect(await printIt("| x | x := -7. {x \\\\ 2. x \\\\ 7. x + 0. x < -7. 2 - x}")).toBe("#(1 0 -7 false 9)");
        expect(await printIt("| x | x := 'ab'. x , 'c'")).toBe("'abc'");
        expect((await errorOf("| x | x := 5. x \\\\ 0")).message).toContain("ZeroDivide");
        expect((await errorOf("| x | x := 'ab'. x + 1")).message).toContain("does not understand #+");
        expect(await printIt("| x | x := 2. x + (x := 5). x")).toBe("5");
        expect(await printIt("| x | x := 2. x + (x := 5)")).toBe("7");
    });

    it("store what the real send answers when the sum is assigned to a temporary (x := y + e)", async () => {
        const w = world();
        expect(await printIt("| s t | s := 1/2. s := s + 1. t := s - (1/3). {s. t}", w)).toBe("{(3/2). (7/6)}");
        expect(await printIt("| s t | s := 9007199254740991. t := s - -1. s := s + 1. {s. t. s - 1}", w)).toBe("#(9007199254740992 9007199254740992 9007199254740991)");
        expect(await printIt("| s | s := 10. s := s + (BRICK slowEcho: 5). s := s - (BRICK slowEcho: 1). s", w)).toBe("14");
        expect(await printIt("| s r | s := 1. r := s := s + 1. {s. r}", w)).toBe("#(2 2)");
        expect((await errorOf("| s | s := nil. s := s + 1", w)).message).toContain("does not understand #+");
        expect(await printIt("| s | s := 3. s := s - 5. s", w)).toBe("-2");
    });
});

describe("value and value: compiled as one node", () => {
    it("call a block from a temporary, an argument or any expression, with the argument evaluated after the receiver", async () => {
        const w = world();
        expect(await printIt("| b x | b := [:y | y + 1]. x := 4. {b value: x. b value: x * 10. [:y | y * 2] value: x. (BRICK adder: 5) value: 1. [7] value}", w))
            .toBe("#(5 41 8 6 7)");
        expect(await printIt("| b log | log := OrderedCollection new. b := [:y | log add: y. y]. (b value: (log add: 0)) . log", w)).toBe("an OrderedCollection(0 0)");
        expect(await printIt("| b | b := [:y | y]. {(b value: (b := [:z | z * 100])) value: 2. b value: 3}", w)).toBe("#(200 300)");
    });

    it("answer what the real send answers for a receiver that is no block of that arity", async () => {
        const w = world();
        expect(await printIt("| s | s := #abs. s value: -3", w)).toBe("3");
        expect((await errorOf("| b | b := [:y | y]. b value", w)).message).toMatch(/argument/i);
        expect((await errorOf("| b | b := [3]. b value: 1", w)).message).toMatch(/argument/i);
        expect((await errorOf("| n | n := 3. n value: 1", w)).message).toContain("does not understand #value:");
    });

    it("wait for an asynchronous receiver or argument, and for a block whose body waits", async () => {
        const w = world();
        expect(await printIt("| b | b := [:y | y + 1]. b value: (BRICK slowEcho: 41)", w)).toBe("42");
        expect(await printIt("(BRICK slowEcho: [:y | y * 3]) value: 5", w)).toBe("15");
        expect(await printIt("| b s | b := [:y | (BRICK slowEcho: y) + 1]. s := 0. 1 to: 3 do: [:i | s := b value: s]. s", w)).toBe("3");
    });

    it("keep non-local return, the step budget and the depth limit", async () => {
        const w = world();
        w.add("ROBIN", ["find: n  | b | b := [:x | x = n ifTrue: [^ x * 10]. x]. 1 to: 10 do: [:i | b value: i]. ^ 0"], "BASE");
        expect(await printIt("{ROBIN find: 3. ROBIN find: 99}", w)).toBe("#(30 0)");
        const shallow = new LangTestWorld({maxDepth: 200});
        expect((await errorOf("| f | f := nil. f := [:n | n = 0 ifTrue: [0] ifFalse: [n + (f value: n - 1)]]. f value: 500", shallow)).name).toBe("RecursionTooDeepError");
        expect(await printIt("| f | f := nil. f := [:n | n = 0 ifTrue: [0] ifFalse: [n + (f value: n - 1)]]. f value: 100", shallow)).toBe("5050");
        expect((await errorOf("| b | b := [:x | x]. [true] whileTrue: [b value: 1]", new LangTestWorld({stepBudget: 10_000}))).name).toBe("StepBudgetExceededError");
    });
});
