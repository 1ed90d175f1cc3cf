import {describe, expect, it} from "vitest";
import {implementorsOf, methodVersions, referencesTo, sendersOf} from "../../src/index.js";
import type {Runtime} from "../../src/index.js";
import {Runtime as RuntimeClass} from "../../src/index.js";
import {freshRuntimeForEach} from "./helpers.js";

let runtime: Runtime;
let file: string;

freshRuntimeForEach(async (fresh) => {
    ({runtime, file} = fresh);
    await runtime.evaluate(`BRICK compile: 'double: x ^ x * 2'.
        BRICK compile: 'quadruple: x ^ self double: (self double: x)'.
        ROBIN compile: 'double: x ^ x + x'.
        ROBIN compile: 'twice ^ BRICK perform: #double: with: 4'.
        ROBIN compile: 'cascade ^ OrderedCollection new add: 1; double: 3; yourself'.
        BABS on: #Ping do: [:e | BRICK double: 1]`);
});

describe("finding code: senders, implementors, references", () => {
    it("senders of a selector are found in methods, cascades and bus handlers of every persona", () => {
        const senders = sendersOf(runtime.image.state, "double:").map((l) => l.kind === "method" ? `${l.persona}>>${l.selector}` : l.kind === "handler" ? `${l.persona} on: #${l.event}` : l.kind);
        expect(senders).toEqual(["BRICK>>quadruple:", "ROBIN>>cascade", "BABS on: #Ping"]);
        expect(sendersOf(runtime.image.state, "nothingSendsThis")).toEqual([]);
    });

    it("implementors are persona methods, built-in classes and persona primitives", () => {
        const personas = implementorsOf(runtime.image.state, "double:").map((l) => l.kind === "method" ? l.persona : l.kind);
        expect(personas).toEqual(["BRICK", "ROBIN"]);
        const printers = implementorsOf(runtime.image.state, "printString", runtime.primitives.keys());
        expect(printers.some((l) => l.kind === "class" && l.className === "Object")).toBe(true);
        expect(printers.some((l) => l.kind === "primitive")).toBe(true);
        const classSide = implementorsOf(runtime.image.state, "new:");
        expect(classSide.some((l) => l.kind === "class" && l.side === "class")).toBe(true);
    });

    it("references are symbol literals naming the selector, not sends of it", () => {
        const references = referencesTo(runtime.image.state, "double:").map((l) => l.kind === "method" ? `${l.persona}>>${l.selector}` : l.kind);
        expect(references).toEqual(["ROBIN>>twice"]);
    });
});

describe("a method's versions", () => {
    it("keeps each replaced version with the method, newest first, and finds them again after a save and a reload", async () => {
        await runtime.evaluate("BRICK compile: 'double: x ^ x + x'");
        await runtime.evaluate("BRICK compile: 'double: x ^ 2 * x' classified: 'arithmetic'");
        const versions = methodVersions(runtime, "BRICK", "double:");
        expect(versions.map((v) => [v.origin, v.source, v.category])).toEqual([
            ["current", "double: x ^ 2 * x", "arithmetic"],
            ["image", "double: x ^ x + x", "as yet unclassified"],
            ["image", "double: x ^ x * 2", "as yet unclassified"]
        ]);
        // Compiling the same source again makes no new version.
        await runtime.evaluate("BRICK compile: 'double: x ^ 2 * x' classified: 'arithmetic'");
        expect(methodVersions(runtime, "BRICK", "double:")).toHaveLength(3);
        await runtime.save();
        await runtime.dispose();
        await using reopened = await RuntimeClass.open(file);
        expect(methodVersions(reopened, "BRICK", "double:").map((v) => v.source)).toEqual(["double: x ^ 2 * x", "double: x ^ x + x", "double: x ^ x * 2"]);
    });

    it("finds a removed method's versions in the journal until the next save", async () => {
        await runtime.evaluate("ROBIN compile: 'double: x ^ 2 + x + x - 2'");
        await runtime.evaluate("ROBIN removeMethod: #double:");
        const versions = methodVersions(runtime, "ROBIN", "double:");
        expect(versions.every((v) => v.origin === "journal")).toBe(true);
        expect(versions.map((v) => v.source)).toEqual(["double: x ^ 2 + x + x - 2", "double: x ^ x + x"]);
    });
});
