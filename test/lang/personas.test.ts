import {describe, expect, it} from "vitest";
import {MessageNotUnderstoodError, protoProxy, send} from "../../src/objects/index.js";
import {
    BlockCannotReturnError, ParseError, StSymbol, UndeclaredVariableError, printString, errorPosition
} from "../../src/lang/index.js";
import {LangTestWorld} from "./helpers/LangTestWorld.js";
import {errorOf, printIt} from "./helpers/run.js";

function world(): LangTestWorld {
    const w = new LangTestWorld();
    w.add("BASE", [
        "greet: who  ^ 'Hello, ' , who , ' from ' , self name",
        "kind  ^ 'base'",
        "describe  ^ self kind , '/' , self name"
    ]);
    w.add("BRICK", [
        "kind  ^ 'brick<' , super kind , '>'",
        "double: x  ^ x * 2",
        "fact: n  n <= 1 ifTrue: [^ 1]. ^ n * (self fact: n - 1)",
        "firstEven: aCollection  aCollection do: [:x | x even ifTrue: [^ x]]. ^ nil",
        "keep: aBlock  self at: #kept put: 0. ^ aBlock",
        "escaper  ^ [:x | ^ x]",
        "noReturn  3 + 4",
        "slow: x  ^ (self slowEcho: x) + 1",
        "counter | c | c := 0. #(1 2 3) do: [:x | c := c + x]. ^ c"
    ], "BASE");
    w.add("ROBIN");
    return w;
}

describe("persona methods written in Smalltalk", () => {
    it("run from the Playground through the persona's global name", async () => {
        const w = world();
        expect(await printIt("BRICK double: 21", w)).toBe("42");
        expect(await printIt("BRICK fact: 20", w)).toBe("2432902008176640000");
        expect(await printIt("BRICK fact: 30", w)).toBe("265252859812191058636308480000000");
        expect(await printIt("BRICK counter", w)).toBe("6");
        expect(await printIt("BRICK", w)).toBe("BRICK");
        expect(await printIt("BRICK name", w)).toBe("'BRICK'");
    });

    it("run from TypeScript through the Proxy and the one send path", () => {
        const w = world();
        const brick = protoProxy(w.byName("BRICK")!);
        expect(brick.double!(4)).toBe(8);
        expect(brick.greet!("Ada")).toBe("Hello, Ada from BRICK");
        expect(send(w.byName("BRICK")!, "fact:", [5])).toBe(120);
    });

    it("inherit along the parent chain with self the receiver, and super starting at the holder's parent", async () => {
        const w = world();
        expect(await printIt("BRICK greet: 'Ada'", w)).toBe("'Hello, Ada from BRICK'");
        expect(await printIt("BRICK kind", w)).toBe("'brick<base>'");
        expect(await printIt("BRICK describe", w)).toBe("'brick<base>/BRICK'");
        expect(await printIt("BASE describe", w)).toBe("'base/BASE'");
    });

    it("answer self when they end without ^", async () => {
        expect(await printIt("BRICK noReturn", world())).toBe("BRICK");
    });

    it("return non-locally from a block to the method", async () => {
        const w = world();
        expect(await printIt("BRICK firstEven: #(1 3 4 5 6)", w)).toBe("4");
        expect(await printIt("BRICK firstEven: #(1 3)", w)).toBe("nil");
    });

    it("make a ^ from a block whose method has returned a BlockCannotReturn", async () => {
        const w = world();
        const error = await errorOf("(BRICK escaper) value: 3", w);
        expect(error).toBeInstanceOf(BlockCannotReturnError);
        expect(error.message).toContain("[:x | ^ x]");
        // A do-it's own block may return from the do-it while it runs, but not once it has finished.
        const bindings = new Map<string, unknown>();
        expect(await printIt("blk := [:x | ^ x * 2]. blk value: 5. 99", w, bindings)).toBe("10");
        expect(await errorOf("blk value: 1", w, bindings)).toBeInstanceOf(BlockCannotReturnError);
    });

    it("receive blocks from the Playground and call them back", async () => {
        const w = world();
        expect(await printIt("(BRICK keep: [:x | x + 1]) value: 41", w)).toBe("42");
        expect(w.byName("BRICK")!.record.slots.kept).toBe(0);
    });

    it("switch to the async path when a send answers a Promise, and back", async () => {
        const w = world();
        expect(await printIt("BRICK slow: 41", w)).toBe("42");
        expect(await printIt("| r | r := OrderedCollection new. 1 to: 3 do: [:i | r add: (BRICK slowEcho: i) * 10]. r", w))
            .toBe("an OrderedCollection(10 20 30)");
        expect(await printIt("#(1 2 3) collect: [:x | BRICK slowEcho: x + 1]", w)).toBe("#(2 3 4)");
        expect(await printIt("| n | n := 0. [(BRICK slowEcho: n) < 3] whileTrue: [n := n + 1]. n", w)).toBe("3");
        expect(await printIt("(BRICK slowEcho: 3) > 2 ifTrue: ['big'] ifFalse: ['small']", w)).toBe("'big'");
        expect(await printIt("#(5 6 7) detect: [:x | (BRICK slowEcho: x) > 5] ifNone: [0]", w)).toBe("6");
        expect(await printIt("#(1 2 3) inject: 0 into: [:a :x | a + (BRICK slowEcho: x)]", w)).toBe("6");
        expect(await printIt("{BRICK slowEcho: 1. 2. BRICK slowEcho: 3}", w)).toBe("#(1 2 3)");
        expect(await printIt("(BRICK slowEcho: 4); double: 5", w)).toBe("10");
        // A ^ inside an asynchronous block still returns from the do-it.
        expect(await printIt("#(1 2 3) do: [:x | (BRICK slowEcho: x) = 2 ifTrue: [^ 'found']]. 'missed'", w)).toBe("'found'");
        // Evaluation order is kept: the receiver's reply arrives before the argument is evaluated.
        expect(await printIt("| log | log := OrderedCollection new. (BRICK slowEcho: (log add: 1)) + (log add: 2). log", w))
            .toBe("an OrderedCollection(1 2)");
    });

    it("reach persona primitives through send, storing Smalltalk values as plain data that keeps their kind", async () => {
        const w = world();
        await w.interpreter.evaluate("BRICK at: #mood put: 'sunny'. BRICK at: #weights put: #(1 2.5 #x). BRICK at: #d put: (Dictionary new at: #k put: 1; yourself)");
        const slots = w.byName("BRICK")!.record.slots;
        expect(slots.mood).toBe("sunny");
        expect(slots.weights).toEqual([1, 2.5, {$st: "Symbol", name: "x"}]);
        expect(slots.d).toEqual({$st: "Dictionary", pairs: [[{$st: "Symbol", name: "k"}, 1]]});
        expect(await printIt("BRICK at: #weights", w)).toBe("#(1 2.5 #x)");
        expect(await printIt("(BRICK at: #d) at: #k", w)).toBe("1");
        expect(await printIt("(BRICK slots) at: #mood", w)).toBe("'sunny'");
    });

    it("compile new methods from the Playground, and refuse bad source without changing anything", async () => {
        const w = world();
        expect(await printIt("ROBIN compile: 'cheer: n  ^ (1 to: n) inject: '''' into: [:s :i | s , ''!'']'", w)).toBe("'cheer:'");
        expect(await printIt("ROBIN cheer: 3", w)).toBe("'!!!'");
        const error = await errorOf("ROBIN compile: 'broken: ^ ^'", w);
        expect(error).toBeInstanceOf(ParseError);
        expect(Object.keys(w.byName("ROBIN")!.record.methods)).toEqual(["cheer:"]);
    });

    it("cache compiled methods by source and pick up a recompiled method at once", async () => {
        const w = world();
        expect(await printIt("BRICK double: 2", w)).toBe("4");
        await w.interpreter.evaluate("BRICK compile: 'double: x  ^ x * 3'");
        expect(await printIt("BRICK double: 2", w)).toBe("6");
    });

    it("report undeclared variables and globals with suggestions", async () => {
        const w = world();
        const error = await errorOf("BRIK double: 2", w) as UndeclaredVariableError;
        expect(error).toBeInstanceOf(UndeclaredVariableError);
        expect(error.nearest).toContain("BRICK");
        expect(error.message).toContain("Did you mean BRICK");
        w.compile(w.byName("ROBIN")!, "oops  ^ undefinedThing + 1");
        expect((await errorOf("ROBIN oops", w)).message).toContain("Undeclared variable undefinedThing");
        // In a persona's method, undeclared lower-case names are its slots: storing into one it lacks fails when it runs.
        expect(await printIt("ROBIN compile: 'bad  missing := 3'", w)).toBe("'bad'");
        const storeError = await errorOf("ROBIN bad", w);
        expect(storeError.message).toContain("ROBIN has no slot missing");
        expect(errorPosition(storeError)).toMatchObject({where: "ROBIN>>bad", line: 1, column: 6});
    });

    it("refuse assignment to arguments and to globals", async () => {
        const w = world();
        w.compile(w.byName("ROBIN")!, "reassign: x  x := 3. ^ x");
        const error = await errorOf("ROBIN reassign: 1", w);
        expect(error).toBeInstanceOf(ParseError);
        expect(error.message).toContain("Cannot assign to the argument x");
        expect((await errorOf("Transcript := 3", w, new Map())).message).toContain("Cannot assign to Transcript");
        expect((await errorOf("BRICK := 3", w, new Map())).message).toContain("Cannot assign to BRICK");
        expect((await errorOf("Zork := 3", w)).message).toContain("Undeclared variable Zork");
        // As in Pharo's Playground, a do-it declares a lower-case name it assigns (without a workspace: for that run only).
        expect(await printIt("y := 3. [:k | z := k + y] value: 4. {y. z}", w)).toBe("#(3 7)");
        expect(await printIt("y", w).catch((e: Error) => e.message)).toContain("Undeclared variable y");
    });
});

describe("doesNotUnderstand: written in Smalltalk", () => {
    it("is honoured, with aMessage selector and aMessage arguments, from the Playground and from TypeScript", async () => {
        const w = world();
        w.compile(w.byName("ROBIN")!, "doesNotUnderstand: aMessage  ^ aMessage selector -> aMessage arguments");
        expect(await printIt("ROBIN hug: 3 with: 'love'", w)).toBe("#hug:with:->#(3 'love')");
        expect(w.published.at(-1)).toMatchObject({type: "dissonance", persona: "ROBIN", selector: "hug:with:", resolution: "method"});
        const answer = protoProxy(w.byName("ROBIN")!).wave!(2) as [string, unknown[]];
        expect(answer).toEqual(["wave:", [2]]);
    });

    it("declines with aMessage pass, so the runtime's next handler answers", async () => {
        const w = world();
        w.compile(w.byName("ROBIN")!, "doesNotUnderstand: aMessage  aMessage selector == #known ifTrue: [^ 'mine']. ^ aMessage pass");
        w.dnuHandlers.push({name: "llm", handle: (signal) => signal.resume(`handled ${signal.message.selector}`)});
        expect(await printIt("ROBIN known", w)).toBe("'mine'");
        expect(await printIt("ROBIN unknown", w)).toBe("'handled unknown'");
        expect(w.published.at(-1)).toMatchObject({type: "dissonance", selector: "unknown", resolution: "handler", handler: "llm"});
    });

    it("ends in MessageNotUnderstoodError when every handler declines, as from TypeScript", async () => {
        const w = world();
        w.compile(w.byName("ROBIN")!, "doesNotUnderstand: aMessage  ^ aMessage pass");
        const error = await errorOf("ROBIN dance", w) as MessageNotUnderstoodError;
        expect(error).toBeInstanceOf(MessageNotUnderstoodError);
        expect(error.receiver).toBe("ROBIN");
        expect(error.selector).toBe("dance");
        expect(() => protoProxy(w.byName("ROBIN")!).dance!()).toThrow(MessageNotUnderstoodError);
        expect(w.published.at(-1)).toMatchObject({type: "dissonance", selector: "dance", resolution: "unresolved"});
    });

    it("can be inherited, and sees the original receiver", async () => {
        const w = world();
        w.compile(w.byName("BASE")!, "doesNotUnderstand: aMessage  ^ self name , ' cannot ' , aMessage selector");
        expect(await printIt("BRICK fly", w)).toBe("'BRICK cannot fly'");
    });

    it("gives the same MessageNotUnderstoodError for personas from the Playground and from TypeScript", async () => {
        const w = world();
        const fromPlayground = await errorOf("ROBIN frobnicate", w) as MessageNotUnderstoodError;
        let fromTypeScript: MessageNotUnderstoodError | null = null;
        try {
            protoProxy(w.byName("ROBIN")!).frobnicate!();
        } catch (error) {
            fromTypeScript = error as MessageNotUnderstoodError;
        }
        expect(fromPlayground.message).toBe(fromTypeScript!.message);
    });
});

describe("the Object protocol of personas (personaObjectPrimitives)", () => {
    it("answers isNil, =, hash, class and perform: without reaching doesNotUnderstand", async () => {
        const w = world();
        w.dnuHandlers.push({name: "llm", handle: () => {
            throw new Error("doesNotUnderstand must not be reached");
        }});
        expect(await printIt("BRICK isNil", w)).toBe("false");
        expect(await printIt("BRICK notNil", w)).toBe("true");
        expect(await printIt("BRICK = BRICK", w)).toBe("true");
        expect(await printIt("BRICK = ROBIN", w)).toBe("false");
        expect(await printIt("BRICK hash = BRICK hash", w)).toBe("true");
        expect(await printIt("BRICK class", w)).toBe("Persona");
        expect(await printIt("BRICK perform: #double: with: 4", w)).toBe("8");
        expect(await printIt("BRICK perform: #greet: withArguments: #('Ada')", w)).toBe("'Hello, Ada from BRICK'");
        expect((await errorOf("BRICK perform: #double: with: 1 with: 2", w)).message).toContain("takes 1 argument(s) but 2 were given");
        expect(await printIt("(Set new add: BRICK; add: BRICK; yourself) size", w)).toBe("1");
    });
});

describe("thisContext", () => {
    it("is a read-only view of the current frame", async () => {
        const w = world();
        w.compile(w.byName("ROBIN")!, "where: x | t | t := x + 1. ^ {thisContext selector. thisContext receiver. thisContext tempNamed: 't'. thisContext tempNames}");
        expect(await printIt("ROBIN where: 1", w)).toBe("{#where:. ROBIN. 2. #('x' 't')}");
        expect(await printIt("thisContext", w)).toBe("DoIt");
        expect(await printIt("[thisContext isBlockContext] value", w)).toBe("true");
        expect(printString(StSymbol.intern("x"))).toBe("#x");
    });
});

describe("the persona method cache", () => {
    it("answers a recompiled, removed or inherited method at once: a send never runs a method the persona no longer has", async () => {
        const w = new LangTestWorld();
        w.add("BRICK", ["answer ^ 1"]);
        w.add("ROBIN", [], "BRICK");
        expect(await printIt("BRICK answer", w)).toBe("1");
        expect(await printIt("(1 to: 3) collect: [:i | BRICK answer]", w)).toBe("#(1 1 1)");
        expect(await printIt("BRICK compile: 'answer ^ 2'. BRICK answer", w)).toBe("2");
        expect(await printIt("ROBIN answer", w)).toBe("2");
        expect(await printIt("ROBIN compile: 'answer ^ 3'. {ROBIN answer. BRICK answer}", w)).toBe("#(3 2)");
        expect(await printIt("BRICK removeSelector: #answer. ROBIN answer", w)).toBe("3");
        expect((await errorOf("BRICK answer", w)).message).toContain("does not understand #answer");
        expect(await printIt("BRICK compile: 'answer: x ^ x'. BRICK answer: 5", w)).toBe("5");
    });
});
