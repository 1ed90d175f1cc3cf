import {classes} from "../classes.js";
import type {Builtin, StClass} from "../StClass.js";
import {OrderedCollection} from "../values/OrderedCollection.js";
import {StString} from "../values/StString.js";

/**
 * In Pharo every String a send makes is a new one you may change; only literals are read-only.
 * The built-in methods compute host strings (fast, simple); this pass wraps the ones that make
 * text so that what they answer is a fresh StString: every method of String and Symbol (their
 * substrings too), and the printing and converting selectors of every class. A method that
 * answers its receiver (a String's asString) is left as it is.
 */
const textSelectors = ["printString", "displayString", "storeString", "asString", "printString:", "printStringBase:",
    "printPaddedWith:to:", "printStringRadix:", "printShowingDecimalPlaces:", "hex", "printStringHex", "contents", "upToEnd",
    "next:", "upTo:", "join:", "joinUsing:", "description", "fullPrintString", "sourceCode"];

/** Selectors of String's own table that answer the receiver itself. */
const answersReceiver = new Set(["asString", "yourself"]);

/** String selectors that never answer text (the common, hot ones): left unwrapped, so they cost nothing more. */
const neverText = new Set(["size", "at:", "at:put:", "isEmpty", "notEmpty", "isEmptyOrNil", "isString", "isSymbol", "first", "last",
    "includesSubstring:", "beginsWith:", "endsWith:", "indexOf:", "occurrencesOf:", "<", ">", "<=", ">=", "asSymbol", "asNumber",
    "asInteger", "sameAs:", "hash", "numArgs", "value:", "value:value:", "occurrencesOfString:", "replaceAll:with:",
    "replaceFrom:to:with:", "replaceFrom:to:with:startingAt:", "atAllPut:", "swap:with:", "sort", "sort:", "translateToUppercase",
    "translateToLowercase", "isLiteral", "asByteArray", "ascending", "descending"]);

/** `value` with a host string made a fresh StString; `deep`: also the strings in a new Array or OrderedCollection it answers (substrings). */
function fresh(value: unknown, deep: boolean): unknown {
    if (typeof value === "string") return new StString(value);
    if (!deep) return value;
    if (Array.isArray(value) && !Object.isFrozen(value)) {
        for (let k = 0; k < value.length; k++) if (typeof value[k] === "string") value[k] = new StString(value[k] as string);
    } else if (value instanceof OrderedCollection) {
        const items = value.items;
        for (let k = 0; k < items.length; k++) if (typeof items[k] === "string") items[k] = new StString(items[k] as string);
    }
    return value;
}

function wrap(method: Builtin, deep: boolean): Builtin {
    return (self, args, f, i) => {
        const r = method(self, args, f, i);
        return r instanceof Promise ? r.then((v) => fresh(v, deep)) : fresh(r, deep);
    };
}

function wrapTable(table: Map<string, Builtin>, deep: boolean, only: (selector: string) => boolean): void {
    for (const [selector, method] of table) if (only(selector)) table.set(selector, wrap(method, deep));
}

/** Wraps the built-in methods that make text; called once, after every protocol is installed. */
export function installFreshStrings(): void {
    const stringClasses = new Set<StClass>([classes.String, classes.ByteString, classes.Symbol, classes.ByteSymbol]);
    for (const cls of stringClasses) {
        wrapTable(cls.methods, true, (s) => !(cls === classes.String && answersReceiver.has(s)) && s !== "yourself" && !neverText.has(s));
        wrapTable(cls.classMethods, true, () => true);
    }
    const text = new Set(textSelectors);
    for (const cls of Object.values(classes)) {
        if (stringClasses.has(cls)) continue;
        wrapTable(cls.methods, false, (s) => text.has(s));
    }
}
