import {classes} from "../classes.js";
import {Lexer} from "../Lexer.js";
import {PrimitiveFailedError} from "../errors.js";
import {printString, displayString} from "../printString.js";
import {Character} from "../values/Character.js";
import {Float} from "../values/Float.js";
import {StString} from "../values/StString.js";
import {StSymbol} from "../values/StSymbol.js";
import {sortedCopy} from "./collectionProtocol.js";
import {checkIndex, chargeFor, elementsOf, expectInteger, expectString} from "./support.js";
import type {Frame} from "../Frame.js";
import type {Interpreter} from "../Interpreter.js";

/** Strings longer than this are refused, so doubling a string in a loop stops cleanly. */
const maxStringLength = 50_000_000;

function checkedConcat(a: string, b: string, f: Frame): string {
    if (a.length + b.length > maxStringLength) throw new PrimitiveFailedError(",", `the result would be longer than ${maxStringLength} characters.`);
    chargeFor(f, (a.length + b.length) / 64);
    return a + b;
}

/** The number a string denotes (`'42' asNumber`, `'-3.5' asNumber`, `'16rFF' asNumber`), or nil. */
function parseNumber(text: string): unknown {
    const trimmed = text.trim();
    const negative = trimmed.startsWith("-");
    try {
        const tokens = Lexer.tokenize(negative ? trimmed.slice(1) : trimmed);
        if (tokens.length !== 2) return null;
        const token = tokens[0]!;
        if (token.kind === "integer") {
            const v = token.value as number | bigint;
            return negative ? (typeof v === "bigint" ? -v : -v + 0) : v;
        }
        if (token.kind === "float") return new Float(negative ? -(token.value as number) : token.value as number);
        return null;
    } catch {
        return null;
    }
}

type AnyString = string | StString | StSymbol;

function str(self: AnyString): string {
    return typeof self === "string" ? self : self instanceof StString ? self.toString() : self.name;
}

/**
 * The String `self` as one you may change, or ModificationForbidden: a literal (and a Symbol,
 * and a String from the host) is read-only, as Pharo's literals are.
 */
function changeable(self: AnyString, selector: string, index: unknown = null, value: unknown = null): StString {
    if (self instanceof StString) return self;
    const field = index == null ? "" : `, hence its field ${printString(index)} cannot be modified with ${printString(value)}`;
    throw new PrimitiveFailedError(selector, `${printString(self)} is read-only${field}. ` +
        (self instanceof StSymbol ? "Symbols never change; change a String made from it: (#name asString) at: 1 put: $N."
            : `String literals, and text from the host (a reply, a name), are read-only: change a copy, e.g. s := ${printString(self)} copy. s ${selector === "at:put:" ? `at: ${printString(index)} put: ${printString(value)}` : selector} ...`),
    {exception: "ModificationForbidden", messageText: `Modification forbidden: ${printString(self)} is read-only${field}`});
}

function expectCharacter(value: unknown, selector: string): Character {
    if (!(value instanceof Character)) throw new PrimitiveFailedError(selector, `a String holds Characters, not ${printString(value)}.`);
    if (value.code > 0xffff) throw new PrimitiveFailedError(selector, `${printString(value)} is beyond U+FFFF and takes two elements of a String here; put its two halves, or build the text with , instead.`);
    return value;
}

function compareStrings(a: string, b: unknown, selector: string): number {
    const other = expectString(b, selector);
    return a < other ? -1 : a > other ? 1 : 0;
}

/** Strings (immutable JS strings), Symbols and Characters. */
export function installStringProtocol(): void {
    classes.String.define<AnyString>({
        "size": (self) => self instanceof StString ? self.size : str(self).length,
        "at:": (self, [index]) => {
            if (self instanceof StString) return Character.of(self.codeAt(checkIndex(index, self.size, "at:")));
            const s = str(self);
            return Character.of(s.charCodeAt(checkIndex(index, s.length, "at:")));
        },
        "at:put:": (self, [index, value]) => {
            const target = changeable(self, "at:put:", index, value);
            const at = checkIndex(index, target.size, "at:put:");
            target.setCodeAt(at, expectCharacter(value, "at:put:").code);
            return value;
        },
        "replaceFrom:to:with:": (self, [from, to, replacement]) => replaceFrom(self, from, to, replacement, 1, "replaceFrom:to:with:"),
        "replaceFrom:to:with:startingAt:": (self, [from, to, replacement, start]) => replaceFrom(self, from, to, replacement, start, "replaceFrom:to:with:startingAt:"),
        "atAllPut:": (self, [value]) => {
            const target = changeable(self, "atAllPut:");
            const code = expectCharacter(value, "atAllPut:").code;
            target.units().fill(code);
            return self;
        },
        "translateToUppercase": (self) => {
            const target = changeable(self, "translateToUppercase");
            target.replaceWith(mapUnits(target.toString(), (c) => c.toUpperCase()));
            return self;
        },
        "translateToLowercase": (self) => {
            const target = changeable(self, "translateToLowercase");
            target.replaceWith(mapUnits(target.toString(), (c) => c.toLowerCase()));
            return self;
        },
        "sort": (self, _a, f, i) => sortInPlace(self, null, f, i, "sort"),
        "sort:": (self, [block], f, i) => sortInPlace(self, block, f, i, "sort:"),
        "swap:with:": (self, [a, b]) => {
            const target = changeable(self, "swap:with:");
            const i = checkIndex(a, target.size, "swap:with:"), j = checkIndex(b, target.size, "swap:with:");
            const units = target.units();
            [units[i], units[j]] = [units[j]!, units[i]!];
            return self;
        },
        ",": (self, [other], f) => checkedConcat(str(self), expectString(other, ","), f),
        "isString": () => true,
        "isEmpty": (self) => str(self).length === 0,
        "notEmpty": (self) => str(self).length > 0,
        "isEmptyOrNil": (self) => str(self).length === 0,
        // A String's asString is itself (as in Pharo); a Symbol's is a new String (below).
        "asString": (self) => self instanceof StSymbol ? self.name : self,
        "asSymbol": (self) => StSymbol.intern(str(self)),
        "asUppercase": (self) => str(self).toUpperCase(),
        "asLowercase": (self) => str(self).toLowerCase(),
        "asNumber": (self) => parseNumber(str(self)),
        "asInteger": (self) => {
            const n = parseNumber(str(self));
            return typeof n === "number" || typeof n === "bigint" ? n : null;
        },
        "reversed": (self) => [...str(self)].reverse().join(""),
        "reverse": (self) => [...str(self)].reverse().join(""),
        "trimBoth": (self) => str(self).trim(),
        "trimmed": (self) => str(self).trim(),
        "includesSubstring:": (self, [s]) => str(self).includes(expectString(s, "includesSubstring:")),
        "beginsWith:": (self, [s]) => str(self).startsWith(expectString(s, "beginsWith:")),
        "endsWith:": (self, [s]) => str(self).endsWith(expectString(s, "endsWith:")),
        "indexOf:": (self, [c]) => c instanceof Character ? str(self).indexOf(c.string) + 1 : 0,
        "occurrencesOf:": (self, [c]) => c instanceof Character ? [...str(self)].filter((x) => x === c.string).length : 0,
        "copyFrom:to:": (self, [from, to]) => {
            const s = str(self);
            const start = expectInteger(from, "copyFrom:to:"), end = expectInteger(to, "copyFrom:to:");
            if (start < 1 || end > s.length || end < start - 1) throw new PrimitiveFailedError("copyFrom:to:", `${start} to ${end} is outside 1 to ${s.length}.`);
            return s.slice(start - 1, end);
        },
        "copyReplaceAll:with:": (self, [a, b], f) => {
            const s = str(self), from = expectString(a, "copyReplaceAll:with:"), to = expectString(b, "copyReplaceAll:with:");
            if (from.length === 0) return s;
            const result = s.split(from).join(to);
            if (result.length > maxStringLength) throw new PrimitiveFailedError("copyReplaceAll:with:", "the result is too long.");
            chargeFor(f, result.length / 64);
            return result;
        },
        "replaceAll:with:": (self, [a, b]) => {
            const target = changeable(self, "replaceAll:with:");
            if (!(a instanceof Character)) return self;
            const code = expectCharacter(b, "replaceAll:with:").code;
            const units = target.units();
            for (let k = 0; k < units.length; k++) if (units[k] === a.code) units[k] = code;
            return self;
        },
        "substrings": (self) => str(self).split(/\s+/).filter((s) => s.length > 0),
        "substrings:": (self, [separators]) => {
            const seps = new Set(expectString(separators, "substrings:"));
            const parts: string[] = [];
            let current = "";
            for (const c of str(self)) {
                if (seps.has(c)) {
                    if (current.length > 0) parts.push(current);
                    current = "";
                } else current += c;
            }
            if (current.length > 0) parts.push(current);
            return parts;
        },
        "lines": (self) => str(self).split(/\r\n|\r|\n/),
        "<": (self, [b]) => compareStrings(str(self), b, "<") < 0,
        ">": (self, [b]) => compareStrings(str(self), b, ">") > 0,
        "<=": (self, [b]) => compareStrings(str(self), b, "<=") <= 0,
        ">=": (self, [b]) => compareStrings(str(self), b, ">=") >= 0,
        "first": (self) => {
            const s = str(self);
            if (s.length === 0) throw new PrimitiveFailedError("first", "the string is empty.");
            return Character.of(s.charCodeAt(0));
        },
        "last": (self) => {
            const s = str(self);
            if (s.length === 0) throw new PrimitiveFailedError("last", "the string is empty.");
            return Character.of(s.charCodeAt(s.length - 1));
        },
        "format:": (self, [args]) => {
            if (!Array.isArray(args)) throw new PrimitiveFailedError("format:", "the argument must be an Array.");
            return str(self).replace(/\{(\d+)\}/g, (whole, n: string) => {
                const value: unknown = args[Number(n) - 1];
                return Number(n) >= 1 && Number(n) <= args.length ? displayString(value) : whole;
            });
        },
        "join:": (self, [items]) => {
            if (!Array.isArray(items)) throw new PrimitiveFailedError("join:", "the argument must be an Array of Strings.");
            return items.map((item: unknown) => displayString(item)).join(str(self));
        }
    });
    classes.String.defineClassSide({
        "new": () => "",
        "new:": (_self, [n], f) => {
            const size = expectInteger(n, "new:");
            if (size < 0 || size > maxStringLength) throw new PrimitiveFailedError("new:", `a String of size ${size} cannot be made.`);
            chargeFor(f, size / 64);
            // As in Pharo, a new String holds NUL characters (Character value: 0) until they are replaced.
            return "\u0000".repeat(size);
        },
        "cr": () => "\n",
        "tab": () => "\t",
        "space": () => " ",
        "with:": (_self, [c]) => {
            if (!(c instanceof Character)) throw new PrimitiveFailedError("with:", "the argument must be a Character.");
            return c.string;
        }
    });
    classes.Symbol.define<StSymbol>({
        "isSymbol": () => true,
        "asString": (self) => self.name,
        "asSymbol": (self) => self,
        "numArgs": (self) => /^[a-zA-Z_]/.test(self.name) ? [...self.name].filter((c) => c === ":").length : 1,
        "value:": (self, [receiver], f, interpreter) => interpreter.send(receiver, self.name, [], f),
        "value:value:": (self, [receiver, arg], f, interpreter) => interpreter.send(receiver, self.name, [arg], f),
        "keywords": (self) => self.name.includes(":") ? self.name.split(":").slice(0, -1).map((k) => k + ":") : [self.name]
    });
    classes.Symbol.defineClassSide({
        "new": () => {
            throw new PrimitiveFailedError("new", "Symbols are unique; make one with #name or 'name' asSymbol.");
        }
    });
    classes.Character.define<Character>({
        "value": (self) => self.code,
        "asInteger": (self) => self.code,
        "asCharacter": (self) => self,
        "asString": (self) => self.string,
        "asSymbol": (self) => StSymbol.intern(self.string),
        "asUppercase": (self) => Character.fromString(self.string.toUpperCase()),
        "asLowercase": (self) => Character.fromString(self.string.toLowerCase()),
        "isVowel": (self) => "aeiouAEIOU".includes(self.string),
        "isLetter": (self) => /\p{L}/u.test(self.string),
        "isDigit": (self) => /^[0-9]$/.test(self.string),
        "isSeparator": (self) => /^\s$/.test(self.string),
        "isUppercase": (self) => self.string !== self.string.toLowerCase(),
        "isLowercase": (self) => self.string !== self.string.toUpperCase(),
        "isCharacter": () => true,
        "digitValue": (self) => parseInt(self.string, 36) >= 0 ? parseInt(self.string, 36) : -1,
        "<": (self, [b]) => self.code < charCode(b, "<"),
        ">": (self, [b]) => self.code > charCode(b, ">"),
        "<=": (self, [b]) => self.code <= charCode(b, "<="),
        ">=": (self, [b]) => self.code >= charCode(b, ">="),
        "to:": (self, [b]) => {
            const end = charCode(b, "to:");
            if (end - self.code > 100_000) throw new PrimitiveFailedError("to:", "the range is too large.");
            const chars: Character[] = [];
            for (let c = self.code; c <= end; c++) chars.push(Character.of(c));
            return chars;
        }
    });
    classes.Character.defineClassSide({
        "value:": (_self, [n]) => {
            const code = expectInteger(n, "value:");
            if (code < 0 || code > 0x10ffff) throw new PrimitiveFailedError("value:", `${code} is not a Unicode code point.`);
            return Character.of(code);
        },
        "cr": () => Character.of(13),
        "lf": () => Character.of(10),
        "tab": () => Character.of(9),
        "space": () => Character.of(32)
    });
}

function charCode(value: unknown, selector: string): number {
    if (!(value instanceof Character)) throw new PrimitiveFailedError(selector, `the argument must be a Character, but was ${printString(value)}.`);
    return value.code;
}

/** `replaceFrom:to:with:startingAt:`: copies `replacement`'s elements from `start` into `self`'s from..to, in place. */
function replaceFrom(self: AnyString, from: unknown, to: unknown, replacement: unknown, start: unknown, selector: string): unknown {
    const target = changeable(self, selector);
    const first = expectInteger(from, selector), last = expectInteger(to, selector), at = expectInteger(start, selector);
    const source = typeof replacement === "string" || replacement instanceof StString || replacement instanceof StSymbol
        ? str(replacement)
        : Array.isArray(replacement) ? replacement.map((c) => expectCharacter(c, selector).string).join("") : expectString(replacement, selector, "replacement");
    const count = last - first + 1;
    if (first < 1 || last > target.size || count < 0) throw new PrimitiveFailedError(selector, `${first} to ${last} is outside 1 to ${target.size}.`, {exception: "SubscriptOutOfBounds", messageText: `Index ${first < 1 ? first : last} out of bounds`});
    if (at < 1 || at - 1 + count > source.length) throw new PrimitiveFailedError(selector, `the replacement has ${source.length} elements; ${count} from ${at} do not fit in it.`, {exception: "SubscriptOutOfBounds", messageText: `Index ${at - 1 + count} out of bounds`});
    const units = target.units();
    for (let k = 0; k < count; k++) units[first - 1 + k] = source.charCodeAt(at - 1 + k);
    return self;
}

/** `sort`, `sort:`: sorts a changeable String's Characters in place (by `<=`, or by the block). */
function sortInPlace(self: AnyString, block: unknown, f: Frame, i: Interpreter, selector: string): unknown {
    const target = changeable(self, selector);
    const sorted = sortedCopy(elementsOf(target), block, f, i) as Character[];
    target.replaceWith(sorted.map((c) => c.string).join(""));
    return self;
}

/** `text` with each code unit mapped (a case change that keeps the length, as an in-place translation must). */
function mapUnits(text: string, map: (c: string) => string): string {
    let out = "";
    for (const c of text) {
        const mapped = map(c);
        out += mapped.length === c.length ? mapped : c;
    }
    return out;
}
