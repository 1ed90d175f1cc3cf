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

/** The source of a method written in Smalltalk, as the image keeps it. */
export type MethodSource = {selector: string, source: string, category: string};

/** A method written in Smalltalk, installed in a method table: callable like a builtin, with its source. */
export type SmalltalkMethod = Builtin & {readonly method: MethodSource};

/** True for a method written in Smalltalk (rather than a builtin). */
export function isSmalltalkMethod(method: Builtin | undefined): method is SmalltalkMethod {
    return method !== undefined && (method as Partial<SmalltalkMethod>).method !== undefined;
}

/**
 * I am a Smalltalk class: a name, a superclass and explicit selector tables, for my instances and
 * for myself (the class side). Dispatch only ever looks selectors up in these Maps, never in
 * JavaScript properties, so `'abc' constructor` is a MessageNotUnderstood and not a door out of
 * the sandbox. Built-in classes are shared by every interpreter; a class of one's own (`Object
 * subclass: #Point3D …`) belongs to one interpreter (`owner`) and keeps its instance variables,
 * class variables and the sources of its methods.
 */
export class StClass {
    /** Instance-side methods. */
    public readonly methods = new Map<string, Builtin>();
    /** Class-side methods (`Array new: 3`). */
    public readonly classMethods = new Map<string, Builtin>();
    /** The interpreter of a class of one's own; null for a built-in class. */
    public owner: Interpreter | null = null;
    /** The instance variables this class adds (its superclasses' come first in an instance). */
    public instanceVariables: string[] = [];
    /** Class variables, shared with subclasses: one cell each. */
    public readonly classVariables = new Map<string, {value: unknown}>();
    public category = "";
    public comment = "";
    private meta: StMetaclass | null = null;

    public constructor(public readonly name: string, public superclass: StClass | null) {}

    /** True for a class of one's own. */
    public get userDefined(): boolean {
        return this.owner != null;
    }

    /** `Point3D class`: my class side as an object. */
    public get metaclass(): StMetaclass {
        this.meta ??= new StMetaclass(this);
        return this.meta;
    }

    /** Every instance variable of an instance, superclasses' first. */
    public allInstanceVariables(): string[] {
        const chain = this.ancestry().reverse();
        return chain.flatMap((c) => c.instanceVariables);
    }

    /** The cell of a class variable of mine or of a superclass. */
    public classVariable(name: string): {value: unknown} | undefined {
        for (const c of this.ancestry()) {
            const cell = c.classVariables.get(name);
            if (cell !== undefined) return cell;
        }
        return undefined;
    }

    /** The instance-side method for `selector`, searching superclasses; undefined when none. (Built-in tables only: an interpreter's ClassTable adds extensions.) */
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
        const own = this.classMethods.get(selector);
        if (own !== undefined) return own;
        for (let c = this.superclass; c != null; c = c.superclass) {
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
        if (other === this) return true;
        for (let c = this.superclass; c != null; c = c.superclass) if (c === other) return true;
        return false;
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

/** I am the class side of a class as an object (`Point3D class`): what `compile:` there installs is a class-side method. */
export class StMetaclass {
    public constructor(public readonly instanceClass: StClass) {}

    public get name(): string {
        return `${this.instanceClass.name} class`;
    }
}

/** I am an instance of a class of one's own: my class and my instance variables, in the order of allInstanceVariables. */
export class StObject {
    public constructor(public cls: StClass, public ivars: unknown[]) {}
}
