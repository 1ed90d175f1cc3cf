import {classes, globalClassNames} from "./classes.js";
import type {Builtin, StClass} from "./StClass.js";

type Side = {methods: Map<string, Builtin>, classMethods: Map<string, Builtin>};

/**
 * I am the classes one interpreter sees: the built-in ones (shared, never changed), the classes
 * of one's own, and the extension methods given to built-in classes (`Integer compile: 'double
 * ^ self * 2'`), which live here so that one interpreter's extensions never reach another's.
 * Lookups are cached per class and selector; any change of a method table clears the cache.
 */
export class ClassTable {
    private readonly own = new Map<string, StClass>();
    private readonly extensions = new Map<StClass, Side>();
    private cache = new Map<StClass, Map<string, Builtin | null>>();
    private classCache = new Map<StClass, Map<string, Builtin | null>>();

    /** A class by name: a built-in one or one of one's own. */
    public named(name: string): StClass | undefined {
        return this.own.get(name) ?? builtins.get(name);
    }

    public isBuiltin(name: string): boolean {
        return builtins.has(name);
    }

    /** The classes of one's own, in definition order. */
    public ownClasses(): StClass[] {
        return [...this.own.values()];
    }

    /** Every class name a program can use. */
    public names(): string[] {
        return [...globalClassNames, ...this.own.keys()];
    }

    public add(cls: StClass): void {
        this.own.set(cls.name, cls);
        this.changed();
    }

    public remove(name: string): void {
        this.own.delete(name);
        this.changed();
    }

    /** The classes whose superclass chain includes `cls` (itself included). */
    public subclassesOf(cls: StClass): StClass[] {
        return this.ownClasses().filter((c) => c.includesBehavior(cls));
    }

    /** The method table where `compile:` on `cls` puts its methods: its own for a class of one's own, the extensions for a built-in one. */
    public tablesOf(cls: StClass): Side {
        if (cls.userDefined) return cls;
        let side = this.extensions.get(cls);
        if (side == null) this.extensions.set(cls, side = {methods: new Map(), classMethods: new Map()});
        return side;
    }

    /** Forget cached lookups: a method or a class changed. */
    public changed(): void {
        this.cache = new Map();
        this.classCache = new Map();
    }

    /** The instance-side method for `selector` in `cls` or a superclass (extensions first at each class), or undefined. */
    public lookup(cls: StClass, selector: string): Builtin | undefined {
        let table = this.cache.get(cls);
        if (table === undefined) this.cache.set(cls, table = new Map());
        const cached = table.get(selector);
        if (cached !== undefined) return cached ?? undefined;
        let found: Builtin | null = null;
        for (let c: StClass | null = cls; c != null && found == null; c = c.superclass)
            found = this.extensions.get(c)?.methods.get(selector) ?? c.methods.get(selector) ?? null;
        table.set(selector, found);
        return found ?? undefined;
    }

    /** The class-side method for `selector` sent to `cls`: its class side and its superclasses', then what every class understands. */
    public lookupClassSide(cls: StClass, selector: string): Builtin | undefined {
        let table = this.classCache.get(cls);
        if (table === undefined) this.classCache.set(cls, table = new Map());
        const cached = table.get(selector);
        if (cached !== undefined) return cached ?? undefined;
        let found: Builtin | null = null;
        for (let c: StClass | null = cls; c != null && found == null; c = c.superclass)
            found = this.extensions.get(c)?.classMethods.get(selector) ?? c.classMethods.get(selector) ?? null;
        found ??= this.lookup(classes.Class, selector) ?? null;
        table.set(selector, found);
        return found ?? undefined;
    }

    /** Every instance-side selector of `cls`, inherited and extension ones included. */
    public selectors(cls: StClass): string[] {
        const selectors = new Set<string>();
        for (const c of cls.ancestry()) {
            for (const s of c.methods.keys()) selectors.add(s);
            for (const s of this.extensions.get(c)?.methods.keys() ?? []) selectors.add(s);
        }
        return [...selectors].sort();
    }

    /** Every class-side selector of `cls`. */
    public classSelectors(cls: StClass): string[] {
        const selectors = new Set<string>(this.selectors(classes.Class));
        for (const c of cls.ancestry()) {
            for (const s of c.classMethods.keys()) selectors.add(s);
            for (const s of this.extensions.get(c)?.classMethods.keys() ?? []) selectors.add(s);
        }
        return [...selectors].sort();
    }
}

const builtins = new Map<string, StClass>(globalClassNames.map((name) => [name, classes[name as keyof typeof classes]]));
