import {OrderedCollection} from "./OrderedCollection.js";

/**
 * I am a Smalltalk SortedCollection: an OrderedCollection that keeps its elements in the order
 * of its sort block (nil: `<=`). add: inserts where the order puts the element; addFirst: and
 * at:put: are refused, as in Pharo.
 */
export class SortedCollection extends OrderedCollection {
    public constructor(items: unknown[] = [], public sortBlock: unknown = null) {
        super(items);
    }
}
