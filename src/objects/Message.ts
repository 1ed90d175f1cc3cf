/**
 * I represent a selector and its arguments: a send reified as an object, as Pharo's Message.
 * A failed send hands me to `doesNotUnderstand:` handlers.
 */
export class Message {
    public constructor(
        public readonly selector: string,
        public readonly args: readonly unknown[]
    ) {}

    /** Smalltalk spelling of `args`, for `aMessage arguments`. */
    public get arguments(): readonly unknown[] {
        return this.args;
    }

    public toString(): string {
        return `a Message(#${this.selector}${this.args.length > 0 ? " " + this.args.length + " args" : ""})`;
    }
}

/** The number of arguments a selector takes: unary 0, binary 1, keyword one per colon. */
export function selectorArity(selector: string): number {
    if (/^[a-zA-Z_]/.test(selector)) {
        let colons = 0;
        for (const char of selector) if (char === ":") colons++;
        return colons;
    }
    return 1;
}

/** True for a well-formed selector: `foo`, `+`, `at:put:`. */
export function isSelector(selector: string): boolean {
    return /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(selector) ||
        /^([a-zA-Z_][a-zA-Z0-9_]*:)+$/.test(selector) ||
        /^[-+*/\\<>=~@%|&?,]+$/.test(selector);
}
