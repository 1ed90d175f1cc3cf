import type {StClass, StMetaclass} from "../StClass.js";

/**
 * What `Point3D >> #x` answers: a method of a class written in Smalltalk, as a value one can ask
 * for its selector, source, class and category (Pharo's CompiledMethod). It is a snapshot: a
 * later `compile:` makes a new method and leaves this one as it was.
 */
export class CompiledMethod {
    public constructor(
        public readonly methodClass: StClass | StMetaclass,
        public readonly selector: string,
        public readonly source: string,
        public readonly category: string
    ) {}
}
