import type {Frame} from "./Frame.js";
import type {Interpreter} from "./Interpreter.js";

/**
 * A built-in method: TypeScript behind a selector of a built-in class. It receives the receiver,
 * the evaluated arguments, the caller's frame (for the step budget and calling blocks) and the
 * interpreter. It may answer a Promise when a block it calls went asynchronous.
 */
export type Builtin = (self: never, args: readonly unknown[], frame: Frame, interpreter: Interpreter) => unknown;

/** The typed form used when defining methods; `self` is the receiver's representation. */
export type BuiltinOf<T> = (self: T, args: readonly unknown[], frame: Frame, interpreter: Interpreter) => unknown;

/**
 * I am a built-in Smalltalk class: a name, a superclass and an explicit selector table.
 * Dispatch only ever looks selectors up in these Maps, never in JavaScript properties, so
 * `'abc' constructor` is a MessageNotUnderstood and not a door out of the sandbox.
 */
export class StClass {
    /** Instance-side methods. */
    public readonly methods = new Map<string, Builtin>();
    /** Class-side methods (`Array new: 3`). */
    public readonly classMethods = new Map<string, Builtin>();

    public constructor(public readonly name: string, public readonly superclass: StClass | null) {}

    /** The instance-side method for `selector`, searching superclasses; undefined when none. */
    public lookup(selector: string): Builtin | undefined {
        const own = this.methods.get(selector);
        if (own !== undefined) return own;
        for (let c = this.superclass; c != null; c = c.superclass) {
            const method = c.methods.get(selector);
            if (method !== undefined) return method;
        }
        return undefined;
    }

    /** The class-side method for `selector`, searching superclasses' class sides. */
    public lookupClassSide(selector: string): Builtin | undefined {
        for (const c of this.ancestry()) {
            const method = c.classMethods.get(selector);
            if (method !== undefined) return method;
        }
        return undefined;
    }

    /** Every instance-side selector, inherited ones included. */
    public allSelectors(): string[] {
        const selectors = new Set<string>();
        for (const c of this.ancestry()) for (const s of c.methods.keys()) selectors.add(s);
        return [...selectors].sort();
    }

    /** Every class-side selector, inherited ones included. */
    public allClassSelectors(): string[] {
        const selectors = new Set<string>();
        for (const c of this.ancestry()) for (const s of c.classMethods.keys()) selectors.add(s);
        return [...selectors].sort();
    }

    public includesBehavior(other: StClass): boolean {
        return this.ancestry().includes(other);
    }

    /** Me and my superclasses, nearest first. */
    public ancestry(): StClass[] {
        const chain: StClass[] = [this];
        for (let c = this.superclass; c != null; c = c.superclass) chain.push(c);
        return chain;
    }

    /** Adds instance-side methods from a table literal. */
    public define<T>(methods: Record<string, BuiltinOf<T>>): this {
        for (const [selector, method] of Object.entries(methods)) this.methods.set(selector, method as Builtin);
        return this;
    }

    /** Adds class-side methods from a table literal. */
    public defineClassSide(methods: Record<string, BuiltinOf<StClass>>): this {
        for (const [selector, method] of Object.entries(methods)) this.classMethods.set(selector, method as Builtin);
        return this;
    }

    public toString(): string {
        return this.name;
    }
}
