/**
 * I am a Smalltalk Float. Integers are plain JavaScript numbers (or bigints when large), so a
 * float needs a box of its own to stay a Float when its value happens to be integral:
 * `3.0 printString` is '3.0', not '3'. Outside the interpreter I become a plain number.
 */
export class Float {
    public constructor(public readonly value: number) {}

    public toString(): string {
        return String(this.value);
    }
}
