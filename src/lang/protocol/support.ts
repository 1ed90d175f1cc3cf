import {isBlockClosure} from "../BlockClosure.js";
import {PrimitiveFailedError} from "../errors.js";
import type {Frame} from "../Frame.js";
import type {Interpreter} from "../Interpreter.js";
import {printString} from "../printString.js";
import {Character} from "../values/Character.js";
import {Bag} from "../values/Bag.js";
import {Dictionary} from "../values/Dictionary.js";
import {Interval} from "../values/Interval.js";
import {OrderedCollection} from "../values/OrderedCollection.js";
import {StSet} from "../values/StSet.js";
import {StString} from "../values/StString.js";
import {StSymbol} from "../values/StSymbol.js";

/**
 * Helpers shared by the built-in protocols: argument checks that fail with a clear
 * PrimitiveFailedError, and loops over collections that stay synchronous until a block answers
 * a Promise and then continue from that element.
 */

const valueSelectors = ["value", "value:", "value:value:", "value:value:value:", "value:value:value:value:"];

/** Evaluates `callable` (a block, or anything that understands value:…, such as a Symbol) with `args`. */
export function valueOf(interpreter: Interpreter, callable: unknown, args: readonly unknown[], f: Frame): unknown {
    if (isBlockClosure(callable)) return interpreter.callBlock(callable, args, f);
    return interpreter.send(callable, valueSelectors[args.length] ?? "valueWithArguments:", args.length > 4 ? [args] : args, f);
}

/** Calls `fn` for each element, in order; a Promise from `fn` suspends the loop until it settles. */
export function forEach(items: readonly unknown[], fn: (item: unknown, index: number) => unknown, start = 0): unknown {
    for (let i = start; i < items.length; i++) {
        const r = fn(items[i], i);
        if (r instanceof Promise) return r.then(() => forEach(items, fn, i + 1));
    }
    return null;
}

/** The answers of `fn` for each element, in order. */
export function mapItems(items: readonly unknown[], fn: (item: unknown, index: number) => unknown, results: unknown[] = [], start = 0): unknown {
    for (let i = start; i < items.length; i++) {
        const r = fn(items[i], i);
        if (r instanceof Promise) return r.then((v) => {
            results[i] = v;
            return mapItems(items, fn, results, i + 1);
        });
        results[i] = r;
    }
    return results;
}

/** The index of the first element for which `test` answers true, or -1. */
export function findIndex(items: readonly unknown[], test: (item: unknown, index: number) => unknown, selector: string, start = 0): unknown {
    for (let i = start; i < items.length; i++) {
        const r = test(items[i], i);
        if (r instanceof Promise) return r.then((v) => (expectBoolean(v, selector) ? i : findIndex(items, test, selector, i + 1)));
        if (expectBoolean(r, selector)) return i;
    }
    return -1;
}

/**
 * The index of the first of `items` that `value = item` answers true for, when `value`'s class
 * defines `=` in Smalltalk (a class of one's own: the send is made, and may take its time);
 * undefined when it does not, and Smalltalk equality (stEquals) decides.
 */
export function indexOfEqual(items: readonly unknown[], value: unknown, f: Frame, i: Interpreter, selector: string): unknown {
    if (!i.hasSmalltalkMethod(value, "=")) return undefined;
    return findIndex(items, (item) => i.send(value, "=", [item], f), selector);
}

/** The elements for which `test` answers `keep`. */
export function filterItems(items: readonly unknown[], test: (item: unknown) => unknown, keep: boolean, selector: string, kept: unknown[] = [], start = 0): unknown {
    for (let i = start; i < items.length; i++) {
        const item = items[i];
        const r = test(item);
        if (r instanceof Promise) return r.then((v) => {
            if (expectBoolean(v, selector) === keep) kept.push(item);
            return filterItems(items, test, keep, selector, kept, i + 1);
        });
        if (expectBoolean(r, selector) === keep) kept.push(item);
    }
    return kept;
}

/** `inject:into:`: folds the elements into an accumulator. */
export function foldItems(items: readonly unknown[], accumulator: unknown, fn: (acc: unknown, item: unknown) => unknown, start = 0): unknown {
    let acc = accumulator;
    for (let i = start; i < items.length; i++) {
        const r = fn(acc, items[i]);
        if (r instanceof Promise) return r.then((v) => foldItems(items, v, fn, i + 1));
        acc = r;
    }
    return acc;
}

export function expectBoolean(value: unknown, selector: string): boolean {
    if (typeof value !== "boolean") throw new PrimitiveFailedError(selector, `the block must answer true or false, but answered ${printString(value)}.`);
    return value;
}

export function expectInteger(value: unknown, selector: string, what = "argument"): number {
    if (typeof value !== "number" || !Number.isSafeInteger(value)) throw new PrimitiveFailedError(selector, `the ${what} must be a SmallInteger, but was ${printString(value)}.`);
    return value;
}

/** A String (of either kind) or Symbol argument, as a JS string. */
export function expectString(value: unknown, selector: string, what = "argument"): string {
    if (typeof value === "string") return value;
    if (value instanceof StString) return value.toString();
    if (value instanceof StSymbol) return value.name;
    throw new PrimitiveFailedError(selector, `the ${what} must be a String, but was ${printString(value)}.`);
}

export function expectCallable(value: unknown, selector: string): unknown {
    if (value == null || typeof value === "number" || typeof value === "boolean")
        throw new PrimitiveFailedError(selector, `the argument must be a block, but was ${printString(value)}.`);
    return value;
}

/** A 1-based index checked against `size`, as a 0-based JS index. */
export function checkIndex(value: unknown, size: number, selector: string): number {
    const index = expectInteger(value, selector, "index");
    if (index < 1 || index > size) throw new PrimitiveFailedError(selector, `index ${index} is out of bounds: the collection has ${size} element${size === 1 ? "" : "s"}.`,
        {exception: "SubscriptOutOfBounds", messageText: `Index ${index} out of bounds`});
    return index - 1;
}

/** The elements of any collection, as an array (Strings as Characters, Dictionaries as values). */
export function elementsOf(collection: unknown): readonly unknown[] {
    if (typeof collection === "string") return stringElements(collection);
    if (collection instanceof StString) return stringElements(collection.toString());
    if (collection instanceof StSymbol) return stringElements(collection.name);
    if (Array.isArray(collection)) return collection;
    if (collection instanceof OrderedCollection) return collection.items;
    if (collection instanceof StSet) return collection.values();
    if (collection instanceof Dictionary) return collection.associations().map((a) => a.value);
    if (collection instanceof Interval) return collection.elements();
    if (collection instanceof Bag) return collection.values();
    throw new PrimitiveFailedError("do:", `${printString(collection)} is not a collection.`);
}

function stringElements(text: string): Character[] {
    const chars = new Array<Character>(text.length);
    for (let i = 0; i < text.length; i++) chars[i] = Character.of(text.charCodeAt(i));
    return chars;
}

/** A new collection like `like` holding `items`: a String stays a (new, changeable) String when every item is a Character. */
export function rebuild(like: unknown, items: unknown[]): unknown {
    if (typeof like === "string" || like instanceof StString || like instanceof StSymbol) {
        if (items.every((item) => item instanceof Character)) return new StString((items as Character[]).map((c) => c.string).join(""));
        return items;
    }
    if (like instanceof OrderedCollection) return new OrderedCollection(items);
    if (like instanceof StSet) {
        const set = new StSet();
        for (const item of items) set.add(item);
        return set;
    }
    return items;
}

/** Charges the step budget for work proportional to `n` elements (copies, fills), so huge allocations stop cleanly. */
export function chargeFor(f: Frame, n: number): void {
    f.exec.charge(Math.ceil(n / 16));
}
