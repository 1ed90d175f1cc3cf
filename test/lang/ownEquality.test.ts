import {describe, expect, it} from "vitest";
import {errorOf, printIt} from "./helpers/run.js";
import {LangTestWorld} from "./helpers/LangTestWorld.js";

/** A class of one's own with = and hash (Pharo's contract: equal objects hash alike), and a counter of the sends. */
const money = "Object subclass: #Money instanceVariableNames: 'amount' classVariableNames: '' package: 'Demo'. " +
    "Money compile: 'amount ^ amount'. Money compile: 'setAmount: n amount := n'. " +
    "Money class compile: 'amount: n ^ self new setAmount: n'. " +
    "Money compile: '= other ^ (other isKindOf: Money) and: [amount = other amount]'. " +
    "Money compile: 'hash ^ amount hash'. " +
    "Money compile: 'printOn: s s nextPutAll: ''$''; print: amount'. ";

describe("a class's own = and hash in the collections", () => {
    it.each([
        ["{Money amount: 1. Money amount: 1. Money amount: 2} asSet size", "2"],
        ["(Set withAll: {Money amount: 1. Money amount: 1}) size", "1"],
        ["(Set with: (Money amount: 3) with: (Money amount: 3)) size", "1"],
        ["(Set new addAll: {Money amount: 1. Money amount: 1}; add: (Money amount: 1); yourself) size", "1"],
        ["(Set new add: (Money amount: 1); yourself) includes: (Money amount: 1)", "true"],
        ["(Set new add: (Money amount: 1); yourself) remove: (Money amount: 1); size", "0"],
        ["| d | d := Dictionary new. d at: (Money amount: 5) put: #five. d at: (Money amount: 5)", "#five"],
        ["| d | d := Dictionary new. d at: (Money amount: 5) put: #a; at: (Money amount: 5) put: #b. d size", "1"],
        ["| d | d := Dictionary new. d at: (Money amount: 5) put: #a; at: (Money amount: 5) put: #b. d", "a Dictionary($5->#b )"],
        ["| d | d := Dictionary new. d at: (Money amount: 5) put: 1. d includesKey: (Money amount: 5)", "true"],
        ["| d | d := Dictionary new. d at: (Money amount: 5) put: 1. d at: (Money amount: 6) ifAbsent: [#none]", "#none"],
        ["| d | d := Dictionary new. d at: (Money amount: 5) put: 1. d removeKey: (Money amount: 5). d size", "0"],
        ["| d | d := Dictionary new. d at: (Money amount: 5) ifAbsentPut: [1]. d at: (Money amount: 5) ifAbsentPut: [2]", "1"],
        ["| d | d := Dictionary new. d add: (Money amount: 5) -> 1; add: (Money amount: 5) -> 2. d size", "1"],
        ["{Money amount: 1. Money amount: 2} indexOf: (Money amount: 2)", "2"],
        ["{Money amount: 1. 7. Money amount: 2} indexOf: (Money amount: 3)", "0"],
        ["(OrderedCollection new add: (Money amount: 1); add: (Money amount: 1); add: 3; yourself) occurrencesOf: (Money amount: 1)", "2"],
        ["(Bag withAll: {Money amount: 1. Money amount: 1. Money amount: 2}) occurrencesOf: (Money amount: 1)", "2"],
        ["(Bag new add: (Money amount: 1); add: (Money amount: 1); remove: (Money amount: 1); yourself) size", "1"],
        ["(Bag new add: (Money amount: 4) withOccurrences: 3; yourself) occurrencesOf: (Money amount: 4)", "3"],
        // Built-in values keep the built-in equality beside them.
        ["{Money amount: 1. 1. 'a'. 'a' copy. #a} asSet size", "4"],
        ["| d | d := Dictionary new. d at: 'k' copy put: 1; at: 3 put: 2. (d at: 'k') + (d at: 3)", "3"]
    ])("%s ==> %s", async (source, expected) => {
        const w = new LangTestWorld();
        await printIt(money, w);
        expect(await printIt(source, w)).toBe(expected);
    });

    it("compares only within a hash: equal objects with different hashes are different keys, as in Pharo", async () => {
        const w = new LangTestWorld();
        await printIt(money + "Money compile: 'hash ^ self identityHash'", w);
        expect(await printIt("{Money amount: 1. Money amount: 1} asSet size", w)).toBe("2");
        expect(await printIt("(Money amount: 1) = (Money amount: 1)", w)).toBe("true");
    });

    it("sends hash once per element: n elements of distinct hashes cost no = sends", async () => {
        const w = new LangTestWorld();
        await printIt(money + "Object subclass: #Counter instanceVariableNames: '' classVariableNames: 'N' package: 'Demo'. " +
            "Counter class compile: 'bump N := (N ifNil: [0]) + 1'. Counter class compile: 'n ^ N ifNil: [0]'. " +
            "Money compile: '= other Counter bump. ^ (other isKindOf: Money) and: [amount = other amount]'", w);
        expect(await printIt("((1 to: 200) collect: [:k | Money amount: k]) asSet size", w)).toBe("200");
        expect(await printIt("Counter n", w)).toBe("0");
        expect(await printIt("((1 to: 200) collect: [:k | Money amount: k \\\\ 10]) asSet size", w)).toBe("10");
        expect(await printIt("Counter n", w)).toBe("190");
    });

    it("refuses an = or hash that does not answer what it must, clearly", async () => {
        const w = new LangTestWorld();
        await printIt(money + "Money compile: 'hash ^ #notANumber'", w);
        expect((await errorOf("{Money amount: 1. Money amount: 1} asSet", w)).message).toContain("hash must answer an Integer");
        await printIt("Money compile: 'hash ^ 1'. Money compile: '= other ^ 3'", w);
        const error = await errorOf("{Money amount: 1. Money amount: 1} asSet", w);
        expect(error.message).toContain("= must answer true or false");
        expect((error as {userError?: boolean}).userError).toBe(true);
    });
});
