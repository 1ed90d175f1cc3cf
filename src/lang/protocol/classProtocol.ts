import {classes} from "../classes.js";
import type {ClassSpec} from "../ClassDefinitions.js";
import {PrimitiveFailedError} from "../errors.js";
import type {Frame} from "../Frame.js";
import type {Interpreter} from "../Interpreter.js";
import {andThen} from "../sequence.js";
import {StClass, StMetaclass, isSmalltalkMethod} from "../StClass.js";
import type {BuiltinOf} from "../StClass.js";
import {CompiledMethod} from "../values/CompiledMethod.js";
import {StSymbol} from "../values/StSymbol.js";
import {expectString} from "./support.js";

/** `'x y  z'` as instance variable names. */
function names(value: unknown, selector: string): string[] {
    return expectString(value, selector, "variable names").split(/\s+/).filter((n) => n.length > 0);
}

/** The class-definition messages of Pharo, each answering the new (or redefined) class. */
function definition(make: (args: readonly unknown[], selector: string) => Omit<ClassSpec, "name">): BuiltinOf<StClass> {
    return (self, args, _f, i) => {
        const selector = "subclass:";
        const name = expectString(args[0], selector, "class name");
        return i.definitions.define(self, {name, ...make(args.slice(1), selector)});
    };
}

const defining: Record<string, BuiltinOf<StClass>> = {
    "subclass:": definition(() => ({instanceVariables: [], classVariables: [], category: ""})),
    "subclass:instanceVariableNames:": definition(([iv], s) => ({instanceVariables: names(iv, s), classVariables: [], category: ""})),
    "subclass:instanceVariableNames:classVariableNames:package:": definition(([iv, cv, p], s) =>
        ({instanceVariables: names(iv, s), classVariables: names(cv, s), category: expectString(p, s, "package")})),
    "subclass:instanceVariableNames:classVariableNames:category:": definition(([iv, cv, p], s) =>
        ({instanceVariables: names(iv, s), classVariables: names(cv, s), category: expectString(p, s, "category")})),
    "subclass:instanceVariableNames:classVariableNames:poolDictionaries:category:": definition(([iv, cv, , p], s) =>
        ({instanceVariables: names(iv, s), classVariables: names(cv, s), category: expectString(p, s, "category")})),
    "subclass:instanceVariableNames:package:": definition(([iv, p], s) =>
        ({instanceVariables: names(iv, s), classVariables: [], category: expectString(p, s, "package")}))
};

/** `new`: a fresh instance, sent `initialize` (as Pharo's `new` does). */
function newInstance(cls: StClass, f: Frame, i: Interpreter): unknown {
    const object = i.definitions.instantiate(cls);
    return andThen(i.send(object, "initialize", [], f), () => object);
}

/** Both sides of a class: the messages that define methods and read a class's definition. */
function methodsProtocol<T extends StClass | StMetaclass>(side: (self: T) => StClass | StMetaclass): Record<string, BuiltinOf<T>> {
    const tablesOf = (self: T, i: Interpreter) => {
        const target = side(self);
        const cls = target instanceof StMetaclass ? target.instanceClass : target;
        const tables = i.classes.tablesOf(cls);
        return target instanceof StMetaclass ? tables.classMethods : tables.methods;
    };
    return {
        "compile:": (self, [source], _f, i) => StSymbol.intern(i.definitions.compile(side(self), expectString(source, "compile:", "source"))),
        "compile:classified:": (self, [source, category], _f, i) =>
            StSymbol.intern(i.definitions.compile(side(self), expectString(source, "compile:", "source"), expectString(category, "compile:classified:", "category"))),
        "removeSelector:": (self, [selector], _f, i) => {
            i.definitions.removeSelector(side(self), expectString(selector, "removeSelector:"));
            return self;
        },
        "sourceCodeAt:": (self, [selector], _f, i) => {
            const method = tablesOf(self, i).get(expectString(selector, "sourceCodeAt:"));
            if (!isSmalltalkMethod(method)) throw new PrimitiveFailedError("sourceCodeAt:", `${side(self).name} has no method ${String(selector)} written in Smalltalk.`);
            return method.method.source;
        },
        ">>": (self, [selector], _f, i) => {
            const method = tablesOf(self, i).get(expectString(selector, ">>"));
            if (!isSmalltalkMethod(method)) throw new PrimitiveFailedError(">>", `${side(self).name} has no method ${String(selector)} written in Smalltalk.`);
            return new CompiledMethod(side(self), method.method.selector, method.method.source, method.method.category);
        },
        "includesSelector:": (self, [selector], _f, i) => tablesOf(self, i).has(expectString(selector, "includesSelector:")) ||
            (side(self) instanceof StClass && (side(self) as StClass).methods.has(expectString(selector, "includesSelector:"))),
        "localSelectors": (self, _a, _f, i) => [...tablesOf(self, i).keys()].sort().map((s) => StSymbol.intern(s))
    };
}

/** Classes as objects: defining subclasses and methods, making instances, reflection. */
export function installClassProtocol(): void {
    classes.CompiledMethod.define<CompiledMethod>({
        "selector": (self) => StSymbol.intern(self.selector),
        "sourceCode": (self) => self.source,
        "methodClass": (self) => self.methodClass,
        "category": (self) => self.category,
        "protocol": (self) => self.category,
        "numArgs": (self) => self.selector.includes(":") ? self.selector.split(":").length - 1 : /^[a-zA-Z_]/.test(self.selector) ? 0 : 1,
        "printString": (self) => `${self.methodClass.name}>>#${self.selector}`
    });
    classes.Object.defineClassSide({
        ...defining,
        "new": (self, _a, f, i) => newInstance(self, f, i),
        "basicNew": (self, _a, _f, i) => i.definitions.instantiate(self)
    });
    classes.Class.define<StClass>({
        ...methodsProtocol<StClass>((self) => self),
        "name": (self) => StSymbol.intern(self.name),
        "printString": (self) => self.name,
        "class": (self) => self.metaclass,
        "selectors": (self, _a, _f, i) => [...new Set([...self.methods.keys(), ...i.classes.tablesOf(self).methods.keys()])].sort().map((s) => StSymbol.intern(s)),
        "allSelectors": (self, _a, _f, i) => i.classes.selectors(self).map((s) => StSymbol.intern(s)),
        "classSelectors": (self, _a, _f, i) => i.classes.classSelectors(self).map((s) => StSymbol.intern(s)),
        "superclass": (self) => self.superclass,
        "canUnderstand:": (self, [s], _f, i) => i.classes.lookup(self, expectString(s, "canUnderstand:")) !== undefined,
        "inheritsFrom:": (self, [other]) => other instanceof StClass && other !== self && self.includesBehavior(other),
        "includesBehavior:": (self, [other]) => other instanceof StClass && self.includesBehavior(other),
        "isClass": () => true,
        "instanceVariableNames": (self) => self.instanceVariables.map((n) => StSymbol.intern(n)),
        "instVarNames": (self) => self.instanceVariables.map((n) => StSymbol.intern(n)),
        "allInstVarNames": (self) => self.allInstanceVariables().map((n) => StSymbol.intern(n)),
        "classVarNames": (self) => [...self.classVariables.keys()].sort().map((n) => StSymbol.intern(n)),
        "category": (self) => self.category,
        "package": (self) => self.category,
        "comment": (self) => self.comment,
        "comment:": (self, [text], _f, i) => {
            self.comment = expectString(text, "comment:");
            if (self.userDefined) i.definitions.save(self, `${self.name} comment:`);
            return self;
        },
        "subclasses": (self, _a, _f, i) => i.classes.ownClasses().filter((c) => c.superclass === self),
        "allSubclasses": (self, _a, _f, i) => i.classes.ownClasses().filter((c) => c !== self && c.includesBehavior(self)),
        "removeFromSystem": (self, _a, _f, i) => {
            i.definitions.remove(self);
            return null;
        }
    });
    classes.Metaclass.define<StMetaclass>({
        ...methodsProtocol<StMetaclass>((self) => self),
        "name": (self) => self.name,
        "printString": (self) => self.name,
        "instanceClass": (self) => self.instanceClass,
        "soleInstance": (self) => self.instanceClass,
        "selectors": (self, _a, _f, i) => i.classes.classSelectors(self.instanceClass).map((s) => StSymbol.intern(s)),
        "superclass": (self) => self.instanceClass.superclass?.metaclass ?? classes.Class,
        "isClass": () => true,
        "isMeta": () => true
    });
}
