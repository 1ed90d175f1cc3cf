import {classes} from "../classes.js";
import {PrimitiveFailedError} from "../errors.js";
import {stEquals} from "../equality.js";
import type {Frame} from "../Frame.js";
import type {Interpreter} from "../Interpreter.js";
import {printString} from "../printString.js";
import {andThen} from "../sequence.js";
import {Character} from "../values/Character.js";
import {OrderedCollection} from "../values/OrderedCollection.js";
import {StSet} from "../values/StSet.js";
import {stringText} from "../values/StString.js";
import {OwnEquality} from "./OwnEquality.js";
import {
    checkIndex, chargeFor, elementsOf, expectInteger, filterItems, findIndex, foldItems, forEach, indexOfEqual, mapItems, rebuild, valueOf
} from "./support.js";

/** Collections bigger than this are refused at creation. */
export const maxCollectionSize = 10_000_000;

export function sortedCopy(items: readonly unknown[], block: unknown, f: Frame, interpreter: Interpreter): unknown[] {
    const copy = [...items];
    copy.sort((a, b) => {
        const r = block == null ? interpreter.send(a, "<=", [b], f) : valueOf(interpreter, block, [a, b], f);
        if (r instanceof Promise) throw new PrimitiveFailedError("sort:", "the sort block must answer at once; it cannot wait for a persona's reply.");
        if (typeof r !== "boolean") throw new PrimitiveFailedError("sort:", `the sort block must answer true or false, but answered ${printString(r)}.`);
        return r ? -1 : 1;
    });
    return copy;
}

function writable(self: unknown[] | OrderedCollection, selector: string): unknown[] {
    if (self instanceof OrderedCollection) return self.items;
    if (Object.isFrozen(self)) throw new PrimitiveFailedError(selector, "literal arrays are read-only. Send copy first: (#(1 2 3) copy) at: 1 put: 9.");
    return self;
}

function sequence(self: unknown): readonly unknown[] {
    return elementsOf(self);
}

function checkSize(n: unknown, selector: string, f: Frame): number {
    const size = expectInteger(n, selector, "size");
    if (size < 0 || size > maxCollectionSize) throw new PrimitiveFailedError(selector, `a collection of size ${size} cannot be made (0 to ${maxCollectionSize}).`);
    chargeFor(f, size);
    return size;
}

function concatenated(self: unknown, other: unknown, f: Frame): unknown {
    const items = [...sequence(self), ...elementsOf(other)];
    if (items.length > maxCollectionSize) throw new PrimitiveFailedError(",", "the result would be too large.");
    chargeFor(f, items.length);
    return rebuild(self, items);
}

/** The protocol of every collection, then sequences, Arrays and OrderedCollections. */
export function installCollectionProtocol(): void {
    classes.Collection.define<unknown>({
        "size": (self) => elementsOf(self).length,
        "isEmpty": (self) => elementsOf(self).length === 0,
        "notEmpty": (self) => elementsOf(self).length > 0,
        "isEmptyOrNil": (self) => elementsOf(self).length === 0,
        "isCollection": () => true,
        "ifEmpty:": (self, [block], f, i) => elementsOf(self).length === 0 ? valueOf(i, block, [], f) : self,
        "ifNotEmpty:": (self, [block], f, i) => elementsOf(self).length > 0 ? valueOf(i, block, [self], f) : self,
        "do:": (self, [block], f, i) => andThen(forEach(elementsOf(self), (x) => valueOf(i, block, [x], f)), () => self),
        "do:separatedBy:": (self, [block, between], f, i) => andThen(forEach(elementsOf(self), (x, n) =>
            n === 0 ? valueOf(i, block, [x], f) : andThen(valueOf(i, between, [], f), () => valueOf(i, block, [x], f))), () => self),
        "collect:": (self, [block], f, i) => andThen(mapItems(elementsOf(self), (x) => valueOf(i, block, [x], f)), (r) => rebuild(self, r as unknown[])),
        "select:": (self, [block], f, i) => andThen(filterItems(elementsOf(self), (x) => valueOf(i, block, [x], f), true, "select:"), (r) => rebuild(self, r as unknown[])),
        "reject:": (self, [block], f, i) => andThen(filterItems(elementsOf(self), (x) => valueOf(i, block, [x], f), false, "reject:"), (r) => rebuild(self, r as unknown[])),
        "detect:": (self, [block], f, i) => {
            const items = elementsOf(self);
            return andThen(findIndex(items, (x) => valueOf(i, block, [x], f), "detect:"), (n) => {
                if (n === -1) throw new PrimitiveFailedError("detect:", "no element satisfies the block; use detect:ifNone: to give a default.", {exception: "NotFound", messageText: "Object is not in the collection."});
                return items[n as number];
            });
        },
        "detect:ifNone:": (self, [block, none], f, i) => {
            const items = elementsOf(self);
            return andThen(findIndex(items, (x) => valueOf(i, block, [x], f), "detect:ifNone:"), (n) =>
                n === -1 ? valueOf(i, none, [], f) : items[n as number]);
        },
        "anySatisfy:": (self, [block], f, i) => andThen(findIndex(elementsOf(self), (x) => valueOf(i, block, [x], f), "anySatisfy:"), (n) => n !== -1),
        "allSatisfy:": (self, [block], f, i) => andThen(findIndex(elementsOf(self), (x) => andThen(valueOf(i, block, [x], f), (v) => v === false ? true : v === true ? false : v), "allSatisfy:"), (n) => n === -1),
        "count:": (self, [block], f, i) => andThen(filterItems(elementsOf(self), (x) => valueOf(i, block, [x], f), true, "count:"), (r) => (r as unknown[]).length),
        "inject:into:": (self, [initial, block], f, i) => foldItems(elementsOf(self), initial, (acc, x) => valueOf(i, block, [acc, x], f)),
        "includes:": (self, [value], f, i) => {
            const items = elementsOf(self);
            const own = indexOfEqual(items, value, f, i, "includes:");
            return own === undefined ? items.some((x) => stEquals(x, value)) : andThen(own, (n) => n !== -1);
        },
        "occurrencesOf:": (self, [value], f, i) => {
            const eq = new OwnEquality(f, i, "occurrencesOf:");
            return eq.applies(value) ? eq.countIn(elementsOf(self), value) : elementsOf(self).filter((x) => stEquals(x, value)).length;
        },
        "anyOne": (self) => {
            const items = elementsOf(self);
            if (items.length === 0) throw new PrimitiveFailedError("anyOne", "the collection is empty.");
            return items[0];
        },
        "sum": (self, _a, f, i) => {
            const items = elementsOf(self);
            return items.length === 0 ? 0 : foldItems(items.slice(1), items[0], (acc, x) => i.send(acc, "+", [x], f));
        },
        "max": (self, _a, f, i) => {
            const items = elementsOf(self);
            if (items.length === 0) throw new PrimitiveFailedError("max", "the collection is empty.");
            return foldItems(items.slice(1), items[0], (acc, x) => i.send(acc, "max:", [x], f));
        },
        "min": (self, _a, f, i) => {
            const items = elementsOf(self);
            if (items.length === 0) throw new PrimitiveFailedError("min", "the collection is empty.");
            return foldItems(items.slice(1), items[0], (acc, x) => i.send(acc, "min:", [x], f));
        },
        "asArray": (self, _a, f) => {
            chargeFor(f, elementsOf(self).length);
            return [...elementsOf(self)];
        },
        "asOrderedCollection": (self, _a, f) => {
            chargeFor(f, elementsOf(self).length);
            return new OrderedCollection([...elementsOf(self)]);
        },
        "asSet": (self, _a, f, i) => {
            const set = new StSet();
            new OwnEquality(f, i, "asSet").addAll(set, elementsOf(self));
            return set;
        },
        "asBag": (self) => [...elementsOf(self)],
        "sorted": (self, _a, f, i) => sortedCopy(elementsOf(self), null, f, i),
        "sorted:": (self, [block], f, i) => sortedCopy(elementsOf(self), block, f, i),
        "asSortedCollection": (self, _a, f, i) => new OrderedCollection(sortedCopy(elementsOf(self), null, f, i)),
        "asSortedCollection:": (self, [block], f, i) => new OrderedCollection(sortedCopy(elementsOf(self), block, f, i))
    });

    classes.SequenceableCollection.define<unknown>({
        "at:": (self, [index]) => {
            const items = sequence(self);
            return items[checkIndex(index, items.length, "at:")];
        },
        "at:ifAbsent:": (self, [index, block], f, i) => {
            const items = sequence(self);
            return typeof index === "number" && Number.isInteger(index) && index >= 1 && index <= items.length ? items[index - 1] : valueOf(i, block, [], f);
        },
        "first": (self) => {
            const items = sequence(self);
            if (items.length === 0) throw new PrimitiveFailedError("first", "the collection is empty.");
            return items[0];
        },
        "last": (self) => {
            const items = sequence(self);
            if (items.length === 0) throw new PrimitiveFailedError("last", "the collection is empty.");
            return items[items.length - 1];
        },
        "first:": (self, [n]) => rebuild(self, sequence(self).slice(0, Math.max(0, expectInteger(n, "first:")))),
        "last:": (self, [n]) => {
            const items = sequence(self);
            return rebuild(self, items.slice(Math.max(0, items.length - Math.max(0, expectInteger(n, "last:")))));
        },
        "allButFirst": (self) => rebuild(self, sequence(self).slice(1)),
        "allButLast": (self) => rebuild(self, sequence(self).slice(0, -1)),
        "indexOf:": (self, [value], f, i) => {
            const eq = new OwnEquality(f, i, "indexOf:");
            return (eq.applies(value) ? eq.indexIn(sequence(self), value) : sequence(self).findIndex((x) => stEquals(x, value))) + 1;
        },
        "copyFrom:to:": (self, [from, to]) => {
            const items = sequence(self);
            const start = expectInteger(from, "copyFrom:to:"), end = expectInteger(to, "copyFrom:to:");
            if (start < 1 || end > items.length || end < start - 1) throw new PrimitiveFailedError("copyFrom:to:", `${start} to ${end} is outside 1 to ${items.length}.`);
            return rebuild(self, items.slice(start - 1, end));
        },
        "copyWith:": (self, [value], f) => concatenated(self, [value], f),
        "reversed": (self) => rebuild(self, [...sequence(self)].reverse()),
        "reverse": (self) => rebuild(self, [...sequence(self)].reverse()),
        ",": (self, [other], f) => concatenated(self, other, f),
        "doWithIndex:": (self, [block], f, i) => andThen(forEach(sequence(self), (x, n) => valueOf(i, block, [x, n + 1], f)), () => self),
        "withIndexDo:": (self, [block], f, i) => andThen(forEach(sequence(self), (x, n) => valueOf(i, block, [x, n + 1], f)), () => self),
        "keysAndValuesDo:": (self, [block], f, i) => andThen(forEach(sequence(self), (x, n) => valueOf(i, block, [n + 1, x], f)), () => self),
        "withIndexCollect:": (self, [block], f, i) => andThen(mapItems(sequence(self), (x, n) => valueOf(i, block, [x, n + 1], f)), (r) => rebuild(self, r as unknown[])),
        "reverseDo:": (self, [block], f, i) => andThen(forEach([...sequence(self)].reverse(), (x) => valueOf(i, block, [x], f)), () => self),
        "with:collect:": (self, [other, block], f, i) => {
            const a = sequence(self), b = elementsOf(other);
            if (a.length !== b.length) throw new PrimitiveFailedError("with:collect:", "both collections must have the same size.");
            return andThen(mapItems(a, (x, n) => valueOf(i, block, [x, b[n]], f)), (r) => rebuild(self, r as unknown[]));
        },
        "with:do:": (self, [other, block], f, i) => {
            const a = sequence(self), b = elementsOf(other);
            if (a.length !== b.length) throw new PrimitiveFailedError("with:do:", "both collections must have the same size.");
            return andThen(forEach(a, (x, n) => valueOf(i, block, [x, b[n]], f)), () => self);
        },
        "joinUsing:": (self, [separator]) => sequence(self).map((x) => stringText(x) ?? (x instanceof Character ? x.string : printString(x)))
            .join(stringText(separator) ?? (separator instanceof Character ? separator.string : printString(separator)))
    });

    classes.Array.define<unknown[]>({
        "isArray": () => true,
        "size": (self) => self.length,
        "at:put:": (self, [index, value]) => {
            const items = writable(self, "at:put:");
            items[checkIndex(index, items.length, "at:put:")] = value;
            return value;
        },
        "add:": () => {
            throw new PrimitiveFailedError("add:", "Arrays have a fixed size. Use an OrderedCollection (OrderedCollection new add: x; yourself) or copyWith:.");
        },
        "sort": (self, _a, f, i) => {
            const sorted = sortedCopy(writable(self, "sort"), null, f, i);
            sorted.forEach((x, n) => (self[n] = x));
            return self;
        },
        "sort:": (self, [block], f, i) => {
            const sorted = sortedCopy(writable(self, "sort:"), block, f, i);
            sorted.forEach((x, n) => (self[n] = x));
            return self;
        }
    });
    const withFactory = (make: (items: unknown[]) => unknown) => ({
        "new": () => make([]),
        "with:": (_c: unknown, args: readonly unknown[]) => make([...args]),
        "with:with:": (_c: unknown, args: readonly unknown[]) => make([...args]),
        "with:with:with:": (_c: unknown, args: readonly unknown[]) => make([...args]),
        "with:with:with:with:": (_c: unknown, args: readonly unknown[]) => make([...args]),
        "withAll:": (_c: unknown, [items]: readonly unknown[], f: Frame) => {
            chargeFor(f, elementsOf(items).length);
            return make([...elementsOf(items)]);
        }
    });
    classes.Array.defineClassSide({
        ...withFactory((items) => items),
        "new:": (_c, [n], f) => new Array<unknown>(checkSize(n, "new:", f)).fill(null),
        "new:withAll:": (_c, [n, value], f) => new Array<unknown>(checkSize(n, "new:withAll:", f)).fill(value)
    });

    classes.OrderedCollection.define<OrderedCollection>({
        "size": (self) => self.items.length,
        "at:put:": (self, [index, value]) => {
            self.items[checkIndex(index, self.items.length, "at:put:")] = value;
            return value;
        },
        "add:": (self, [value]) => {
            if (self.items.length >= maxCollectionSize) throw new PrimitiveFailedError("add:", "the collection is full.");
            self.items.push(value);
            return value;
        },
        "addLast:": (self, [value]) => {
            self.items.push(value);
            return value;
        },
        "addFirst:": (self, [value]) => {
            self.items.unshift(value);
            return value;
        },
        "addAll:": (self, [values], f) => {
            const items = elementsOf(values);
            if (self.items.length + items.length > maxCollectionSize) throw new PrimitiveFailedError("addAll:", "the collection would be too large.");
            chargeFor(f, items.length);
            self.items.push(...items);
            return values;
        },
        "removeFirst": (self) => {
            if (self.items.length === 0) throw new PrimitiveFailedError("removeFirst", "the collection is empty.", {exception: "CollectionIsEmpty"});
            return self.items.shift();
        },
        "removeLast": (self) => {
            if (self.items.length === 0) throw new PrimitiveFailedError("removeLast", "the collection is empty.", {exception: "CollectionIsEmpty"});
            return self.items.pop();
        },
        "remove:": (self, [value]) => {
            const index = self.items.findIndex((x) => stEquals(x, value));
            if (index < 0) throw new PrimitiveFailedError("remove:", `${printString(value)} is not in the collection; use remove:ifAbsent:.`, {exception: "NotFound", messageText: "Object is not in the collection."});
            self.items.splice(index, 1);
            return value;
        },
        "remove:ifAbsent:": (self, [value, block], f, i) => {
            const index = self.items.findIndex((x) => stEquals(x, value));
            if (index < 0) return valueOf(i, block, [], f);
            self.items.splice(index, 1);
            return value;
        },
        "removeAll": (self) => {
            self.items.length = 0;
            return self;
        },
        "sort": (self, _a, f, i) => {
            self.items = sortedCopy(self.items, null, f, i);
            return self;
        },
        "sort:": (self, [block], f, i) => {
            self.items = sortedCopy(self.items, block, f, i);
            return self;
        }
    });
    classes.OrderedCollection.defineClassSide({
        ...withFactory((items) => new OrderedCollection(items)),
        "new:": (_c, [n], f) => {
            checkSize(n, "new:", f);
            return new OrderedCollection();
        }
    });
}
