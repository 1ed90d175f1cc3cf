import type {Proto} from "../objects/index.js";
import {BlockClosure} from "./BlockClosure.js";
import {ValueNotStorableError} from "./errors.js";
import {anArticle} from "./printString.js";
import {classes, classOf} from "./classes.js";
import {StClass, StMetaclass, StObject} from "./StClass.js";
import {ExceptionObject} from "./values/ExceptionObject.js";
import {Association} from "./values/Association.js";
import {Character} from "./values/Character.js";
import {Dictionary} from "./values/Dictionary.js";
import {OrderedCollection} from "./values/OrderedCollection.js";
import {StSet} from "./values/StSet.js";
import {StString} from "./values/StString.js";
import {StSymbol} from "./values/StSymbol.js";

/** What an encoder hands a kind: how to encode the values it holds, and personas. */
export type EncodeContext = {
    encode: (value: unknown) => unknown,
    persona: (proto: Proto) => string,
    /** True for an object that another stored value refers to as well (it then keeps an oid). */
    sharedElsewhere?: (object: object) => boolean,
    /** The lasting oid of an object that needs one. */
    oidFor?: (object: object) => string
};

/** What a decoder hands a kind: how to decode what it holds, and how to find personas, classes and blocks. */
export type DecodeContext = {
    decode: (plain: unknown) => unknown,
    /** One object per oid, across every value decoded with this context. */
    objects: Map<string, object>,
    /** Told of every object decoded with an oid. */
    remember?: (oid: string, object: object) => void,
    persona: (personaId: string) => unknown,
    classNamed: (name: string) => unknown,
    compileBlock: (source: string) => unknown
};

/**
 * One kind of stored value: its tag, whether it has identity (may be shared or in a cycle), the
 * values it holds, and its encoding. `decode` must call `register` with the new object before it
 * decodes what the object holds, so a cycle back to it finds it.
 */
export type ValueKind = {
    tag: string,
    identity: boolean,
    prototype: object,
    children: (value: never) => readonly unknown[],
    encode: (value: never, context: EncodeContext) => Record<string, unknown>,
    decode: (record: Record<string, unknown>, context: DecodeContext, register: (object: object) => void) => unknown
};

/**
 * I am the table of the value kinds the image can store besides plain data (see valueCodec.ts):
 * one entry per Smalltalk class, found by the value's prototype. Kinds added later (Fractions,
 * instances of classes of one's own…) register here.
 */
class ValueKinds {
    private readonly byPrototype = new Map<object, ValueKind>();
    private readonly tags = new Map<string, ValueKind>();
    private readonly finders: ((value: object) => ValueKind | null)[] = [];

    public register(kind: ValueKind): void {
        this.byPrototype.set(kind.prototype, kind);
        this.tags.set(kind.tag, kind);
    }

    /** A kind found by a test rather than by prototype (instances of classes of one's own). */
    public registerFinder(kind: Omit<ValueKind, "prototype">, finder: (value: object) => boolean): void {
        const full = {...kind, prototype: {}} as ValueKind;
        this.tags.set(kind.tag, full);
        this.finders.push((value) => finder(value) ? full : null);
    }

    public kindOf(value: object): ValueKind | null {
        const kind = this.byPrototype.get(Object.getPrototypeOf(value) as object);
        if (kind != null) return kind;
        for (const find of this.finders) {
            const found = find(value);
            if (found != null) return found;
        }
        return null;
    }

    public byTag(tag: string): ValueKind | undefined {
        return this.tags.get(tag);
    }

    /** `a Stream`, `a BlockClosure that uses its method's variables`: what a refusal names. */
    public describe(value: unknown): string {
        return anArticle(classOf(value).name);
    }
}

export const valueKinds = new ValueKinds();

const noChildren = (): readonly unknown[] => [];

valueKinds.register({
    tag: "Symbol", identity: false, prototype: StSymbol.prototype, children: noChildren,
    encode: (value: StSymbol) => ({name: value.name}),
    decode: (record) => StSymbol.intern(String(record.name))
});
// A String you can change keeps its identity (two slots holding one share it after a reload); a literal is plain data.
valueKinds.register({
    tag: "String", identity: true, prototype: StString.prototype, children: noChildren,
    encode: (value: StString) => ({text: value.toString()}),
    decode: (record, _c, register) => {
        const text = new StString(String(record.text));
        register(text);
        return text;
    }
});
valueKinds.register({
    tag: "Character", identity: false, prototype: Character.prototype, children: noChildren,
    encode: (value: Character) => ({code: value.code}),
    decode: (record) => Character.of(Number(record.code))
});
valueKinds.register({
    tag: "OrderedCollection", identity: true, prototype: OrderedCollection.prototype,
    children: (value: OrderedCollection) => value.items,
    encode: (value: OrderedCollection, c) => ({items: value.items.map(c.encode)}),
    decode: (record, c, register) => {
        const collection = new OrderedCollection();
        register(collection);
        for (const item of record.items as unknown[]) collection.items.push(c.decode(item));
        return collection;
    }
});
valueKinds.register({
    tag: "Dictionary", identity: true, prototype: Dictionary.prototype,
    children: (value: Dictionary) => value.associations().flatMap((a) => [a.key, a.value]),
    encode: (value: Dictionary, c) => ({pairs: value.associations().map((a) => [c.encode(a.key), c.encode(a.value)])}),
    decode: (record, c, register) => {
        const dictionary = new Dictionary();
        register(dictionary);
        for (const [key, value] of record.pairs as [unknown, unknown][]) dictionary.set(c.decode(key), c.decode(value));
        return dictionary;
    }
});
valueKinds.register({
    tag: "Set", identity: true, prototype: StSet.prototype,
    children: (value: StSet) => value.values(),
    encode: (value: StSet, c) => ({items: value.values().map(c.encode)}),
    decode: (record, c, register) => {
        const set = new StSet();
        register(set);
        for (const item of record.items as unknown[]) set.add(c.decode(item));
        return set;
    }
});
valueKinds.register({
    tag: "Association", identity: true, prototype: Association.prototype,
    children: (value: Association) => [value.key, value.value],
    encode: (value: Association, c) => ({key: c.encode(value.key), value: c.encode(value.value)}),
    decode: (record, c, register) => {
        const association = new Association(null, null);
        register(association);
        association.key = c.decode(record.key);
        association.value = c.decode(record.value);
        return association;
    }
});
valueKinds.register({
    tag: "Class", identity: false, prototype: StClass.prototype, children: noChildren,
    encode: (value: StClass) => ({name: value.name}),
    decode: (record, c) => c.classNamed(String(record.name))
});
valueKinds.register({
    tag: "Metaclass", identity: false, prototype: StMetaclass.prototype, children: noChildren,
    encode: (value: StMetaclass) => ({name: value.instanceClass.name}),
    decode: (record, c) => (c.classNamed(String(record.name)) as StClass | null)?.metaclass ?? null
});
valueKinds.registerFinder({
    tag: "Object", identity: true,
    children: (value: StObject) => value.ivars,
    encode: (value: StObject, c) => {
        const ivars = Object.fromEntries(value.cls.allInstanceVariables().map((name, i) => [name, c.encode(value.ivars[i] ?? null)]));
        return value instanceof ExceptionObject && value.messageText != null
            ? {class: value.cls.name, ivars, messageText: c.encode(value.messageText)}
            : {class: value.cls.name, ivars};
    },
    decode: (record, c, register) => {
        const name = String(record.class);
        const cls = c.classNamed(name);
        if (!(cls instanceof StClass))
            throw new ValueNotStorableError(`an instance of ${name}, a class this image no longer defines`, `define ${name} again (its instance variables were ${Object.keys(record.ivars as object).join(" ") || "none"})`);
        const names = cls.allInstanceVariables();
        const stored = record.ivars as Record<string, unknown>;
        const object = cls.includesBehavior(classes.Exception)
            ? new ExceptionObject(cls, new Array<unknown>(names.length).fill(null))
            : new StObject(cls, new Array<unknown>(names.length).fill(null));
        register(object);
        names.forEach((n, i) => {
            if (Object.hasOwn(stored, n)) object.ivars[i] = c.decode(stored[n]);
        });
        if (object instanceof ExceptionObject && record.messageText !== undefined) object.messageText = c.decode(record.messageText);
        return object;
    }
}, (value) => value instanceof StObject);
valueKinds.register({
    tag: "Block", identity: false, prototype: BlockClosure.prototype, children: noChildren,
    encode: (value: BlockClosure) => {
        if (!value.code.clean)
            throw new ValueNotStorableError(`the block ${value.code.source.length > 40 ? value.code.source.slice(0, 37) + "...]" : value.code.source}, which uses variables of the code that made it (or self, or ^)`,
                "store a block that uses only its own arguments and temporaries, or its source as a String");
        return {source: value.code.source};
    },
    decode: (record, c) => c.compileBlock(String(record.source))
});
