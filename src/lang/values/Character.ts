/** I am a Smalltalk Character (`$a`): one Unicode code point. Characters are unique per code point. */
export class Character {
    private static readonly table = new Map<number, Character>();

    private constructor(public readonly code: number) {}

    /** The one Character for `code` (a Unicode code point). */
    public static of(code: number): Character {
        let character = Character.table.get(code);
        if (character == null) {
            character = new Character(code);
            Character.table.set(code, character);
        }
        return character;
    }

    /** The Character of the first code point of `text`. */
    public static fromString(text: string): Character {
        return Character.of(text.codePointAt(0) ?? 0);
    }

    public get string(): string {
        return String.fromCodePoint(this.code);
    }

    public toString(): string {
        return this.string;
    }
}
