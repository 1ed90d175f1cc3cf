/** I am a Smalltalk Point (`3@4`): two coordinates, usually numbers. Immutable, as Pharo's Points are in practice. */
export class Point {
    public constructor(public readonly x: unknown, public readonly y: unknown) {}
}
