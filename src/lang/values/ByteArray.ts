/**
 * I am a Smalltalk ByteArray (`#[1 2 255]`): an Array whose elements are integers from 0 to 255.
 * Array's protocol applies; at:put: checks the byte. Copies made by JavaScript array methods are plain Arrays.
 */
export class ByteArray extends Array<number> {
    public static override get [Symbol.species](): ArrayConstructor {
        return Array;
    }

    public static fromBytes(bytes: readonly number[]): ByteArray {
        const array = new ByteArray();
        for (const b of bytes) array.push(b);
        return array;
    }
}
