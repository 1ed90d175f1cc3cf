import {arith} from "./arithmetic.js";
import type {StNumber} from "./arithmetic.js";
import {valueKinds} from "./valueKinds.js";
import {Bag} from "./values/Bag.js";
import {ByteArray} from "./values/ByteArray.js";
import {Fraction} from "./values/Fraction.js";
import {Interval} from "./values/Interval.js";
import {Point} from "./values/Point.js";
import {RandomGenerator} from "./values/RandomGenerator.js";
import {ScaledDecimal} from "./values/ScaledDecimal.js";
import {SortedCollection} from "./values/SortedCollection.js";

/**
 * The stored forms of the value kinds added for Pharo's everyday classes: Fractions and
 * ScaledDecimals (exact, as decimal strings of their terms), Points, ByteArrays, Intervals, Bags,
 * SortedCollections (with their sort block, when it can be stored) and Random generators (their state).
 */
const noChildren = (): readonly unknown[] => [];

valueKinds.register({
    tag: "Fraction", identity: false, prototype: Fraction.prototype, children: noChildren,
    encode: (value: Fraction) => ({numerator: value.numerator.toString(), denominator: value.denominator.toString()}),
    decode: (record) => Fraction.of(BigInt(String(record.numerator)), BigInt(String(record.denominator)))
});
valueKinds.register({
    tag: "ScaledDecimal", identity: false, prototype: ScaledDecimal.prototype, children: noChildren,
    encode: (value: ScaledDecimal) => ({numerator: value.numerator.toString(), denominator: value.denominator.toString(), scale: value.scale}),
    decode: (record) => new ScaledDecimal(BigInt(String(record.numerator)), BigInt(String(record.denominator)), Number(record.scale))
});
valueKinds.register({
    tag: "Point", identity: true, prototype: Point.prototype,
    children: (value: Point) => [value.x, value.y],
    encode: (value: Point, c) => ({x: c.encode(value.x), y: c.encode(value.y)}),
    decode: (record, c, register) => {
        // A Point holds numbers in practice; a cycle through one is not possible to build, so register after.
        const point = new Point(c.decode(record.x), c.decode(record.y));
        register(point);
        return point;
    }
});
valueKinds.register({
    tag: "ByteArray", identity: true, prototype: ByteArray.prototype, children: noChildren,
    encode: (value: ByteArray) => ({bytes: [...value]}),
    decode: (record, _c, register) => {
        const bytes = ByteArray.fromBytes((record.bytes as unknown[]).map((b) => Number(b) & 255));
        register(bytes);
        return bytes;
    }
});
valueKinds.register({
    tag: "Interval", identity: false, prototype: Interval.prototype, children: (value: Interval) => [value.first, value.last, value.step],
    encode: (value: Interval, c) => ({first: c.encode(value.first), last: c.encode(value.last), step: c.encode(value.step)}),
    decode: (record, c) => {
        const first = c.decode(record.first) as StNumber, last = c.decode(record.last) as StNumber, step = c.decode(record.step) as StNumber;
        return new Interval(first, last, step, () => {
            const items: unknown[] = [];
            const count = Math.min(Math.floor((Number(last) - Number(first)) / Number(step)) + 1, 10_000_000);
            for (let i = 0; i < count; i++) items.push(arith("+", first, arith("*", step, i)));
            return items;
        });
    }
});
valueKinds.register({
    tag: "Bag", identity: true, prototype: Bag.prototype,
    children: (value: Bag) => value.entries().map((e) => e.value),
    encode: (value: Bag, c) => ({entries: value.entries().map((e) => [c.encode(e.value), e.count])}),
    decode: (record, c, register) => {
        const bag = new Bag();
        register(bag);
        for (const [item, count] of record.entries as [unknown, number][]) bag.add(c.decode(item), Number(count));
        return bag;
    }
});
valueKinds.register({
    tag: "SortedCollection", identity: true, prototype: SortedCollection.prototype,
    children: (value: SortedCollection) => [...value.items, value.sortBlock],
    encode: (value: SortedCollection, c) => ({items: value.items.map(c.encode), sortBlock: c.encode(value.sortBlock)}),
    decode: (record, c, register) => {
        const collection = new SortedCollection();
        register(collection);
        collection.sortBlock = c.decode(record.sortBlock);
        for (const item of record.items as unknown[]) collection.items.push(c.decode(item));
        return collection;
    }
});
valueKinds.register({
    tag: "Random", identity: true, prototype: RandomGenerator.prototype, children: noChildren,
    encode: (value: RandomGenerator) => ({seed: value.seed}),
    decode: (record, _c, register) => {
        const random = new RandomGenerator(Number(record.seed));
        register(random);
        return random;
    }
});
