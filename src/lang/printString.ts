import {Message, Proto, passMarker} from "../objects/index.js";
import {BlockClosure} from "./BlockClosure.js";
import {classOf} from "./classes.js";
import {describeContext} from "./describeContext.js";
import {Frame} from "./Frame.js";
import {exceptionDescription} from "./exceptionText.js";
import {StClass, StMetaclass, StObject} from "./StClass.js";
import {ExceptionObject} from "./values/ExceptionObject.js";
import {ExceptionSet} from "./values/ExceptionSet.js";
import {Association} from "./values/Association.js";
import {Character} from "./values/Character.js";
import {CompiledMethod} from "./values/CompiledMethod.js";
import {Dictionary} from "./values/Dictionary.js";
import {Bag} from "./values/Bag.js";
import {ByteArray} from "./values/ByteArray.js";
import {Float} from "./values/Float.js";
import {Fraction} from "./values/Fraction.js";
import {Interval} from "./values/Interval.js";
import {Point} from "./values/Point.js";
import {ScaledDecimal} from "./values/ScaledDecimal.js";
import {SortedCollection} from "./values/SortedCollection.js";
import {OrderedCollection} from "./values/OrderedCollection.js";
import {StSet} from "./values/StSet.js";
import {Stream} from "./values/Stream.js";
import {StString} from "./values/StString.js";
import {StSymbol} from "./values/StSymbol.js";

/** Printing stops after this many characters (Pharo's printStringLimitedTo:), so a huge collection cannot flood the UI. */
const printLimit = 100_000;
const maxPrintDepth = 32;

/**
 * How the interpreter that owns an object's class prints it when the class defines printOn:
 * (or printString, displayString) in Smalltalk; undefined: print it the built-in way.
 */
export type CustomPrinter = (value: StObject, display: boolean) => string | undefined;

let customPrinter: CustomPrinter | null = null;

/** Installed once by the interpreter module, so Print it and nested printing honour printOn: overrides. */
export function setCustomPrinter(printer: CustomPrinter): void {
    customPrinter = printer;
}

/** Smalltalk `printString`: how the value would be written as source (`'it''s'`, `#foo`, `$a`, `3.0`, `#(1 $a 'b' #c)`). */
export function printString(value: unknown): string {
    const printer = new Printer(false, true);
    printer.print(value, 0);
    return printer.text();
}

/** Smalltalk `displayString`: for the user, not the compiler (strings without quotes, symbols without #). */
export function displayString(value: unknown): string {
    const printer = new Printer(true, true);
    printer.print(value, 0);
    return printer.text();
}

/** What Object>>printOn: writes: the built-in form of the value itself, never its class's override (its elements keep theirs). */
export function basicPrintString(value: unknown): string {
    const printer = new Printer(false, false);
    printer.print(value, 0);
    return printer.text();
}

/** `a String`, `an Array`: the article and class name Smalltalk uses for an instance. */
export function anArticle(name: string): string {
    return /^[AEIOU]/.test(name) ? `an ${name}` : `a ${name}`;
}

/** A Float as Smalltalk writes it: always with a fraction or exponent (`3.0`, `1.0e21`, `Float infinity`). */
export function formatFloat(x: number): string {
    if (Number.isNaN(x)) return "Float nan";
    if (x === Infinity) return "Float infinity";
    if (x === -Infinity) return "Float negativeInfinity";
    const text = String(x);
    const e = text.indexOf("e");
    if (e >= 0) {
        const mantissa = text.slice(0, e);
        return `${mantissa.includes(".") ? mantissa : mantissa + ".0"}e${text.slice(e + 1).replace("+", "")}`;
    }
    return text.includes(".") ? text : text + ".0";
}

/** `#foo`, `#at:put:`, `#+`, or `#'hello world'` for a name that is not a selector. */
export function printSymbol(name: string): string {
    if (/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name) || /^([a-zA-Z_][a-zA-Z0-9_]*:)+$/.test(name) || /^[-!%&*+,/<=>?@\\~|]+$/.test(name))
        return "#" + name;
    return "#'" + name.replace(/'/g, "''") + "'";
}

function isLiteral(value: unknown, depth: number): boolean {
    if (value == null || typeof value === "boolean" || typeof value === "number" || typeof value === "bigint" || typeof value === "string") return true;
    if (value instanceof Float || value instanceof StSymbol || value instanceof Character || value instanceof ScaledDecimal || value instanceof StString) return true;
    if (value instanceof ByteArray) return true;
    if (Array.isArray(value)) return depth < maxPrintDepth && value.every((item: unknown) => isLiteral(item, depth + 1));
    return false;
}

class Printer {
    private readonly parts: string[] = [];
    private length = 0;
    private full = false;
    private readonly active = new Set<unknown>();

    public constructor(private readonly display: boolean, private readonly customTop: boolean) {}

    public text(): string {
        return this.parts.join("") + (this.full ? "...etc..." : "");
    }

    private write(text: string): void {
        if (this.full) return;
        if (this.length + text.length > printLimit) {
            this.parts.push(text.slice(0, printLimit - this.length));
            this.full = true;
            this.length = printLimit;
            return;
        }
        this.parts.push(text);
        this.length += text.length;
    }

    public print(value: unknown, depth: number): void {
        if (this.full) return;
        if (value === null || value === undefined) return this.write("nil");
        switch (typeof value) {
            case "boolean": return this.write(String(value));
            case "number": return this.write(Number.isInteger(value) ? String(value) : formatFloat(value));
            case "bigint": return this.write(value.toString());
            case "string": return this.printText(value, depth);
            case "symbol": return this.write(value === passMarker ? "a PassMarker" : "a HostObject");
            case "function": return this.write("a HostObject(function)");
            default: break;
        }
        if (value instanceof StString) return this.printText(value.toString(), depth);
        if (value instanceof Float) return this.write(formatFloat(value.value));
        if (value instanceof Fraction || value instanceof ScaledDecimal) return this.write(value.toString());
        if (value instanceof StSymbol) return this.write(this.display && depth === 0 ? value.name : printSymbol(value.name));
        if (value instanceof Character) return this.write(this.display && depth === 0 ? value.string : "$" + value.string);
        if (value instanceof Proto) return this.write(value.toString());
        if (value instanceof StClass || value instanceof StMetaclass) return this.write(value.name);
        if (value instanceof StObject && customPrinter != null && (depth > 0 || this.customTop)) {
            const custom = customPrinter(value, this.display && depth === 0);
            if (custom !== undefined) return this.write(custom);
        }
        if (value instanceof ExceptionObject) return this.write(exceptionDescription(value));
        if (value instanceof BlockClosure) return this.write(value.code.source);
        if (this.active.has(value) || depth > maxPrintDepth) return this.write("...");
        this.active.add(value);
        try {
            this.printComposite(value as object, depth);
        } finally {
            this.active.delete(value);
        }
    }

    private printText(text: string, depth: number): void {
        this.write(this.display && depth === 0 ? text : "'" + text.replace(/'/g, "''") + "'");
    }

    private printAll(items: readonly unknown[], depth: number, separator: string): void {
        items.forEach((item, i) => {
            if (i > 0) this.write(separator);
            this.print(item, depth + 1);
        });
    }

    private printComposite(value: object, depth: number): void {
        if (value instanceof ByteArray) return this.write(`#[${value.join(" ")}]`);
        if (value instanceof Point) {
            this.write("(");
            this.print(value.x, depth + 1);
            this.write("@");
            this.print(value.y, depth + 1);
            return this.write(")");
        }
        if (value instanceof Interval) {
            this.write("(");
            this.print(value.first, depth + 1);
            this.write(" to: ");
            this.print(value.last, depth + 1);
            if (value.step !== 1) {
                this.write(" by: ");
                this.print(value.step, depth + 1);
            }
            return this.write(")");
        }
        if (value instanceof SortedCollection) return this.collection("a SortedCollection", value.items, depth);
        if (value instanceof Bag) return this.collection("a Bag", value.values(), depth);
        if (Array.isArray(value)) {
            if (isLiteral(value, depth)) {
                this.write("#(");
                this.printAll(value, depth, " ");
                return this.write(")");
            }
            this.write("{");
            this.printAll(value, depth, ". ");
            return this.write("}");
        }
        if (value instanceof OrderedCollection) return this.collection("an OrderedCollection", value.items, depth);
        if (value instanceof StSet) return this.collection("a Set", value.values(), depth);
        if (value instanceof Dictionary) {
            this.write("a Dictionary(");
            for (const association of value.associations()) {
                this.printAssociation(association, depth + 1);
                this.write(" ");
            }
            return this.write(")");
        }
        if (value instanceof Association) return this.printAssociation(value, depth);
        if (value instanceof Message) {
            if (value.args.length === 0) return this.write(value.selector);
            const keywords = value.selector.includes(":") ? value.selector.split(":").slice(0, -1).map((k) => k + ":") : [value.selector];
            keywords.forEach((keyword, i) => {
                if (i > 0) this.write(" ");
                this.write(keyword + " ");
                this.print(value.args[i], depth + 1);
            });
            return;
        }
        if (value instanceof Frame) return this.write(describeContext(value));
        if (value instanceof CompiledMethod) return this.write(`${value.methodClass.name}>>#${value.selector}`);
        if (value instanceof Error) return this.write(`${value.name}: ${value.message}`);
        if (value instanceof ExceptionSet) return this.write("an ExceptionSet");
        if (classOf(value).name === "SmalltalkImage") return this.write("Smalltalk");
        if (value instanceof Stream) return this.write(value.kind === "write" ? "a WriteStream" : "a ReadStream");
        if (value instanceof Date) return this.write(`a Date(${Number.isNaN(value.getTime()) ? "invalid" : value.toISOString()})`);
        const cls = classOf(value);
        if (cls.name === "Record") {
            this.write("a Record(");
            let first = true;
            for (const key of Object.keys(value)) {
                if (!first) this.write(" ");
                first = false;
                this.write(key + ": ");
                const descriptor = Object.getOwnPropertyDescriptor(value, key);
                this.print(descriptor != null && "value" in descriptor ? descriptor.value : undefined, depth + 1);
                if (this.full) break;
            }
            return this.write(")");
        }
        return this.write(anArticle(cls.name));
    }

    private collection(prefix: string, items: readonly unknown[], depth: number): void {
        this.write(prefix + "(");
        this.printAll(items, depth, " ");
        this.write(")");
    }

    private printAssociation(association: Association, depth: number): void {
        this.print(association.key, depth + 1);
        this.write("->");
        this.print(association.value, depth + 1);
    }
}
