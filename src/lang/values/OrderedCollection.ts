/** I am a growable sequence (`OrderedCollection new add: 3; yourself`) over a JavaScript array. */
export class OrderedCollection {
    public constructor(public items: unknown[] = []) {}
}
