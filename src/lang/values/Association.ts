/** I am a key->value pair, made by `->` and held by Dictionaries. */
export class Association {
    public constructor(public key: unknown, public value: unknown) {}
}
