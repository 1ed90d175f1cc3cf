import {classes} from "../classes.js";
import {PrimitiveFailedError} from "../errors.js";
import {displayString, printString} from "../printString.js";
import {andThen} from "../sequence.js";
import {Character} from "../values/Character.js";
import {Stream} from "../values/Stream.js";
import {StString, stringText} from "../values/StString.js";
import {StSymbol} from "../values/StSymbol.js";
import {elementsOf, expectInteger, valueOf} from "./support.js";

const maxStreamSize = 50_000_000;

function contents(stream: Stream): unknown {
    return stream.contents();
}

function put(stream: Stream, value: unknown, selector: string): void {
    if (stream.kind !== "write") throw new PrimitiveFailedError(selector, "this is a ReadStream; open a WriteStream to write.");
    if (stream.items.length >= maxStreamSize) throw new PrimitiveFailedError(selector, "the stream is full.");
    if (stream.onString) {
        if (value instanceof Character) stream.items.push(value.string);
        else if (typeof value === "string") stream.items.push(value);
        else if (value instanceof StString) stream.items.push(value.toString());
        else if (value instanceof StSymbol) stream.items.push(value.name);
        else throw new PrimitiveFailedError(selector, `a String stream takes Characters and Strings, not ${printString(value)}; use print: or << for other values.`);
    } else stream.items.push(value);
}

function readStreamOn(collection: unknown): Stream {
    if (typeof collection === "string" || collection instanceof StString || collection instanceof StSymbol)
        return new Stream("read", [...elementsOf(collection)], true);
    return new Stream("read", [...elementsOf(collection)], false);
}

/** WriteStream and ReadStream (`WriteStream on: String new`, `String streamContents: [:s | …]`, `ReadStream on: #(1 2)`). */
export function installStreamProtocol(): void {
    classes.Stream.define<Stream>({
        "nextPutAll:": (self, [value]) => {
            if (self.onString && (typeof value === "string" || value instanceof StString || value instanceof StSymbol)) put(self, value, "nextPutAll:");
            else for (const item of elementsOf(value)) put(self, item, "nextPutAll:");
            return value;
        },
        "nextPut:": (self, [value]) => {
            put(self, value, "nextPut:");
            return value;
        },
        "<<": (self, [value]) => {
            put(self, self.onString ? (stringText(value) ?? displayString(value)) : value, "<<");
            return self;
        },
        "print:": (self, [value]) => {
            put(self, self.onString ? printString(value) : value, "print:");
            return self;
        },
        "display:": (self, [value]) => {
            put(self, self.onString ? displayString(value) : value, "display:");
            return self;
        },
        "cr": (self) => {
            put(self, "\n", "cr");
            return self;
        },
        "tab": (self) => {
            put(self, "\t", "tab");
            return self;
        },
        "space": (self) => {
            put(self, " ", "space");
            return self;
        },
        "contents": (self) => contents(self),
        "next": (self) => {
            if (self.position >= self.items.length) return null;
            const item = self.items[self.position++];
            return self.onString && typeof item === "string" ? Character.fromString(item) : item;
        },
        "peek": (self) => self.position < self.items.length ? self.items[self.position] : null,
        "atEnd": (self) => self.position >= self.items.length,
        "skip:": (self, [n]) => {
            self.position = Math.min(Math.max(self.position + expectInteger(n, "skip:"), 0), self.items.length);
            return self;
        },
        "upToEnd": (self) => {
            const rest = self.items.slice(self.position);
            self.position = self.items.length;
            return self.onString ? rest.map((c) => (c instanceof Character ? c.string : String(c))).join("") : rest;
        },
        "do:": (self, [block], f, i) => {
            const step = (): unknown => {
                while (self.position < self.items.length) {
                    const item = self.items[self.position++];
                    const r = valueOf(i, block, [item], f);
                    if (r instanceof Promise) return r.then(step);
                }
                return self;
            };
            return step();
        }
    });
    const writeStreamOn = (collection: unknown): Stream => {
        const onString = typeof collection === "string" || collection instanceof StString || collection instanceof StSymbol;
        return new Stream("write", [], onString);
    };
    classes.WriteStream.defineClassSide({
        "on:": (_c, [collection]) => writeStreamOn(collection),
        "with:": (_c, [collection]) => {
            const stream = writeStreamOn(collection);
            if (stream.onString) stream.items.push(stringText(collection) ?? (collection as StSymbol).name);
            else stream.items.push(...elementsOf(collection));
            return stream;
        }
    });
    classes.ReadStream.defineClassSide({
        "on:": (_c, [collection]) => readStreamOn(collection)
    });
    classes.String.defineClassSide({
        "streamContents:": (_c, [block], f, i) => {
            const stream = new Stream("write", [], true);
            return andThen(valueOf(i, block, [stream], f), () => contents(stream));
        }
    });
    classes.Array.defineClassSide({
        "streamContents:": (_c, [block], f, i) => {
            const stream = new Stream("write", [], false);
            return andThen(valueOf(i, block, [stream], f), () => contents(stream));
        }
    });
    classes.SequenceableCollection.define<unknown>({
        "readStream": (self) => readStreamOn(self),
        "writeStream": (self) => writeStreamOn(self)
    });
}
