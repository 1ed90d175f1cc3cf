import {describe, expect, it} from "vitest";
import {Runtime, printString} from "../../src/index.js";
import {exitCodeFor} from "../../src/cli/exitCodes.js";
import {freshRuntimeForEach} from "./helpers.js";

let runtime: Runtime;
let file: string;

freshRuntimeForEach((fresh) => ({runtime, file} = fresh));

/** The error `source` fails with, which must be a user's error (exit code 1), never an internal one. */
async function userErrorOf(source: string): Promise<Error> {
    const error = await runtime.evaluate(source).then(
        (value) => {
            throw new Error(`expected ${source} to fail, but it answered ${printString(value)}`);
        },
        (e: unknown) => e as Error);
    expect(exitCodeFor(error), `${source}: ${error.stack}`).toBe(1);
    return error;
}

describe("identity slots change only through their validated messages", () => {
    it("refuses at:put: on parent, and every send still works; parent: repairs and refuses a cycle", async () => {
        expect((await userErrorOf("ROBIN at: #parent put: 'BABS'")).message).toMatch(/parent: aPersona/);
        expect(await runtime.evaluate("ROBIN name")).toBe("ROBIN");
        await runtime.evaluate("ROBIN parent: BABS");
        expect(printString(await runtime.evaluate("ROBIN parent"))).toBe("BABS");
        await runtime.evaluate("ROBIN parent: #BRICK");
        expect(printString(await runtime.evaluate("ROBIN parent"))).toBe("BRICK");
        expect((await userErrorOf("BRICK parent: ROBIN")).message).toMatch(/cycle/);
        expect((await userErrorOf("BRICK parent: BRICK")).message).toMatch(/cycle/);
        expect((await userErrorOf("BRICK parent: 'NOBODY'")).message).toMatch(/no persona "NOBODY"/);
        expect(printString(await runtime.evaluate("BRICK parent"))).toBe("nil");
    });

    it("keeps sending to a persona whose stored parent names no persona (an image written before the rule)", async () => {
        const robin = runtime.manager.get("ROBIN");
        runtime.image.update((draft) => {
            draft.personas[robin.personaId]!.parent = "BABS";
        }, "an old, broken write");
        expect(await runtime.evaluate("ROBIN name")).toBe("ROBIN");
        expect(printString(await runtime.evaluate("ROBIN parent"))).toBe("nil");
        await runtime.evaluate("ROBIN parent: nil");
        expect(robin.record.parent).toBeNull();
    });

    it("keeps names unique: at:put: on name is refused and rename: checks the name", async () => {
        expect((await userErrorOf("BRICK at: #name put: 'ROBIN'")).message).toMatch(/rename:/);
        expect((await userErrorOf("BRICK rename: 'ROBIN'")).message).toMatch(/ROBIN is taken/);
        expect((await userErrorOf("BRICK rename: 'brick 2'")).message).toMatch(/upper-case identifier/);
        await runtime.evaluate("BRICK rename: 'BRICK_2'");
        expect(await runtime.evaluate("BRICK_2 name")).toBe("BRICK_2");
        expect(await runtime.evaluate("ROBIN name")).toBe("ROBIN");
        await runtime.save();
        await runtime.dispose();
        runtime = await Runtime.open(file);
        expect(await runtime.evaluate("BRICK_2 name")).toBe("BRICK_2");
    });

    it("checks model and adapter files through the swap path only", async () => {
        const before = runtime.manager.get("BRICK").record.baseModelPath;
        expect((await userErrorOf("BRICK at: #baseModelPath put: 'package.json'")).message).toMatch(/swapModel:/);
        expect((await userErrorOf("BRICK at: #activeAdapterPath put: 'package.json'")).message).toMatch(/swapAdapter:/);
        expect((await userErrorOf("BRICK at: #codex put: 3")).message).toMatch(/organization/);
        expect((await userErrorOf("BRICK swapModel: 'package.json'")).message).toMatch(/Refused to swap the model/);
        expect(runtime.manager.get("BRICK").record.baseModelPath).toBe(before);
    });

    it("lets no selector or slot name reach a host property", async () => {
        expect((await userErrorOf("BRICK compile: '__proto__ ^ 2'")).message).toMatch(/__proto__ cannot be a selector/);
        expect((await userErrorOf("BRICK at: #'__proto__' put: 1")).message).toMatch(/__proto__/);
        expect((await userErrorOf("BRICK at: #'__proto__'")).message).toMatch(/no slot __proto__/);
        expect((await userErrorOf("BRICK at: #constructor")).message).toMatch(/no slot constructor/);
        expect((await userErrorOf("BRICK at: #toString")).message).toMatch(/no slot toString/);
        expect((await userErrorOf("BRICK removeMethod: #constructor")).message).toMatch(/no method #constructor/);
        await runtime.evaluate("BRICK at: #constructor put: 7");
        expect(await runtime.evaluate("BRICK at: #constructor")).toBe(7);
        expect(Object.getPrototypeOf(runtime.manager.get("BRICK").record.slots)).toBe(Object.prototype);
    });

    it("answers a wrong argument of a primitive with a user's error", async () => {
        expect((await userErrorOf("BRICK chat: 3")).message).toMatch(/chat:'s argument must be a String/);
        expect((await userErrorOf("BRICK sourceOf: #nothing")).message).toMatch(/no method #nothing/);
        expect((await userErrorOf("BRICK removeSlot: #nothing")).message).toMatch(/no free slot nothing/);
        expect((await userErrorOf("BRICK recordDialogue: 3")).message).toMatch(/recordDialogue:/);
    });
});
