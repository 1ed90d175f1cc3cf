/**
 * `JSON.stringify(value)` in pieces: joined, they are exactly its text. Long arrays (a golden dataset,
 * a scrapbook) near the top are stringified a slice of elements at a time, so that a save never builds
 * one string as long as the image: that string (V8 builds it as a tree of parts, all kept alive until
 * the end, then copied flat to be written) cost a large save more than the stringify itself.
 *
 * Slices stay small (tens of kilobytes), which is what makes them cheap to turn into bytes.
 *
 * Exact because JSON.stringify writes an array as its elements' texts between `[` `]` joined by `,`,
 * and a record as its own enumerable keys, in Object.keys order, each `"key":text`, joined by `,`,
 * leaving out the members whose text is undefined; a slice's elements have the same texts as in the
 * whole array. The one thing that could tell the difference is a `toJSON` that looks at its key
 * (a slice renumbers elements); an encoded body holds plain data and Dates (whose toJSON ignores the
 * key) only, everything else having been handed to the codec (bodyCodec).
 */
export function* stringifyInPieces(value: unknown): Generator<string> {
    yield* pieces(value, 0);
}

// Records are opened only this deep (the image, personas, a persona, its slots, a slot's record):
// the long arrays of an image lie there, and deeper data is stringified whole, at native speed.
const maxDepth = 5;
// An array this long or longer is written in slices; shorter ones whole.
const minSlicedLength = 512;
// About this many characters per slice (the slice's length follows the elements' size). Small enough
// that V8 flattens a slice's text (built as a tree of parts) in the young generation: a string of a
// megabyte or more is allocated in fresh memory, and its page faults cost more than the stringify.
const sliceCharacters = 1 << 16;

function* pieces(value: unknown, depth: number): Generator<string> {
    if (depth <= maxDepth && typeof value === "object" && value !== null && !hasToJSON(value)) {
        if (Array.isArray(value)) {
            if (value.length >= minSlicedLength) {
                yield* arrayInSlices(value);
                return;
            }
        } else if (isPlainRecord(value)) {
            yield* recordInPieces(value as Record<string, unknown>, depth);
            return;
        }
    }
    // Only reached for a value whose text is defined (the callers check), or for the top-level value.
    yield JSON.stringify(value) ?? "null";
}

function* recordInPieces(record: Record<string, unknown>, depth: number): Generator<string> {
    let separator = "{";
    for (const key of Object.keys(record)) {
        const member = record[key];
        if (!hasText(member)) continue;
        yield `${separator}${JSON.stringify(key)}:`;
        separator = ",";
        yield* pieces(member, depth + 1);
    }
    yield separator === "{" ? "{}" : "}";
}

function* arrayInSlices(array: readonly unknown[]): Generator<string> {
    let length = 64;
    const dates = new DateTexts();
    for (let start = 0; start < array.length;) {
        const slice = array.slice(start, start + length);
        for (let i = 0; i < slice.length; i++) slice[i] = withDateTexts(slice[i], dates);
        const text = JSON.stringify(slice);
        // `[a,b]` without its brackets; the first slice opens the array, the others continue it.
        yield start === 0 ? "[" : ",";
        yield text.slice(1, -1);
        start += length;
        // Aim the next slice at sliceCharacters, from this one's characters per element.
        length = Math.max(1, Math.min(4096, Math.round(length * sliceCharacters / Math.max(text.length, 1))));
    }
    yield "]";
}

/**
 * The text JSON.stringify gives a Date (its toJSON: the ISO string, or null when invalid), made once for
 * runs of equal times: the samples of one import were all made within a few milliseconds.
 */
class DateTexts {
    #time = Number.NaN;
    #text: string | null = null;

    of(date: Date): string | null {
        const time = date.getTime();
        if (time !== this.#time) {
            this.#time = time;
            this.#text = Number.isFinite(time) ? date.toISOString() : null;
        }
        return this.#text;
    }
}

// What a Date's JSON text comes from; the shortcut below is taken only while they are the engine's own.
const dateMethods = [Date.prototype.toJSON, Date.prototype.toISOString, Date.prototype.valueOf, Date.prototype[Symbol.toPrimitive]] as const;

/**
 * An element of a long array with its Dates (at its top and one record down: a golden sample's
 * provenance.at, a scrapbook entry's at) replaced by their JSON text, in shallow copies whose keys keep
 * their order; other elements as they are. JSON.stringify gives both the same text, but calls a Date's
 * toJSON from the engine, which costs a microsecond or more a Date: more than a third of stringifying
 * a golden sample. Only plain Dates (of Date.prototype, no own keys) are replaced, and only while
 * Date.prototype's methods are the engine's own.
 */
function withDateTexts(element: unknown, dates: DateTexts): unknown {
    if (!plainRecordWithoutToJSON(element)) return element;
    let copy: Record<string, unknown> | undefined;
    for (const key in element) {
        const member = (element as Record<string, unknown>)[key];
        // (An inherited key, which JSON.stringify does not write, is left alone: Object.prototype's or none.)
        if (typeof member !== "object" || member === null || !Object.hasOwn(element, key)) continue;
        let replaced: unknown = member;
        if (plainDate(member)) replaced = dates.of(member);
        else if (plainRecordWithoutToJSON(member)) {
            let inner: Record<string, unknown> | undefined;
            for (const innerKey in member) {
                const value = (member as Record<string, unknown>)[innerKey];
                if (typeof value === "object" && value !== null && plainDate(value) && Object.hasOwn(member, innerKey)) (inner ??= {...member as Record<string, unknown>})[innerKey] = dates.of(value);
            }
            if (inner !== undefined) replaced = inner;
        }
        if (replaced !== member) (copy ??= {...element as Record<string, unknown>})[key] = replaced;
    }
    return copy ?? element;
}

function plainRecordWithoutToJSON(value: unknown): value is object {
    return typeof value === "object" && value !== null && !Array.isArray(value) && isPlainRecord(value) && !hasToJSON(value);
}

function plainDate(value: object): value is Date {
    if (Object.getPrototypeOf(value) !== Date.prototype || Reflect.ownKeys(value).length !== 0) return false;
    return Date.prototype.toJSON === dateMethods[0] && Date.prototype.toISOString === dateMethods[1] &&
        Date.prototype.valueOf === dateMethods[2] && Date.prototype[Symbol.toPrimitive] === dateMethods[3];
}

/** Whether JSON.stringify writes something for this member of a record (it leaves out undefined, functions, symbols). */
function hasText(value: unknown): boolean {
    switch (typeof value) {
        case "undefined":
        case "function":
        case "symbol":
            return false;
        case "object":
            // toJSON may answer undefined: such a member is left out too.
            return value === null || !hasToJSON(value) || JSON.stringify(value) !== undefined;
        default:
            return true;
    }
}

function hasToJSON(value: object): boolean {
    return typeof (value as {toJSON?: unknown}).toJSON === "function";
}

function isPlainRecord(value: object): boolean {
    const proto: unknown = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
}
