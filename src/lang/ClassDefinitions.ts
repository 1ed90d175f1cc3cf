import type {ClassMethodRecord, ClassRecord} from "../image/index.js";
import {classes} from "./classes.js";
import type {ClassTable} from "./ClassTable.js";
import {Compiler} from "./Compiler.js";
import type {ClassContext, CompiledCode} from "./Compiler.js";
import {ClassDefinitionError} from "./errors.js";
import type {Interpreter} from "./Interpreter.js";
import {parseMethod} from "./parseMethod.js";
import {StClass, StMetaclass, StObject, isSmalltalkMethod} from "./StClass.js";
import type {Builtin, MethodSource, SmalltalkMethod} from "./StClass.js";
import {ExceptionObject} from "./values/ExceptionObject.js";

/** Where classes of one's own are kept between sessions: the image (through the runtime). */
export type ClassStore = {
    load(): readonly ClassRecord[],
    save(record: ClassRecord, what: string): void,
    remove(name: string, what: string): void
};

/** What a class definition message gives. */
export type ClassSpec = {name: string, instanceVariables: string[], classVariables: string[], category: string};

/** Built-in classes a class of one's own may inherit from: their instances are plain objects here. */
const subclassable = new Set<StClass>([
    classes.Object, classes.Magnitude, classes.Exception, classes.Error, classes.ArithmeticError, classes.ZeroDivide,
    classes.DomainError, classes.MessageNotUnderstood, classes.SubscriptOutOfBounds, classes.NotFound, classes.KeyNotFound,
    classes.ValueNotFound, classes.CollectionIsEmpty, classes.AssertionFailure, classes.NonBooleanReceiver, classes.InvalidArgument,
    classes.Notification, classes.Warning, classes.Halt
]);

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * I define classes of one's own and compile their methods (and the extension methods of built-in
 * classes), keep them in the interpreter's ClassTable, and store each change in the image as a
 * ClassRecord (source, as for persona methods). Opening an image loads them all again: classes
 * first, superclasses before subclasses, then every method, compiled when first called.
 */
export class ClassDefinitions {
    public constructor(
        private readonly interpreter: Interpreter,
        private readonly table: ClassTable,
        private readonly store: ClassStore | null
    ) {}

    /** `Superclass subclass: #Name instanceVariableNames: '…' classVariableNames: '…' package: '…'`: defines or redefines a class. */
    public define(superclass: StClass, spec: ClassSpec, persist = true): StClass {
        this.check(superclass, spec);
        const existing = this.table.named(spec.name);
        let cls: StClass;
        if (existing != null && existing.userDefined) {
            cls = existing;
            cls.superclass = superclass;
        } else {
            cls = new StClass(spec.name, superclass);
            cls.owner = this.interpreter;
        }
        cls.instanceVariables = [...spec.instanceVariables];
        for (const name of [...cls.classVariables.keys()]) if (!spec.classVariables.includes(name)) cls.classVariables.delete(name);
        for (const name of spec.classVariables) if (!cls.classVariables.has(name)) cls.classVariables.set(name, {value: null});
        cls.category = spec.category;
        if (existing == null) this.table.add(cls);
        // Methods of it and its subclasses were compiled against the old layout.
        for (const c of this.table.subclassesOf(cls)) this.reinstall(c);
        this.table.changed();
        if (persist) this.save(cls, `define class ${spec.name}`);
        return cls;
    }

    private check(superclass: StClass, spec: ClassSpec): void {
        const {name} = spec;
        if (!/^[A-Z][A-Za-z0-9_]*$/.test(name)) throw new ClassDefinitionError(name, "a class name is a capitalized identifier like Point3D");
        if (this.table.isBuiltin(name) || name === "Transcript" || name === "Image" || name === "Smalltalk")
            throw new ClassDefinitionError(name, `${name} is a built-in class or global; choose another name`);
        if (this.interpreter.host.persona(name) != null) throw new ClassDefinitionError(name, `${name} is a persona's name; choose another name`);
        if (!superclass.userDefined && !subclassable.has(superclass))
            throw new ClassDefinitionError(name, `${superclass.name} cannot be subclassed here (its instances are built into the interpreter); subclass Object and keep a${/^[AEIOU]/.test(superclass.name) ? "n" : ""} ${superclass.name} in an instance variable`);
        if (superclass.includesBehavior(this.table.named(name) ?? classes.PassMarker)) throw new ClassDefinitionError(name, "a class cannot inherit from itself");
        const inherited = superclass.allInstanceVariables();
        const seen = new Set<string>();
        for (const v of [...spec.instanceVariables, ...spec.classVariables]) {
            if (!identifier.test(v) || ["self", "super", "nil", "true", "false", "thisContext"].includes(v))
                throw new ClassDefinitionError(name, `${JSON.stringify(v)} cannot be a variable name`);
            if (seen.has(v) || inherited.includes(v)) throw new ClassDefinitionError(name, `the variable ${v} is declared twice (or by a superclass)`);
            seen.add(v);
        }
    }

    /** `Point3D compile: 'x ^ x'` (or on `Point3D class`, or a built-in class): installs a method and stores it. Answers the selector. */
    public compile(target: StClass | StMetaclass, source: string, category = "as yet unclassified", persist = true): string {
        const selector = parseMethod(source).selector;
        const cls = target instanceof StMetaclass ? target.instanceClass : target;
        const tables = this.table.tablesOf(cls);
        const method = this.method(target, {selector, source, category});
        (target instanceof StMetaclass ? tables.classMethods : tables.methods).set(selector, method);
        this.table.changed();
        if (persist) this.save(cls, `${target.name} compile: #${selector}`);
        return selector;
    }

    /** `Point3D removeSelector: #x`. */
    public removeSelector(target: StClass | StMetaclass, selector: string): void {
        const cls = target instanceof StMetaclass ? target.instanceClass : target;
        const tables = this.table.tablesOf(cls);
        const side = target instanceof StMetaclass ? tables.classMethods : tables.methods;
        if (!isSmalltalkMethod(side.get(selector))) throw new ClassDefinitionError(cls.name, `${target.name} has no method #${selector} of its own written in Smalltalk`);
        side.delete(selector);
        this.table.changed();
        this.save(cls, `${target.name} removeSelector: #${selector}`);
    }

    /** `Point3D removeFromSystem`: refused while a class of one's own inherits from it. */
    public remove(cls: StClass): void {
        if (!cls.userDefined) throw new ClassDefinitionError(cls.name, "built-in classes cannot be removed");
        const heirs = this.table.subclassesOf(cls).filter((c) => c !== cls);
        if (heirs.length > 0) throw new ClassDefinitionError(cls.name, `${heirs.map((c) => c.name).join(", ")} inherit${heirs.length === 1 ? "s" : ""} from it; remove ${heirs.length === 1 ? "it" : "them"} first`);
        this.table.remove(cls.name);
        this.store?.remove(cls.name, `${cls.name} removeFromSystem`);
    }

    /** A method written in Smalltalk, compiled for `holder` on its first call (and again after its class changes). */
    private method(holder: StClass | StMetaclass, method: MethodSource): SmalltalkMethod {
        let code: CompiledCode | null = null;
        const interpreter = this.interpreter;
        const run: Builtin = (self, args, f) => {
            code ??= this.compiled(holder, method.source);
            return interpreter.runMethod(code, self, args, holder, f, f.exec);
        };
        return Object.assign(run, {method});
    }

    private compiled(holder: StClass | StMetaclass, source: string): CompiledCode {
        const cls = holder instanceof StMetaclass ? holder.instanceClass : holder;
        const context: ClassContext = {
            ivars: holder instanceof StMetaclass ? [] : cls.allInstanceVariables(),
            classVariable: (name) => cls.classVariable(name)
        };
        return Compiler.compileMethod(this.interpreter, parseMethod(source), context);
    }

    /** Fresh method wrappers (compiled again on their next call) for a class whose layout changed. */
    private reinstall(cls: StClass): void {
        for (const [side, holder] of [[cls.methods, cls], [cls.classMethods, cls.metaclass]] as const)
            for (const [selector, method] of side) if (isSmalltalkMethod(method)) side.set(selector, this.method(holder, method.method));
    }

    /** A new instance: an object with nil instance variables (an exception for Exception and its subclasses). */
    public instantiate(cls: StClass): StObject {
        const ivars = new Array<unknown>(cls.allInstanceVariables().length).fill(null);
        if (cls.includesBehavior(classes.Exception)) return new ExceptionObject(cls, ivars);
        if (cls.userDefined || subclassable.has(cls)) return new StObject(cls, ivars);
        throw new ClassDefinitionError(cls.name, `${cls.name} instances are not made with new; use a literal or the class's own constructors`);
    }

    /** The stored form of a class (or of a built-in class's extension methods). */
    public recordOf(cls: StClass): ClassRecord {
        const tables = this.table.tablesOf(cls);
        const sources = (side: Map<string, Builtin>): Record<string, ClassMethodRecord> => Object.fromEntries([...side]
            .filter((entry): entry is [string, SmalltalkMethod] => isSmalltalkMethod(entry[1]))
            .map(([selector, m]) => [selector, {source: m.method.source, category: m.method.category}]));
        return {
            name: cls.name,
            superclass: cls.userDefined ? cls.superclass?.name ?? null : null,
            instanceVariables: cls.userDefined ? [...cls.instanceVariables] : [],
            classVariables: cls.userDefined ? [...cls.classVariables.keys()] : [],
            category: cls.category,
            comment: cls.comment,
            methods: sources(tables.methods),
            classMethods: sources(tables.classMethods)
        };
    }

    public save(cls: StClass, what: string): void {
        this.store?.save(this.recordOf(cls), what);
    }

    /** Defines every stored class (superclasses first) and installs every stored method; a class whose superclass is gone stays stored, undefined. */
    public load(): string[] {
        const records = this.store?.load() ?? [];
        const problems: string[] = [];
        let pending = records.filter((r) => r.superclass != null);
        for (let progress = true; progress && pending.length > 0;) {
            progress = false;
            for (const record of pending) {
                const superclass = this.table.named(record.superclass!);
                if (superclass == null) continue;
                try {
                    const cls = this.define(superclass, {name: record.name, instanceVariables: record.instanceVariables, classVariables: record.classVariables, category: record.category}, false);
                    cls.comment = record.comment;
                } catch (error) {
                    problems.push(`${record.name}: ${(error as Error).message}`);
                }
                pending = pending.filter((r) => r !== record);
                progress = true;
            }
        }
        for (const record of pending) problems.push(`${record.name}: its superclass ${record.superclass} is not defined`);
        for (const record of records) {
            const cls = this.table.named(record.name);
            if (cls == null) continue;
            for (const [selector, m] of Object.entries(record.methods)) this.install(cls, m, selector, problems);
            for (const [selector, m] of Object.entries(record.classMethods)) this.install(cls.metaclass, m, selector, problems);
        }
        return problems;
    }

    private install(target: StClass | StMetaclass, m: ClassMethodRecord, selector: string, problems: string[]): void {
        try {
            this.compile(target, m.source, m.category, false);
        } catch (error) {
            problems.push(`${target.name}>>${selector}: ${(error as Error).message}`);
        }
    }
}
