import {classes, classOf} from "../classes.js";
import {PrimitiveFailedError} from "../errors.js";
import {stEquals} from "../equality.js";
import type {Frame} from "../Frame.js";
import type {Interpreter} from "../Interpreter.js";
import {printString} from "../printString.js";
import {andThen} from "../sequence.js";
import {Association} from "../values/Association.js";
import {Bag} from "../values/Bag.js";
import {ByteArray} from "../values/ByteArray.js";
import {Character} from "../values/Character.js";
import {Dictionary} from "../values/Dictionary.js";
import {OrderedCollection} from "../values/OrderedCollection.js";
import {SortedCollection} from "../values/SortedCollection.js";
import {SortFunction} from "../values/SortFunction.js";
import {StSet} from "../values/StSet.js";
import type {Stream} from "../values/Stream.js";
import {stringText} from "../values/StString.js";
import {OwnEquality} from "./OwnEquality.js";
import {StSymbol} from "../values/StSymbol.js";
import {
    chargeFor, elementsOf, expectInteger, expectString, filterItems, findIndex, foldItems, forEach, mapItems, rebuild, valueOf
} from "./support.js";

/** The answer of `fn` for each element, then the element whose answer is the largest (`better` says which wins). */
function detectBy(self: unknown, block: unknown, f: Frame, i: Interpreter, better: "<" | ">"): unknown {
    const items = elementsOf(self);
    if (items.length === 0) return null;
    return andThen(mapItems(items, (x) => valueOf(i, block, [x], f)), (keys) => {
        const values = keys as unknown[];
        let best = 0;
        const next = (k: number): unknown => {
            for (; k < items.length; k++) {
                const r = i.send(values[k], better, [values[best]], f);
                if (r instanceof Promise) return r.then((v) => {
                    if (v === true) best = k;
                    return next(k + 1);
                });
                if (r === true) best = k;
            }
            return items[best];
        };
        return next(1);
    });
}

function sum(items: readonly unknown[], f: Frame, i: Interpreter): unknown {
    if (items.length === 0) return 0;
    return foldItems(items.slice(1), items[0], (acc, x) => i.send(acc, "+", [x], f));
}

/** Inserts `value` where `sorted`'s sort block puts it (after equal elements). */
function insertSorted(sorted: SortedCollection, value: unknown, f: Frame, i: Interpreter): unknown {
    const items = sorted.items;
    const before = (a: unknown, b: unknown): unknown => sorted.sortBlock == null ? i.send(a, "<=", [b], f) : valueOf(i, sorted.sortBlock, [a, b], f);
    const step = (lo: number, hi: number): unknown => {
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            const r = before(items[mid], value);
            if (r instanceof Promise) return r.then((v) => (v === true ? step(mid + 1, hi) : step(lo, mid)));
            if (r === true) lo = mid + 1;
            else hi = mid;
        }
        items.splice(lo, 0, value);
        return value;
    };
    return step(0, items.length);
}

function sortedCollection(items: readonly unknown[], block: unknown, f: Frame, i: Interpreter): unknown {
    const sorted = new SortedCollection([], block);
    chargeFor(f, items.length * 4);
    return andThen(forEach(items, (x) => insertSorted(sorted, x, f, i)), () => sorted);
}

function count(n: unknown, size: number, selector: string): number {
    const k = expectInteger(n, selector);
    if (k < 0 || k > size) throw new PrimitiveFailedError(selector, `cannot take ${k} elements from a collection of ${size}.`, {exception: "CollectionIsEmpty"});
    return k;
}

/** The object `bag` counts `value` under: an equal element already counted, when `value`'s class defines = (see OwnEquality). */
function bagKey(bag: Bag, value: unknown, eq: OwnEquality): unknown {
    if (!eq.applies(value)) return value;
    const counted = bag.entries().map((e) => e.value);
    const k = eq.indexIn(counted, value);
    return k < 0 ? value : counted[k];
}

function text(self: unknown): string {
    return stringText(self) ?? (self as StSymbol).name;
}

/** A stream's next `n` elements (fewer at the end), as its collection's kind. */
function streamTake(self: Stream, items: unknown[]): unknown {
    return self.onString ? items.map((c) => (c instanceof Character ? c.string : String(c))).join("") : items;
}

/** Everyday Pharo protocol the first protocols lacked: collections, strings, streams, sorting, Bags, Intervals. */
export function installPharoProtocol(): void {
    classes.Collection.define<unknown>({
        "noneSatisfy:": (self, [block], f, i) => andThen(findIndex(elementsOf(self), (x) => valueOf(i, block, [x], f), "noneSatisfy:"), (n) => n === -1),
        "average": (self, _a, f, i) => {
            const items = elementsOf(self);
            if (items.length === 0) throw new PrimitiveFailedError("average", "the collection is empty.", {exception: "CollectionIsEmpty"});
            return andThen(sum(items, f, i), (total) => i.send(total, "/", [items.length], f));
        },
        "sum": (self, _a, f, i) => sum(elementsOf(self), f, i),
        "detectSum:": (self, [block], f, i) => andThen(mapItems(elementsOf(self), (x) => valueOf(i, block, [x], f)), (r) => sum(r as unknown[], f, i)),
        "sum:": (self, [block], f, i) => andThen(mapItems(elementsOf(self), (x) => valueOf(i, block, [x], f)), (r) => sum(r as unknown[], f, i)),
        "detectMax:": (self, [block], f, i) => detectBy(self, block, f, i, ">"),
        "detectMin:": (self, [block], f, i) => detectBy(self, block, f, i, "<"),
        "includesAll:": (self, [other]) => elementsOf(other).every((x) => elementsOf(self).some((y) => stEquals(x, y))),
        "includesAny:": (self, [other]) => elementsOf(other).some((x) => elementsOf(self).some((y) => stEquals(x, y))),
        "ifEmpty:ifNotEmpty:": (self, [empty, notEmpty], f, i) => elementsOf(self).length === 0 ? valueOf(i, empty, [], f) : valueOf(i, notEmpty, [self], f),
        "ifNotEmpty:ifEmpty:": (self, [notEmpty, empty], f, i) => elementsOf(self).length === 0 ? valueOf(i, empty, [], f) : valueOf(i, notEmpty, [self], f),
        "flatCollect:": (self, [block], f, i) => andThen(mapItems(elementsOf(self), (x) => valueOf(i, block, [x], f)),
            (r) => rebuild(self instanceof OrderedCollection ? new OrderedCollection() : [], (r as unknown[]).flatMap((c) => [...elementsOf(c)]))),
        "copyWithout:": (self, [value]) => rebuild(self, elementsOf(self).filter((x) => !stEquals(x, value))),
        "asBag": (self) => {
            const bag = new Bag();
            for (const x of elementsOf(self)) bag.add(x);
            return bag;
        },
        "asSortedCollection": (self, _a, f, i) => sortedCollection(elementsOf(self), null, f, i),
        "asSortedCollection:": (self, [block], f, i) => sortedCollection(elementsOf(self), block, f, i),
        "asDictionary": (self) => {
            const d = new Dictionary();
            for (const a of elementsOf(self)) {
                if (!(a instanceof Association)) throw new PrimitiveFailedError("asDictionary", `the elements must be Associations (key -> value), not ${printString(a)}.`);
                d.set(a.key, a.value);
            }
            return d;
        },
        "isLiteral": (self) => Array.isArray(self) && Object.isFrozen(self)
    });
    classes.SequenceableCollection.define<unknown>({
        "second": (self) => {
            const items = elementsOf(self);
            if (items.length < 2) throw new PrimitiveFailedError("second", "the collection has no second element.", {exception: "SubscriptOutOfBounds", messageText: "Index 2 out of bounds"});
            return items[1];
        },
        "third": (self) => {
            const items = elementsOf(self);
            if (items.length < 3) throw new PrimitiveFailedError("third", "the collection has no third element.", {exception: "SubscriptOutOfBounds", messageText: "Index 3 out of bounds"});
            return items[2];
        },
        "collectWithIndex:": (self, [block], f, i) => andThen(mapItems(elementsOf(self), (x, n) => valueOf(i, block, [x, n + 1], f)), (r) => rebuild(self, r as unknown[])),
        "pairsCollect:": (self, [block], f, i) => {
            const items = elementsOf(self);
            const pairs: [unknown, unknown][] = [];
            for (let k = 0; k + 1 < items.length; k += 2) pairs.push([items[k], items[k + 1]]);
            return mapItems(pairs, (p) => valueOf(i, block, p as unknown[], f));
        },
        "pairsDo:": (self, [block], f, i) => {
            const items = elementsOf(self);
            const pairs: [unknown, unknown][] = [];
            for (let k = 0; k + 1 < items.length; k += 2) pairs.push([items[k], items[k + 1]]);
            return andThen(forEach(pairs, (p) => valueOf(i, block, p as unknown[], f)), () => self);
        },
        "copyReplaceAll:with:": (self, [old, replacement]) => {
            const items = elementsOf(self), pattern = elementsOf(old), by = elementsOf(replacement);
            const out: unknown[] = [];
            for (let k = 0; k < items.length;) {
                if (pattern.length > 0 && pattern.every((p, j) => stEquals(items[k + j], p))) {
                    out.push(...by);
                    k += pattern.length;
                } else out.push(items[k++]);
            }
            return rebuild(self, out);
        },
        "allButFirst:": (self, [n]) => rebuild(self, elementsOf(self).slice(expectInteger(n, "allButFirst:"))),
        "allButLast:": (self, [n]) => rebuild(self, elementsOf(self).slice(0, Math.max(elementsOf(self).length - expectInteger(n, "allButLast:"), 0))),
        "indexOf:ifAbsent:": (self, [value, none], f, i) => {
            const n = elementsOf(self).findIndex((x) => stEquals(x, value));
            return n < 0 ? valueOf(i, none, [], f) : n + 1;
        }
    });
    classes.OrderedCollection.define<OrderedCollection>({
        "removeFirst:": (self, [n]) => self.items.splice(0, count(n, self.items.length, "removeFirst:")),
        "removeLast:": (self, [n]) => self.items.splice(self.items.length - count(n, self.items.length, "removeLast:")),
        "removeAll:": (self, [other]) => {
            for (const x of elementsOf(other)) {
                const k = self.items.findIndex((y) => stEquals(x, y));
                if (k < 0) throw new PrimitiveFailedError("removeAll:", `${printString(x)} is not in the collection.`, {exception: "NotFound", messageText: "Object is not in the collection."});
                self.items.splice(k, 1);
            }
            return other;
        },
        "removeAllSuchThat:": (self, [block], f, i) => andThen(filterItems(self.items, (x) => valueOf(i, block, [x], f), false, "removeAllSuchThat:"), (kept) => {
            self.items = kept as unknown[];
            return self;
        }),
        "add:beforeIndex:": (self, [value, index]) => {
            const k = expectInteger(index, "add:beforeIndex:");
            if (k < 1 || k > self.items.length + 1) throw new PrimitiveFailedError("add:beforeIndex:", `index ${k} is out of bounds.`, {exception: "SubscriptOutOfBounds"});
            self.items.splice(k - 1, 0, value);
            return value;
        },
        "addAllFirst:": (self, [other]) => {
            self.items.unshift(...elementsOf(other));
            return other;
        },
        "addAllLast:": (self, [other]) => {
            self.items.push(...elementsOf(other));
            return other;
        },
        "removeAll": (self) => {
            self.items = [];
            return self;
        }
    });
    const refuse = (selector: string) => () => {
        throw new PrimitiveFailedError(selector, "a SortedCollection keeps its own order; use add:.", {exception: "Error", messageText: "This message is not appropriate for this object"});
    };
    classes.SortedCollection.define<SortedCollection>({
        "add:": (self, [value], f, i) => insertSorted(self, value, f, i),
        "addAll:": (self, [other], f, i) => andThen(forEach(elementsOf(other), (x) => insertSorted(self, x, f, i)), () => other),
        "addFirst:": refuse("addFirst:"),
        "addLast:": refuse("addLast:"),
        "at:put:": refuse("at:put:"),
        "sortBlock": (self) => self.sortBlock,
        "collect:": (self, [block], f, i) => andThen(mapItems(self.items, (x) => valueOf(i, block, [x], f)), (r) => new OrderedCollection(r as unknown[])),
        "select:": (self, [block], f, i) => andThen(filterItems(self.items, (x) => valueOf(i, block, [x], f), true, "select:"), (r) => new SortedCollection(r as unknown[], self.sortBlock)),
        "reject:": (self, [block], f, i) => andThen(filterItems(self.items, (x) => valueOf(i, block, [x], f), false, "reject:"), (r) => new SortedCollection(r as unknown[], self.sortBlock)),
        "copy": (self) => new SortedCollection([...self.items], self.sortBlock)
    });
    classes.SortedCollection.defineClassSide({
        "new": () => new SortedCollection(),
        "sortBlock:": (_c, [block]) => new SortedCollection([], block)
    });
    classes.Bag.define<Bag>({
        "add:": (self, [value], f, i) => {
            self.add(bagKey(self, value, new OwnEquality(f, i, "add:")));
            return value;
        },
        "add:withOccurrences:": (self, [value, n], f, i) => {
            self.add(bagKey(self, value, new OwnEquality(f, i, "add:withOccurrences:")), expectInteger(n, "add:withOccurrences:"));
            return value;
        },
        "addAll:": (self, [other], f, i) => {
            const eq = new OwnEquality(f, i, "addAll:");
            for (const x of elementsOf(other)) self.add(bagKey(self, x, eq));
            return other;
        },
        "occurrencesOf:": (self, [value], f, i) => self.occurrencesOf(bagKey(self, value, new OwnEquality(f, i, "occurrencesOf:"))),
        "remove:": (self, [value], f, i) => {
            if (!self.remove(bagKey(self, value, new OwnEquality(f, i, "remove:")))) throw new PrimitiveFailedError("remove:", `${printString(value)} is not in the Bag.`, {exception: "NotFound", messageText: "Object is not in the collection."});
            return value;
        },
        "remove:ifAbsent:": (self, [value, none], f, i) => self.remove(bagKey(self, value, new OwnEquality(f, i, "remove:ifAbsent:"))) ? value : valueOf(i, none, [], f),
        "size": (self) => self.size,
        "asSet": (self) => {
            const set = new StSet();
            for (const e of self.entries()) set.add(e.value);
            return set;
        },
        "copy": (self) => {
            const bag = new Bag();
            for (const e of self.entries()) bag.add(e.value, e.count);
            return bag;
        }
    });
    classes.Bag.defineClassSide({
        "new": () => new Bag(),
        "withAll:": (_c, [other], f, i) => {
            const bag = new Bag();
            const eq = new OwnEquality(f, i, "withAll:");
            for (const x of elementsOf(other)) bag.add(bagKey(bag, x, eq));
            return bag;
        }
    });
    classes.Interval.define<unknown>({
        "at:put:": () => {
            throw new PrimitiveFailedError("at:put:", "an Interval cannot be changed; send asArray first.");
        },
        "reversed": (self, _a, f, i) => {
            const iv = self as {first: unknown, last: unknown, step: unknown};
            const items = elementsOf(self);
            const last = items.length > 0 ? items[items.length - 1] : iv.last;
            return andThen(i.send(iv.step, "negated", [], f), (step) => i.send(last, "to:by:", [iv.first, step], f));
        },
        "isInterval": () => true
    });
    classes.ByteArray.define<ByteArray>({
        "at:put:": (self, [index, value]) => {
            if (Object.isFrozen(self)) throw new PrimitiveFailedError("at:put:", "literal ByteArrays are read-only. Send copy first.", {exception: "ModificationForbidden"});
            const k = expectInteger(index, "at:put:", "index");
            if (k < 1 || k > self.length) throw new PrimitiveFailedError("at:put:", `index ${k} is out of bounds.`, {exception: "SubscriptOutOfBounds", messageText: `Index ${k} out of bounds`});
            if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 255) throw new PrimitiveFailedError("at:put:", `a ByteArray holds integers from 0 to 255, not ${printString(value)}.`);
            self[k - 1] = value;
            return value;
        },
        "asString": (self) => String.fromCharCode(...self),
        "copy": (self) => ByteArray.fromBytes(self),
        ",": (self, [other]) => {
            const items = [...self, ...elementsOf(other)];
            return items.every((b) => typeof b === "number" && b >= 0 && b <= 255) ? ByteArray.fromBytes(items as number[]) : items;
        },
        "isLiteral": () => true
    });
    classes.ByteArray.defineClassSide({
        "new:": (_c, [n], f) => {
            const size = expectInteger(n, "new:", "size");
            if (size < 0 || size > 10_000_000) throw new PrimitiveFailedError("new:", `a ByteArray of size ${size} cannot be made.`);
            chargeFor(f, size);
            return ByteArray.fromBytes(new Array<number>(size).fill(0));
        },
        "new": () => new ByteArray()
    });

    classes.String.define<unknown>({
        "subStrings:": (self, [separators]) => {
            const seps = expectString(separators, "subStrings:");
            return text(self).split(new RegExp(`[${seps.replace(/[\]\\^-]/g, "\\$&")}]+`)).filter((p) => p.length > 0);
        },
        "findTokens:": (self, [separators]) => {
            const seps = separators instanceof Character ? separators.string : expectString(separators, "findTokens:");
            return new OrderedCollection(text(self).split(new RegExp(`[${seps.replace(/[\]\\^-]/g, "\\$&")}]+`)).filter((p) => p.length > 0));
        },
        "splitOn:": (self, [separator]) => new OrderedCollection(text(self).split(separator instanceof Character ? separator.string : expectString(separator, "splitOn:"))),
        "trimLeft": (self) => text(self).replace(/^\s+/, ""),
        "trimRight": (self) => text(self).replace(/\s+$/, ""),
        "capitalized": (self) => text(self).length === 0 ? text(self) : text(self)[0]!.toUpperCase() + text(self).slice(1),
        "copyReplacing:with:": (self, [old, by]) => {
            if (!(old instanceof Character) || !(by instanceof Character)) throw new PrimitiveFailedError("copyReplacing:with:", "both must be Characters.");
            return text(self).split(old.string).join(by.string);
        },
        "sameAs:": (self, [other]) => text(self).toLowerCase() === expectString(other, "sameAs:").toLowerCase(),
        "asByteArray": (self) => ByteArray.fromBytes([...new TextEncoder().encode(text(self))]),
        "occurrencesOfString:": (self, [sub]) => {
            const s = text(self), p = expectString(sub, "occurrencesOfString:");
            if (p.length === 0) return 0;
            let n = 0;
            for (let k = s.indexOf(p); k >= 0; k = s.indexOf(p, k + p.length)) n++;
            return n;
        },
        "copyWithout:": (self, [value]) => value instanceof Character ? text(self).split(value.string).join("") : text(self),
        "copyWith:": (self, [value]) => {
            if (!(value instanceof Character)) throw new PrimitiveFailedError("copyWith:", `a String holds Characters, not ${printString(value)}.`);
            return text(self) + value.string;
        },
        "isLiteral": () => true,
        "storeString": (self) => printString(self),
        "asSymbol": (self) => StSymbol.intern(text(self))
    });
    classes.String.defineClassSide({
        "new:withAll:": (_c, [n, c], f) => {
            const size = expectInteger(n, "new:withAll:", "size");
            if (size < 0 || size > 10_000_000) throw new PrimitiveFailedError("new:withAll:", `a String of size ${size} cannot be made.`);
            if (!(c instanceof Character)) throw new PrimitiveFailedError("new:withAll:", `a String holds Characters, not ${printString(c)}.`);
            chargeFor(f, size);
            return c.string.repeat(size);
        },
        "with:with:": (_c, args) => args.map((c) => (c instanceof Character ? c.string : printString(c))).join(""),
        "with:with:with:": (_c, args) => args.map((c) => (c instanceof Character ? c.string : printString(c))).join("")
    });
    classes.Character.define<Character>({
        "max:": (self, [other]) => other instanceof Character && other.code > self.code ? other : self,
        "min:": (self, [other]) => other instanceof Character && other.code < self.code ? other : self,
        "between:and:": (self, [lo, hi]) => lo instanceof Character && hi instanceof Character && self.code >= lo.code && self.code <= hi.code,
        "isLiteral": () => true,
        "storeString": (self) => printString(self)
    });
    classes.Symbol.define<StSymbol>({
        "ascending": (self) => new SortFunction(self, 1),
        "descending": (self) => new SortFunction(self, -1),
        "storeString": (self) => printString(self)
    });
    classes.Object.define<unknown>({
        "storeString": (self) => printString(self),
        "isLiteral": () => false,
        "isPoint": () => false,
        "isInterval": () => false,
        "size": () => 0,
        "basicSize": () => 0,
    });
    classes.Stream.define<Stream>({
        "next:": (self, [n]) => {
            const k = expectInteger(n, "next:");
            const items = self.items.slice(self.position, self.position + Math.max(k, 0));
            self.position += items.length;
            return streamTake(self, items);
        },
        "upTo:": (self, [value]) => {
            const items: unknown[] = [];
            while (self.position < self.items.length) {
                const raw = self.items[self.position++];
                const item = self.onString && typeof raw === "string" ? Character.fromString(raw) : raw;
                if (stEquals(item, value)) break;
                items.push(item);
            }
            return streamTake(self, items);
        },
        "skipSeparators": (self) => {
            while (self.position < self.items.length) {
                const raw = self.items[self.position];
                const c = raw instanceof Character ? raw.string : String(raw);
                if (!/^\s$/.test(c)) break;
                self.position++;
            }
            return self;
        },
        "reset": (self) => {
            self.position = 0;
            return self;
        },
        "position": (self) => self.position,
        "position:": (self, [n]) => {
            self.position = Math.min(Math.max(expectInteger(n, "position:"), 0), self.items.length);
            return self;
        }
    });
    /** A class or persona named `key`, or undefined (Transcript, Image and Smalltalk are read through readGlobal). */
    const globalAt = (i: Interpreter, key: unknown): unknown => {
        const name = expectString(key, "at:", "key");
        return i.classNamed(name) ?? (i.host.persona(name) ?? undefined);
    };
    classes.SmalltalkImage.define<unknown>({
        "at:": (_self, [key], f, i) => {
            const found = globalAt(i, key);
            if (found === undefined) {
                const name = expectString(key, "at:", "key");
                if (["Transcript", "Image", "Smalltalk"].includes(name)) return i.readGlobal(name, null, f, f.at);
                throw new PrimitiveFailedError("at:", `there is no global named ${name}.`, {exception: "KeyNotFound", messageText: `key #${name} not found in SystemDictionary`});
            }
            return found;
        },
        "at:ifAbsent:": (_self, [key, none], f, i) => {
            const name = expectString(key, "at:ifAbsent:", "key");
            if (["Transcript", "Image", "Smalltalk"].includes(name)) return i.readGlobal(name, null, f, f.at);
            return globalAt(i, key) ?? valueOf(i, none, [], f);
        },
        "includesKey:": (_self, [key], _f, i) => {
            const name = expectString(key, "includesKey:", "key");
            return ["Transcript", "Image", "Smalltalk"].includes(name) || globalAt(i, key) != null;
        },
        "globals": (self) => self
    });
    classes.SmallInteger.defineClassSide({
        "maxVal": () => (1n << 60n) - 1n,
        "minVal": () => -(1n << 60n)
    });
    classes.Interval.define<unknown>({
        "=": (self, [other]) => classOf(other) === classes.Interval && elementsOf(self).length === elementsOf(other).length &&
            elementsOf(self).every((x, k) => stEquals(x, elementsOf(other)[k]))
    });
    classes.SortFunction.define<SortFunction>({
        "value:value:": (self, [a, b], f, i) => andThen(i.send(a, self.selector.name, [], f), (x) => andThen(i.send(b, self.selector.name, [], f),
            (y) => i.send(x, self.direction === 1 ? "<=" : ">=", [y], f))),
        "numArgs": () => 2,
        "reversed": (self) => new SortFunction(self.selector, self.direction === 1 ? -1 : 1)
    });
}
