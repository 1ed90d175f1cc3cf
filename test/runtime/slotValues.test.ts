import {describe, expect, it} from "vitest";
import {Runtime, printString} from "../../src/index.js";
import {everyKind} from "../lang/helpers/everyKind.js";
import {freshRuntimeForEach} from "./helpers.js";

let runtime: Runtime;
let file: string;

freshRuntimeForEach((fresh) => ({runtime, file} = fresh));

const print = async (source: string) => printString(await runtime.evaluate(source));

async function reopen(save: boolean): Promise<void> {
    if (save) await runtime.save();
    await runtime.dispose();
    runtime = await Runtime.open(file);
}

describe("slots keep what the language made, through at:put:, save and reload", () => {
    it("keeps the class of every kind of value, saved or only journalled", async () => {
        for (const [i, [source]] of everyKind.entries()) await runtime.evaluate(`BRICK at: #v${i} put: (${source})`);
        await runtime.evaluate("ROBIN at: #later put: #journalled");
        const printed = async () => Promise.all(everyKind.map(async (_, i) => print(`(BRICK at: #v${i}) printString, ' ', (BRICK at: #v${i}) class name`)));
        const before = await printed();
        await reopen(true);
        expect(await printed()).toEqual(before);
        expect(await print("ROBIN at: #later")).toBe("#journalled");
        await reopen(false);
        expect(await printed()).toEqual(before);
    });

    it("answers the same object at every read, and keeps what is done to it", async () => {
        await runtime.evaluate("BRICK at: #list put: (OrderedCollection with: 1 with: 2)");
        expect(await print("(BRICK at: #list) add: 5. (BRICK at: #list) == (BRICK at: #list)")).toBe("true");
        expect(await print("BRICK at: #list")).toBe("an OrderedCollection(1 2 5)");
        // Written back at the end of the run: in the image (journalled) before any save.
        expect(runtime.manager.get("BRICK").record.slots.list).toEqual({$st: "OrderedCollection", items: [1, 2, 5]});
        await reopen(false);
        expect(await print("(BRICK at: #list) removeFirst; yourself")).toBe("an OrderedCollection(2 5)");
        await reopen(true);
        expect(await print("BRICK at: #list")).toBe("an OrderedCollection(2 5)");
    });

    it("keeps one object for two slots, across personas, and closes cycles", async () => {
        await runtime.evaluate("| c d | c := OrderedCollection with: 1. d := Dictionary new. d at: #self put: d; at: #c put: c. " +
            "BRICK at: #a put: c. BRICK at: #b put: c. ROBIN at: #c put: c. ROBIN at: #d put: d");
        await reopen(true);
        expect(await print("(BRICK at: #a) == (BRICK at: #b)")).toBe("true");
        expect(await print("(BRICK at: #a) == (ROBIN at: #c)")).toBe("true");
        expect(await print("((ROBIN at: #d) at: #self) == (ROBIN at: #d)")).toBe("true");
        expect(await print("((ROBIN at: #d) at: #c) == (BRICK at: #b)")).toBe("true");
        // Reading one slot first still finds the object the others share.
        await reopen(false);
        expect(await print("(ROBIN at: #c) add: 2. (BRICK at: #a) size")).toBe("2");
        await reopen(true);
        expect(await print("{BRICK at: #a. BRICK at: #b. ROBIN at: #c} collect: [:x | x size]")).toBe("#(2 2 2)");
        expect(await print("(BRICK at: #a) == (ROBIN at: #c)")).toBe("true");
    });

    it("keeps a String you can change: one object for two slots, changed in place, journalled; a literal stays read-only", async () => {
        await runtime.evaluate("| s | s := 'abc' copy. BRICK at: #s put: s. BRICK at: #t put: s. ROBIN at: #u put: s. BRICK at: #lit put: 'xyz'");
        await reopen(true);
        expect(await print("(BRICK at: #s) == (BRICK at: #t)")).toBe("true");
        expect(await print("(BRICK at: #s) == (ROBIN at: #u)")).toBe("true");
        expect(await print("(BRICK at: #s) at: 1 put: $X. ROBIN at: #u")).toBe("'Xbc'");
        // Changed in place: written back at the end of the run, so a reload without a save still has it.
        await reopen(false);
        expect(await print("{BRICK at: #s. BRICK at: #t. ROBIN at: #u}")).toBe("#('Xbc' 'Xbc' 'Xbc')");
        expect(await print("(BRICK at: #t) == (ROBIN at: #u)")).toBe("true");
        await expect(runtime.evaluate("(BRICK at: #lit) at: 1 put: $Q")).rejects.toThrow(/'xyz' is read-only/);
        expect(await print("(BRICK at: #lit) copy at: 1 put: $Q; yourself")).toBe("'Qyz'");
        expect(await print("BRICK at: #lit")).toBe("'xyz'");
    });

    it("keeps a persona, a class and a clean block, and refuses a block that needs its method", async () => {
        await runtime.evaluate("BRICK at: #friend put: ROBIN. BRICK at: #kind put: OrderedCollection. BRICK at: #twice put: [:x | x * 2]");
        await expect(runtime.evaluate("| n | n := 3. BRICK at: #closure put: [:x | x * n]")).rejects.toThrow(/uses variables of the code that made it/);
        await reopen(true);
        expect(await print("(BRICK at: #friend) name")).toBe("'ROBIN'");
        expect(await print("(BRICK at: #kind) new add: 3; yourself")).toBe("an OrderedCollection(3)");
        expect(await print("(BRICK at: #twice) value: 21")).toBe("42");
        expect(await print("BRICK slots includes: 'slots.closure'")).toBe("false");
    });

    it("lets a write from elsewhere win over a live object, and forgets a removed slot", async () => {
        await runtime.evaluate("BRICK at: #list put: (OrderedCollection with: 1)");
        expect(await print("(BRICK at: #list) size")).toBe("1");
        await runtime.send("BRICK", "at:put:", ["list", [7, 8]]);
        expect(await print("BRICK at: #list")).toBe("#(7 8)");
        await runtime.evaluate("BRICK removeSlot: #list");
        await expect(runtime.evaluate("BRICK at: #list")).rejects.toThrow(/no slot list/);
    });
});
