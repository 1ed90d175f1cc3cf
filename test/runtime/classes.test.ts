import {describe, expect, it} from "vitest";
import {Runtime, printString} from "../../src/index.js";
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

describe("classes of one's own live in the image, as source", () => {
    it("keeps classes, both sides' methods, extensions and instances in slots across save, reload and the journal", async () => {
        await runtime.evaluate("Object subclass: #Point3D instanceVariableNames: 'x y z' classVariableNames: '' package: 'Demo'. " +
            "Point3D class compile: 'x: ax y: ay z: az ^ self new setX: ax y: ay z: az'. " +
            "Point3D compile: 'setX: ax y: ay z: az x := ax. y := ay. z := az'. " +
            "Point3D compile: 'printOn: aStream aStream << ''P3('' << x printString << '')'''. " +
            "Integer compile: 'double ^ self * 2'. " +
            "BRICK at: #where put: (Point3D x: 1 y: 2 z: 3)");
        expect(runtime.image.state.classes?.Point3D?.methods["setX:y:z:"]?.source).toContain("x := ax");
        await reopen(false);
        expect(await print("BRICK at: #where")).toBe("P3(1)");
        expect(await print("21 double")).toBe("42");
        await runtime.evaluate("Point3D subclass: #Point4D instanceVariableNames: 'w' classVariableNames: '' package: 'Demo'");
        await reopen(true);
        expect(await print("(Point3D x: 7 y: 8 z: 9) printString")).toBe("'P3(7)'");
        expect(await print("Point4D superclass")).toBe("Point3D");
        expect(await print("(BRICK at: #where) class == Point3D")).toBe("true");
        await runtime.evaluate("Point4D removeFromSystem. Point3D removeSelector: #printOn:");
        await reopen(true);
        expect(await print("BRICK at: #where")).toBe("a Point3D");
        expect(await runtime.evaluate("Point4D").catch((e: Error) => e.name)).toBe("UndeclaredVariableError");
    });
});
