import {describe, expect, it} from "vitest";
import {
    MessageNotUnderstoodError, NoEngineError, ParseError, Runtime, SlotValidationError, printString
} from "../../src/index.js";
import {freshRuntimeForEach} from "./helpers.js";

let runtime: Runtime;
let file: string;

freshRuntimeForEach((fresh) => ({runtime, file} = fresh));

describe("persona methods as source, through the runtime", () => {
    it("compiles a method that survives save and reload, and lists, shows and removes it", async () => {
        expect(await runtime.evaluate("BRICK compile: 'greet: name ^ ''Hello, '', name'")).toBe("greet:");
        expect(await runtime.evaluate("BRICK greet: 'Ada'")).toBe("Hello, Ada");
        expect(printString(await runtime.evaluate("BRICK methods"))).toBe("#('greet:')");
        await runtime.save();
        await runtime.dispose();

        runtime = await Runtime.open(file);
        expect(await runtime.evaluate("BRICK greet: 'Grace'")).toBe("Hello, Grace");
        expect(await runtime.evaluate("BRICK sourceOf: #greet:")).toBe("greet: name ^ 'Hello, ', name");
        await runtime.evaluate("BRICK removeMethod: #greet:");
        await expect(runtime.evaluate("BRICK greet: 'Ada'")).rejects.toThrow(MessageNotUnderstoodError);
    });

    it("keeps unsaved compiled methods in the journal across a reopen", async () => {
        await runtime.evaluate("ROBIN compile: 'hug ^ ''(hug)'''");
        expect(runtime.image.dirty).toBe(true);
        await runtime.dispose();
        runtime = await Runtime.open(file);
        expect(runtime.image.recovery.replayedEntries).toBeGreaterThan(0);
        expect(await runtime.evaluate("ROBIN hug")).toBe("(hug)");
    });

    it("refuses a method with a parse error and changes nothing", async () => {
        await expect(runtime.evaluate("BRICK compile: 'broken: x ^ (x + '")).rejects.toThrow(ParseError);
        expect(await runtime.evaluate("BRICK methods")).toEqual([]);
    });

    it("honours a doesNotUnderstand: written in Smalltalk, the same from TypeScript and the Playground", async () => {
        await runtime.evaluate(`BRICK compile: 'doesNotUnderstand: aMessage
            ^ ''BRICK logically declines '', aMessage selector, '' with '', aMessage arguments size printString, '' args'''`);
        expect(await runtime.evaluate("BRICK frobnicate: 1 with: 2")).toBe("BRICK logically declines frobnicate:with: with 2 args");
        expect(runtime.persona("BRICK").frobnicate_with!(1, 2)).toBe("BRICK logically declines frobnicate:with: with 2 args");
        await expect(runtime.evaluate("ROBIN frobnicate")).rejects.toThrow(/ROBIN does not understand #frobnicate/);
    });

    it("reads and writes slots with validation", async () => {
        await runtime.evaluate("BRICK at: #mood put: 'sunny'");
        expect(await runtime.evaluate("BRICK at: #mood")).toBe("sunny");
        expect(runtime.manager.get("BRICK").record.slots.mood).toBe("sunny");
        await runtime.evaluate("BRICK at: #prefs put: (Dictionary new at: #tea put: 3; yourself)");
        expect(runtime.manager.get("BRICK").record.slots.prefs).toEqual({$st: "Dictionary", pairs: [[{$st: "Symbol", name: "tea"}, 3]]});

        await expect(runtime.evaluate("BRICK at: #goldenDataset put: 42")).rejects.toThrow(SlotValidationError);
        await expect(runtime.evaluate("BRICK at: #personaId put: 'x'")).rejects.toThrow(/identity/);
        await expect(runtime.evaluate("| y | y := 1. BRICK at: #pet put: [:x | x + y]")).rejects.toThrow(/uses variables of the code that made it/);
        expect(runtime.manager.get("BRICK").record.goldenDataset).toHaveLength(0);
        expect("pet" in runtime.manager.get("BRICK").record.slots).toBe(false);
    });

    it("answers the persona primitives", async () => {
        expect(await runtime.evaluate("BRICK codex at: #name")).toBe("BRICK");
        expect(await runtime.evaluate("(BRICK respondsTo: #greet:) not")).toBe(true);
        expect(await runtime.evaluate("BRICK goldenDataset size")).toBe(0);
        expect(await runtime.evaluate("Image personas size")).toBe(4);
        const clone = await runtime.evaluate("BRICK clone");
        expect(printString(clone)).toBe("BRICK_CLONE1");
        await expect(runtime.evaluate("BRICK chat: 'hello'")).rejects.toThrow(NoEngineError);
        await expect(runtime.evaluate("BRICK swapAdapter: 'nowhere.gguf'")).rejects.toThrow(/does not exist/);
    });
});
