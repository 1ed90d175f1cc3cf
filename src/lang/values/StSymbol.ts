/**
 * I am a Smalltalk Symbol: a unique, immutable name (`#foo`, `#at:put:`). Two symbols with the
 * same name are the same object, so `==` works and Dictionaries can key on me by identity.
 */
export class StSymbol {
    private static readonly table = new Map<string, StSymbol>();

    private constructor(public readonly name: string) {}

    /** The one symbol named `name`. */
    public static intern(name: string): StSymbol {
        let symbol = StSymbol.table.get(name);
        if (symbol == null) {
            symbol = new StSymbol(name);
            StSymbol.table.set(name, symbol);
        }
        return symbol;
    }

    public toString(): string {
        return this.name;
    }
}
