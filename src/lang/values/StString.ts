/**
 * I am a String you can change: what `copy`, `,`, `String new:`, `streamContents:`, printString and
 * the other sends that make a fresh String answer, as in Pharo. A string literal stays a host
 * string, which cannot change (Pharo's literals are read-only too), so the common path allocates
 * nothing. My elements are UTF-16 code units, as a literal's are (`at:` answers one per unit).
 *
 * I keep my text as a host string while nobody changes me, and as an array of code units once
 * someone does; each form is rebuilt from the other on demand, so a loop of `at:put:` costs one
 * store per call, and printing after it one join.
 */
export class StString {
    // Private to the class (not even enumerable): tools that walk an object's fields (the
    // inspector, JSON) see a leaf, and JSON gets the text (toJSON).
    #text: string | null;
    #codes: Uint16Array | null = null;

    public constructor(text: string) {
        this.#text = text;
    }

    public get size(): number {
        return this.#codes != null ? this.#codes.length : this.#text!.length;
    }

    /** The code unit at 0-based `index` (the caller checks the bounds). */
    public codeAt(index: number): number {
        return this.#codes != null ? this.#codes[index]! : this.#text!.charCodeAt(index);
    }

    /** Stores code unit `code` at 0-based `index` (the caller checks the bounds and the code). */
    public setCodeAt(index: number, code: number): void {
        this.units()[index] = code;
        this.#text = null;
    }

    /** Replaces my whole contents (same size or not) with `text`. */
    public replaceWith(text: string): void {
        this.#text = text;
        this.#codes = null;
    }

    /** My code units, made changeable (a fixed-size typed array: a String's size never changes). */
    public units(): Uint16Array {
        if (this.#codes == null) {
            const text = this.#text!;
            const codes = new Uint16Array(text.length);
            for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
            this.#codes = codes;
        }
        this.#text = null;
        return this.#codes;
    }

    public toJSON(): string {
        return this.toString();
    }

    /** My text now, as a host string. */
    public toString(): string {
        if (this.#text == null) {
            const codes = this.#codes!;
            const parts: string[] = [];
            for (let i = 0; i < codes.length; i += 8192) parts.push(String.fromCharCode(...codes.subarray(i, i + 8192)));
            this.#text = parts.join("");
        }
        return this.#text;
    }
}

/** True for a Smalltalk String of either kind: a literal (host string) or one you can change. */
export function isString(value: unknown): value is string | StString {
    return typeof value === "string" || value instanceof StString;
}

/** The text of a String of either kind, or undefined for anything else (a Symbol included). */
export function stringText(value: unknown): string | undefined {
    if (typeof value === "string") return value;
    if (value instanceof StString) return value.toString();
    return undefined;
}
