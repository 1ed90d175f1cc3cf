import {describe, expect, it} from "vitest";
import {ClassDefinitionError, printString} from "../../src/lang/index.js";
import {LangTestWorld} from "./helpers/LangTestWorld.js";
import {errorOf, printIt} from "./helpers/run.js";

const point3D = "Object subclass: #Point3D instanceVariableNames: 'x y z' classVariableNames: 'Made' package: 'Demo'. " +
    "Point3D class compile: 'x: ax y: ay z: az ^ self new setX: ax y: ay z: az'. " +
    "Point3D compile: 'setX: ax y: ay z: az x := ax. y := ay. z := az'. " +
    "Point3D compile: 'initialize Made := (Made ifNil: [0]) + 1'. " +
    "Point3D class compile: 'made ^ Made'. " +
    "Point3D compile: 'x ^ x'. Point3D compile: 'y ^ y'. Point3D compile: 'z ^ z'. " +
    "Point3D compile: '+ other ^ Point3D x: x + other x y: y + other y z: z + other z' classified: 'arithmetic'. " +
    "Point3D compile: 'printOn: aStream aStream nextPutAll: ''P3('' , x printString , '' '' , y printString , '' '' , z printString , '')'''";

describe("classes of one's own", () => {
    it("defines a class with methods on both sides, class variables, initialize and printOn:", async () => {
        const w = new LangTestWorld();
        await w.interpreter.evaluate(point3D);
        expect(await printIt("(Point3D x: 1 y: 2 z: 3) + (Point3D x: 10 y: 20 z: 30)", w)).toBe("P3(11 22 33)");
        expect(await printIt("(Point3D x: 1 y: 2 z: 3) printString", w)).toBe("'P3(1 2 3)'");
        expect(await printIt("(Point3D x: 1 y: 2 z: 3) displayString", w)).toBe("'P3(1 2 3)'");
        expect(await printIt("OrderedCollection with: (Point3D x: 1 y: 2 z: 3)", w)).toBe("an OrderedCollection(P3(1 2 3))");
        expect(printString(await w.interpreter.evaluate("Point3D x: 4 y: 5 z: 6"))).toBe("P3(4 5 6)");
        expect(await printIt("Point3D made > 0", w)).toBe("true");
        expect(await printIt("{Point3D name. Point3D category. Point3D class. Point3D class class. Point3D superclass. Point3D instVarNames}", w))
            .toBe("{#Point3D. 'Demo'. Point3D class. Metaclass. Object. #(#x #y #z)}");
        expect(await printIt("(Point3D new isKindOf: Point3D) & (Point3D new respondsTo: #x) & (Point3D canUnderstand: #+)", w)).toBe("true");
        expect(await printIt("Point3D new", w)).toBe("P3(nil nil nil)");
    });

    it("inherits, calls super on both sides, and redefines a class keeping its methods", async () => {
        const w = new LangTestWorld();
        await w.interpreter.evaluate(point3D);
        await w.interpreter.evaluate("Point3D subclass: #Point4D instanceVariableNames: 'w' classVariableNames: '' package: 'Demo'. " +
            "Point4D compile: 'w: aw w := aw'. Point4D compile: 'printOn: aStream super printOn: aStream. aStream nextPutAll: ''+'', w printString'. " +
            "Point4D class compile: 'x: ax y: ay z: az ^ (super x: ax y: ay z: az) w: 0'");
        expect(await printIt("Point4D x: 1 y: 2 z: 3", w)).toBe("P3(1 2 3)+0");
        expect(await printIt("(Point4D x: 1 y: 2 z: 3) x", w)).toBe("1");
        await w.interpreter.evaluate("Object subclass: #Point3D instanceVariableNames: 'x y z t' classVariableNames: 'Made' package: 'Demo'");
        expect(await printIt("(Point4D x: 1 y: 2 z: 3) w: 9; yourself", w)).toBe("P3(1 2 3)+9");
    });

    it("adds extension methods to built-in classes, for this interpreter only", async () => {
        const w = new LangTestWorld();
        expect(await printIt("Integer compile: 'double ^ self * 2'. 21 double", w)).toBe("42");
        expect(await printIt("String compile: 'shout ^ self asUppercase , ''!'''. 'hi' shout", w)).toBe("'HI!'");
        expect(await printIt("Integer compile: 'printOn: aStream aStream nextPutAll: ''#''. super printOn: aStream'. 7 printString", w)).toBe("'#7'");
        expect(await errorOf("21 double", new LangTestWorld())).toBeInstanceOf(Error);
    });

    it("reads and writes a persona's slots as variables in its methods", async () => {
        const w = new LangTestWorld();
        const brick = w.add("BRICK", ["bump  counter := counter + 1. ^ counter", "who  ^ name", "wrong  ^ nothing"]);
        w.interpreter.storeSlot(brick, "counter", 41);
        expect(await printIt("BRICK bump", w)).toBe("42");
        expect(await printIt("BRICK at: #counter", w)).toBe("42");
        expect(await printIt("BRICK who", w)).toBe("'BRICK'");
        expect((await errorOf("BRICK wrong", w)).message).toContain("neither a temporary of the method nor a slot of BRICK");
    });

    it("refuses bad definitions with a clear error, changing nothing", async () => {
        const w = new LangTestWorld();
        w.add("BRICK");
        for (const [source, problem] of [
            ["Object subclass: #lower", "capitalized identifier"], ["Object subclass: #Array", "built-in class"],
            ["Object subclass: #BRICK", "persona's name"], ["OrderedCollection subclass: #Stack", "cannot be subclassed here"],
            ["Object subclass: #Dup instanceVariableNames: 'a a' classVariableNames: '' package: 'x'", "declared twice"]
        ]) {
            const error = await errorOf(source!, w);
            expect(error, source).toBeInstanceOf(ClassDefinitionError);
            expect(error.message).toContain(problem);
        }
        expect(await printIt("Smalltalk at: #Object", w)).toBe("Object");
    });

    it("answers a method of a class as a CompiledMethod (A >> #foo), a snapshot of its source", async () => {
        const w = new LangTestWorld();
        await w.interpreter.evaluate("Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A compile: 'at: i put: v ^ v' classified: 'access'. A class compile: 'make ^ self new'");
        expect(await printIt("| m | m := A >> #at:put:. A compile: 'at: i put: v ^ i'. {m. m selector. m numArgs. m sourceCode. m methodClass. m category. A class >> #make. (A >> #at:put:) sourceCode}", w))
            .toBe("{A>>#at:put:. #at:put:. 2. 'at: i put: v ^ v'. A. 'access'. A class>>#make. 'at: i put: v ^ i'}");
        expect((await errorOf("A >> #zork", w)).message).toContain("A has no method zork");
    });

    it("compares elements of a class that defines = in Smalltalk by sending it (Set add:, includes:, remove:; includes: of any collection)", async () => {
        const w = new LangTestWorld();
        await w.interpreter.evaluate("Object subclass: #P instanceVariableNames: 'x y' classVariableNames: '' package: 'Demo'. P compile: 'x ^ x'. P compile: 'setX: ax y: ay x := ax. y := ay'. P class compile: 'x: ax y: ay ^ self new setX: ax y: ay'. P compile: '= other ^ (other isKindOf: P) and: [x = other x]'. P compile: 'hash ^ x hash'");
        expect(await printIt("(Set new add: (P x: 1 y: 2); add: (P x: 1 y: 3); add: (P x: 2 y: 0); yourself) size", w)).toBe("2");
        expect(await printIt("| s | s := Set new. s add: (P x: 1 y: 2). {s includes: (P x: 1 y: 9). s includes: (P x: 5 y: 9). s includes: 3. (s remove: (P x: 1 y: 7)) x. s size. s remove: (P x: 1 y: 7) ifAbsent: [#none]}", w))
            .toBe("#(true false false 1 0 #none)");
        expect(await printIt("{(Array with: (P x: 1 y: 2)) includes: (P x: 1 y: 0). #(1 2) includes: (P x: 1 y: 0). (OrderedCollection with: 3 with: (P x: 4 y: 0)) includes: (P x: 4 y: 1). (Set withAll: #(1 2 3)) includes: 2}", w))
            .toBe("#(true false true true)");
        expect((await errorOf("Object subclass: #Q. Q compile: '= other ^ 3'. (Array with: 1) includes: Q new", w)).message).toContain("true or false");
    });
});
