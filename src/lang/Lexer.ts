import {exact} from "./arithmetic.js";
import {ParseError} from "./ParseError.js";
import type {Token, TokenKind} from "./Token.js";

const binaryChars = new Set("!%&*+,-/<=>?@\\~|");

function isDigit(c: string | undefined): boolean {
    return c != null && c >= "0" && c <= "9";
}

function isLetter(c: string | undefined): boolean {
    return c != null && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_");
}

function isIdentifierChar(c: string | undefined): boolean {
    return isLetter(c) || isDigit(c);
}

/** The value of a digit in radices up to 36, or -1. */
function digitValue(c: string | undefined): number {
    if (c == null) return -1;
    if (c >= "0" && c <= "9") return c.charCodeAt(0) - 48;
    if (c >= "A" && c <= "Z") return c.charCodeAt(0) - 55;
    if (c >= "a" && c <= "z") return c.charCodeAt(0) - 87;
    return -1;
}

/** An integer as a number when it is safe, as a bigint otherwise. */
export function normalizeInteger(value: bigint): number | bigint {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/**
 * I turn Smalltalk source into tokens, all at once, so the parser can look ahead freely.
 * Comments are skipped; every token keeps its offsets so errors can point at it.
 */
export class Lexer {
    private position = 0;
    private readonly tokens: Token[] = [];

    private constructor(private readonly source: string) {}

    /** Every token of `source`, ending with an `end` token. Throws ParseError on a malformed token. */
    public static tokenize(source: string): Token[] {
        const lexer = new Lexer(source);
        lexer.run();
        return lexer.tokens;
    }

    private run(): void {
        const s = this.source;
        for (;;) {
            this.skipBlanksAndComments();
            if (this.position >= s.length) {
                this.push("end", this.position, null);
                return;
            }
            const start = this.position;
            const c = s[start]!;
            if (isLetter(c)) this.identifierOrKeyword();
            else if (isDigit(c)) this.number();
            else if (c === "'") this.push("string", start, this.quoted(start, "string"));
            else if (c === "$") this.character();
            else if (c === "#") this.hash();
            else if (c === ":") {
                if (s[start + 1] === "=") {
                    this.position += 2;
                    this.push("assign", start, null);
                } else {
                    this.position++;
                    this.push("colon", start, null);
                }
            } else if (binaryChars.has(c)) {
                while (this.position < s.length && binaryChars.has(s[this.position]!)) {
                    // A minus after the first character starts a negative literal: `3--2` is not `3 -- 2`.
                    if (this.position > start && s[this.position] === "-") break;
                    this.position++;
                }
                this.push("binary", start, null);
            } else {
                const single = singles.get(c);
                if (single == null) throw new ParseError(`Unexpected character ${JSON.stringify(c)}`, start, s);
                this.position++;
                this.push(single, start, null);
            }
        }
    }

    private push(kind: TokenKind, start: number, value: unknown): void {
        this.tokens.push({kind, text: this.source.slice(start, this.position), value, start, end: this.position});
    }

    private skipBlanksAndComments(): void {
        const s = this.source;
        while (this.position < s.length) {
            const c = s[this.position]!;
            if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f") {
                this.position++;
            } else if (c === "\"") {
                const close = s.indexOf("\"", this.position + 1);
                if (close < 0) throw new ParseError("Unterminated comment: add the closing \"", this.position, s);
                this.position = close + 1;
            } else {
                return;
            }
        }
    }

    private identifierOrKeyword(): void {
        const s = this.source;
        const start = this.position;
        while (isIdentifierChar(s[this.position])) this.position++;
        if (s[this.position] === ":" && s[this.position + 1] !== "=") {
            this.position++;
            this.push("keyword", start, null);
        } else {
            this.push("identifier", start, null);
        }
    }

    /** A 'quoted' string starting at `start`, with '' standing for one quote. */
    private quoted(start: number, what: string): string {
        const s = this.source;
        let text = "";
        let i = start + 1;
        for (;;) {
            const close = s.indexOf("'", i);
            if (close < 0) throw new ParseError(`Unterminated ${what}: add the closing '`, start, s);
            text += s.slice(i, close);
            if (s[close + 1] === "'") {
                text += "'";
                i = close + 2;
            } else {
                this.position = close + 1;
                return text;
            }
        }
    }

    private character(): void {
        const start = this.position;
        if (this.position + 1 >= this.source.length) throw new ParseError("A $ must be followed by a character", start, this.source);
        const code = this.source.codePointAt(start + 1)!;
        this.position += code > 0xffff ? 3 : 2;
        this.push("character", start, String.fromCodePoint(code));
    }

    private hash(): void {
        const s = this.source;
        const start = this.position;
        let i = start + 1;
        while (s[i] === "#") i++;
        const c = s[i];
        if (c === "(") {
            this.position = i + 1;
            this.push("literalArrayStart", start, null);
        } else if (c === "[") {
            this.position = i + 1;
            this.push("byteArrayStart", start, null);
        } else if (c === "'") {
            const name = this.quoted(i, "symbol");
            this.push("symbol", start, name);
        } else if (isLetter(c)) {
            let j = i;
            while (isIdentifierChar(s[j]) || (s[j] === ":" && s[j + 1] !== "=")) j++;
            this.position = j;
            this.push("symbol", start, s.slice(i, j));
        } else if (c != null && binaryChars.has(c)) {
            let j = i;
            while (j < s.length && binaryChars.has(s[j]!)) j++;
            this.position = j;
            this.push("symbol", start, s.slice(i, j));
        } else {
            throw new ParseError("A # must start a symbol (#foo, #at:put:, #+), a literal array #( ) or a byte array #[ ]", start, s);
        }
    }

    private number(): void {
        const s = this.source;
        const start = this.position;
        let i = start;
        while (isDigit(s[i])) i++;
        const integerDigits = s.slice(start, i);

        // Radix: 16rFF, 2r1010.
        if (s[i] === "r") {
            const radix = Number(integerDigits);
            if (radix < 2 || radix > 36) throw new ParseError(`Radix ${integerDigits} is out of range: use 2 to 36`, start, s);
            let j = i + 1;
            let value = 0n;
            const big = BigInt(radix);
            const negative = s[j] === "-";
            if (negative) j++;
            const digitsStart = j;
            while (digitValue(s[j]) >= 0 && digitValue(s[j]) < radix) {
                value = value * big + BigInt(digitValue(s[j]));
                j++;
            }
            if (j === digitsStart) throw new ParseError(`Expected digits of radix ${radix} after ${integerDigits}r`, j, s);
            // 2r1e4: the exponent counts in the radix (2r1e4 = 16).
            if (s[j] === "e" && isDigit(s[j + 1])) {
                let k = j + 1;
                while (isDigit(s[k])) k++;
                const exponent = Number(s.slice(j + 1, k));
                if (exponent > 10000) throw new ParseError("Exponent too large for an integer literal (at most 10000)", start, s);
                value *= big ** BigInt(exponent);
                j = k;
            }
            this.position = j;
            this.push("integer", start, normalizeInteger(negative ? -value : value));
            return;
        }

        let isFloat = false;
        let end = i;
        if (s[i] === "." && isDigit(s[i + 1])) {
            isFloat = true;
            i += 1;
            while (isDigit(s[i])) i++;
            end = i;
        }
        let exponent = 0;
        if (s[i] === "e" && (isDigit(s[i + 1]) || (s[i + 1] === "-" && isDigit(s[i + 2])))) {
            let j = i + 1;
            const negative = s[j] === "-";
            if (negative) j++;
            const expStart = j;
            while (isDigit(s[j])) j++;
            exponent = Number(s.slice(expStart, j)) * (negative ? -1 : 1);
            i = j;
        }
        const mantissa = s.slice(start, end);
        const fractionDigits = isFloat ? end - integerDigits.length - start - 1 : 0;
        // ScaledDecimal: 3.14s2, 3s2, 3.14s (scale: the digits given). Exact: the digits times ten to the exponent.
        if (s[i] === "s" && !isLetter(s[i + 1])) {
            i++;
            const scaleStart = i;
            while (isDigit(s[i])) i++;
            const scale = i > scaleStart ? Number(s.slice(scaleStart, i)) : fractionDigits;
            this.position = i;
            const [n, d] = decimalRatio(mantissa.replace(".", ""), exponent - fractionDigits);
            this.push("exact", start, exact(n, d, scale));
            return;
        }
        this.position = i;
        if (!isFloat && exponent < 0) {
            // 1e-2 is the Fraction (1/100), as in Pharo.
            const [n, d] = decimalRatio(mantissa, exponent);
            this.push("exact", start, exact(n, d, null));
            return;
        }
        if (!isFloat && exponent >= 0) {
            if (exponent > 10000) throw new ParseError("Exponent too large for an integer literal (at most 10000)", start, s);
            this.push("integer", start, normalizeInteger(BigInt(mantissa) * 10n ** BigInt(exponent)));
        } else {
            this.push("float", start, Number(`${mantissa}e${exponent}`));
        }
    }
}

/** digits × 10^exponent as numerator and denominator. */
function decimalRatio(digits: string, exponent: number): [bigint, bigint] {
    if (Math.abs(exponent) > 10000) throw new ParseError("Exponent too large for a number literal (at most 10000)", 0, digits);
    return exponent >= 0 ? [BigInt(digits) * 10n ** BigInt(exponent), 1n] : [BigInt(digits), 10n ** BigInt(-exponent)];
}

const singles = new Map<string, TokenKind>([
    ["^", "caret"], [".", "period"], [";", "semicolon"],
    ["(", "leftParen"], [")", "rightParen"], ["[", "leftBracket"], ["]", "rightBracket"], ["{", "leftBrace"], ["}", "rightBrace"]
]);
