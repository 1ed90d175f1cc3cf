import {classes} from "../classes.js";
import type {Frame} from "../Frame.js";
import type {Interpreter} from "../Interpreter.js";
import {PrimitiveFailedError} from "../errors.js";
import {stEquals} from "../equality.js";
import {printString} from "../printString.js";
import {andThen} from "../sequence.js";
import {Association} from "../values/Association.js";
import {Dictionary} from "../values/Dictionary.js";
import {StSet} from "../values/StSet.js";
import {chargeFor, elementsOf, filterItems, forEach, mapItems, valueOf} from "./support.js";
import {OwnEquality} from "./OwnEquality.js";
import {maxCollectionSize} from "./collectionProtocol.js";

function filtered(self: Dictionary, kept: unknown): Dictionary {
    const result = new Dictionary();
    for (const a of kept as Association[]) result.set(a.key, a.value);
    return result;
}

/** The association of `key`: by the key's own = and hash when its class defines = in Smalltalk, else by keyOf. */
function entryAt(self: Dictionary, key: unknown, f: Frame, i: Interpreter, selector: string): Association | undefined {
    if (typeof key !== "object" || key === null || !i.hasSmalltalkMethod(key, "=")) return self.get(key);
    return new OwnEquality(f, i, selector).associationAt(self, key);
}

/** Stores `value` at `key` (an equal key already there keeps its place and its key object). */
function putAt(self: Dictionary, key: unknown, value: unknown, f: Frame, i: Interpreter, selector: string): void {
    const existing = entryAt(self, key, f, i, selector);
    if (existing != null) existing.value = value;
    else {
        checkRoom(self.size, selector);
        self.set(key, value);
    }
}

function checkRoom(size: number, selector: string): void {
    if (size >= maxCollectionSize) throw new PrimitiveFailedError(selector, "the collection is full.");
}

/** Dictionary (over a JS Map), Set and Association. */
export function installDictionaryProtocol(): void {
    classes.Dictionary.define<Dictionary>({
        "size": (self) => self.size,
        "isDictionary": () => true,
        "at:": (self, [key], f, i) => {
            const a = entryAt(self, key, f, i, "at:");
            if (a == null) throw new PrimitiveFailedError("at:", `key ${printString(key)} not found. Use at:ifAbsent: to give a default, or includesKey: to test.`, {exception: "KeyNotFound", messageText: `key ${printString(key)} not found in Dictionary`});
            return a.value;
        },
        "at:put:": (self, [key, value], f, i) => {
            putAt(self, key, value, f, i, "at:put:");
            return value;
        },
        "at:ifAbsent:": (self, [key, block], f, i) => {
            const a = entryAt(self, key, f, i, "at:ifAbsent:");
            return a != null ? a.value : valueOf(i, block, [], f);
        },
        "at:ifAbsentPut:": (self, [key, block], f, i) => {
            const a = entryAt(self, key, f, i, "at:ifAbsentPut:");
            if (a != null) return a.value;
            return andThen(valueOf(i, block, [], f), (value) => {
                putAt(self, key, value, f, i, "at:ifAbsentPut:");
                return value;
            });
        },
        "at:ifPresent:": (self, [key, block], f, i) => {
            const a = entryAt(self, key, f, i, "at:ifPresent:");
            return a != null ? valueOf(i, block, [a.value], f) : null;
        },
        "at:ifPresent:ifAbsent:": (self, [key, present, absent], f, i) => {
            const a = entryAt(self, key, f, i, "at:ifPresent:ifAbsent:");
            return a != null ? valueOf(i, present, [a.value], f) : valueOf(i, absent, [], f);
        },
        "removeKey:": (self, [key], f, i) => {
            const a = entryAt(self, key, f, i, "removeKey:");
            if (a == null) throw new PrimitiveFailedError("removeKey:", `key ${printString(key)} not found. Use removeKey:ifAbsent:.`, {exception: "KeyNotFound", messageText: `key ${printString(key)} not found in Dictionary`});
            self.delete(a.key);
            return a.value;
        },
        "removeKey:ifAbsent:": (self, [key, block], f, i) => {
            const a = entryAt(self, key, f, i, "removeKey:ifAbsent:");
            if (a == null) return valueOf(i, block, [], f);
            self.delete(a.key);
            return a.value;
        },
        "includesKey:": (self, [key], f, i) => entryAt(self, key, f, i, "includesKey:") != null,
        "includes:": (self, [value]) => self.associations().some((a) => stEquals(a.value, value)),
        "keys": (self) => self.associations().map((a) => a.key),
        "values": (self) => self.associations().map((a) => a.value),
        "associations": (self) => self.associations(),
        "keyAtValue:": (self, [value]) => self.associations().find((a) => stEquals(a.value, value))?.key ?? null,
        "add:": (self, [association], f, i) => {
            if (!(association instanceof Association)) throw new PrimitiveFailedError("add:", `a Dictionary adds Associations (key -> value), not ${printString(association)}.`);
            putAt(self, association.key, association.value, f, i, "add:");
            return association;
        },
        "keysAndValuesDo:": (self, [block], f, i) => andThen(forEach(self.associations(), (a) => valueOf(i, block, [(a as Association).key, (a as Association).value], f)), () => self),
        "associationsDo:": (self, [block], f, i) => andThen(forEach(self.associations(), (a) => valueOf(i, block, [a], f)), () => self),
        "keysDo:": (self, [block], f, i) => andThen(forEach(self.associations(), (a) => valueOf(i, block, [(a as Association).key], f)), () => self),
        "valuesDo:": (self, [block], f, i) => andThen(forEach(self.associations(), (a) => valueOf(i, block, [(a as Association).value], f)), () => self),
        "collect:": (self, [block], f, i) => {
            const associations = self.associations();
            return andThen(mapItems(associations, (a) => valueOf(i, block, [(a as Association).value], f)), (values) => {
                const result = new Dictionary();
                associations.forEach((a, n) => result.set(a.key, (values as unknown[])[n]));
                return result;
            });
        },
        "select:": (self, [block], f, i) => andThen(filterItems(self.associations(), (a) => valueOf(i, block, [(a as Association).value], f), true, "select:"), (kept) => filtered(self, kept)),
        "reject:": (self, [block], f, i) => andThen(filterItems(self.associations(), (a) => valueOf(i, block, [(a as Association).value], f), false, "reject:"), (kept) => filtered(self, kept)),
        "keysSortedSafely": (self, _a, f, i) => {
            const keys = self.associations().map((a) => a.key);
            return i.send(keys, "sorted", [], f);
        }
    });
    classes.Dictionary.defineClassSide({
        "new": () => new Dictionary(),
        "new:": () => new Dictionary(),
        "newFrom:": (_c, [items], f) => {
            const dictionary = new Dictionary();
            const list = elementsOf(items);
            chargeFor(f, list.length);
            for (const a of list) {
                if (!(a instanceof Association)) throw new PrimitiveFailedError("newFrom:", `expected Associations (key -> value), found ${printString(a)}.`);
                dictionary.set(a.key, a.value);
            }
            return dictionary;
        }
    });

    classes.Set.define<StSet>({
        "size": (self) => self.size,
        // An element whose class defines = in Smalltalk is compared by sending it, within its own hash (see OwnEquality).
        "add:": (self, [value], f, i) => {
            if (!self.has(value)) checkRoom(self.size, "add:");
            new OwnEquality(f, i, "add:").addAll(self, [value]);
            return value;
        },
        "addAll:": (self, [values], f, i) => {
            const items = elementsOf(values);
            chargeFor(f, items.length);
            checkRoom(self.size + items.length - 1, "addAll:");
            new OwnEquality(f, i, "addAll:").addAll(self, items);
            return values;
        },
        "remove:": (self, [value], f, i) => andThen(removeEqual(self, value, f, i, "remove:"), (removed) => {
            if (removed !== true) throw new PrimitiveFailedError("remove:", `${printString(value)} is not in the Set; use remove:ifAbsent:.`);
            return value;
        }),
        "remove:ifAbsent:": (self, [value, block], f, i) => andThen(removeEqual(self, value, f, i, "remove:ifAbsent:"), (removed) =>
            removed === true ? value : valueOf(i, block, [], f)),
        "includes:": (self, [value], f, i) => {
            const eq = new OwnEquality(f, i, "includes:");
            return eq.applies(value) ? eq.indexIn(self.values(), value) !== -1 : self.has(value);
        }
    });
    const setOf = (items: readonly unknown[], f: Frame, i: Interpreter, selector: string): StSet => {
        const set = new StSet();
        new OwnEquality(f, i, selector).addAll(set, items);
        return set;
    };
    classes.Set.defineClassSide({
        "new": () => new StSet(),
        "new:": () => new StSet(),
        "with:": (_c, args, f, i) => setOf(args, f, i, "with:"),
        "with:with:": (_c, args, f, i) => setOf(args, f, i, "with:with:"),
        "with:with:with:": (_c, args, f, i) => setOf(args, f, i, "with:with:with:"),
        "withAll:": (_c, [items], f, i) => {
            chargeFor(f, elementsOf(items).length);
            return setOf(elementsOf(items), f, i, "withAll:");
        }
    });

    classes.Association.define<Association>({
        "key": (self) => self.key,
        "value": (self) => self.value,
        "key:": (self, [key]) => {
            self.key = key;
            return self;
        },
        "value:": (self, [value]) => {
            self.value = value;
            return self;
        },
        "key:value:": (self, [key, value]) => {
            self.key = key;
            self.value = value;
            return self;
        }
    });
    classes.Association.defineClassSide({
        "key:value:": (_c, [key, value]) => new Association(key, value)
    });
}

/** Removes the element of `set` equal to `value` (see OwnEquality); answers whether there was one. */
function removeEqual(set: StSet, value: unknown, f: Frame, i: Interpreter, selector: string): unknown {
    const eq = new OwnEquality(f, i, selector);
    if (!eq.applies(value)) return set.delete(value);
    const items = set.values();
    const n = eq.indexIn(items, value);
    return n !== -1 && set.delete(items[n]);
}
