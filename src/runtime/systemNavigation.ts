import type {WorldState} from "../image/index.js";
import {classCatalog, parseExpression, parseMethod, StSymbol} from "../lang/index.js";

/**
 * A place in the image's code where a selector is found: a persona's method, a persona's bus handler
 * (a block kept as source), a built-in class of the language, or a primitive every persona answers.
 * `approximate` marks a source that no longer parses, matched by its text instead.
 */
export type CodeLocation =
    | {kind: "method", persona: string, selector: string, category: string, source: string, approximate: boolean}
    | {kind: "handler", persona: string, event: string, source: string, approximate: boolean}
    | {kind: "class", className: string, selector: string, side: "instance" | "class"}
    | {kind: "primitive", selector: string};

/** What a piece of source sends and names: selectors sent (cascades included) and symbol literals. */
type Words = {sends: ReadonlySet<string>, symbols: ReadonlySet<string>} | null;

const wordsCache = new Map<string, Words>();
const cacheLimit = 20_000;

/**
 * Senders: persona methods and bus handlers whose code sends `selector`, in every persona of `world`,
 * in the order of the personas and then of the selectors. Built-in classes have no Smalltalk source to send from.
 */
export function sendersOf(world: WorldState, selector: string): CodeLocation[] {
    return search(world, selector, (words) => words.sends.has(selector));
}

/**
 * References: code that names `name` as a symbol literal (`perform: #name`, `respondsTo: #name`,
 * `at: #name put:`), which is how Smalltalk refers to a selector or a slot without sending it.
 */
export function referencesTo(world: WorldState, name: string): CodeLocation[] {
    return search(world, name, (words) => words.symbols.has(name));
}

/**
 * Implementors: the personas with a method of that selector, the built-in classes that define it,
 * and, when every persona answers it as a primitive (`chat:`, `at:put:`), that primitive.
 */
export function implementorsOf(world: WorldState, selector: string, primitives: Iterable<string> = []): CodeLocation[] {
    const found: CodeLocation[] = [];
    for (const record of Object.values(world.personas)) {
        const method = record.methods[selector];
        if (method != null) found.push({kind: "method", persona: record.name, selector, category: method.category, source: method.source, approximate: false});
    }
    for (const c of classCatalog()) {
        if (c.selectors.includes(selector)) found.push({kind: "class", className: c.name, selector, side: "instance"});
        if (c.classSelectors.includes(selector)) found.push({kind: "class", className: c.name, selector, side: "class"});
    }
    for (const primitive of primitives) if (primitive === selector) found.push({kind: "primitive", selector});
    return found;
}

function search(world: WorldState, word: string, test: (words: {sends: ReadonlySet<string>, symbols: ReadonlySet<string>}) => boolean): CodeLocation[] {
    const found: CodeLocation[] = [];
    const firstKeyword = word.includes(":") ? word.slice(0, word.indexOf(":") + 1) : word;
    for (const record of Object.values(world.personas)) {
        for (const method of Object.values(record.methods).sort((a, b) => a.selector.localeCompare(b.selector))) {
            const words = wordsOf(method.source, "method");
            if (words == null ? method.source.includes(firstKeyword) : test(words))
                found.push({kind: "method", persona: record.name, selector: method.selector, category: method.category, source: method.source, approximate: words == null});
        }
        for (const handler of Object.values(record.subscriptions)) {
            const words = wordsOf(handler.source, "block");
            if (words == null ? handler.source.includes(firstKeyword) : test(words))
                found.push({kind: "handler", persona: record.name, event: handler.eventName, source: handler.source, approximate: words == null});
        }
    }
    return found;
}

/** The words of a method or block source, parsed once per distinct source; null when it does not parse. */
function wordsOf(source: string, as: "method" | "block"): Words {
    const key = `${as}\u0000${source}`;
    if (wordsCache.has(key)) return wordsCache.get(key)!;
    let words: Words;
    try {
        const tree = as === "method" ? parseMethod(source) : parseExpression(source);
        const sends = new Set<string>();
        const symbols = new Set<string>();
        collect(tree, sends, symbols);
        words = {sends, symbols};
    } catch {
        words = null;
    }
    if (wordsCache.size >= cacheLimit) wordsCache.clear();
    wordsCache.set(key, words);
    return words;
}

/**
 * Walks a syntax tree by its data, not by a fixed list of node kinds, so that nodes the language gains
 * later are searched too: every `send` and `cascade` message gives a selector, every Symbol a name.
 */
function collect(node: unknown, sends: Set<string>, symbols: Set<string>): void {
    if (node instanceof StSymbol) {
        symbols.add(node.name);
        return;
    }
    if (Array.isArray(node)) {
        for (const child of node) collect(child, sends, symbols);
        return;
    }
    if (node == null || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    if (record.kind === "send" && typeof record.selector === "string") sends.add(record.selector);
    if (record.kind === "cascade" && Array.isArray(record.messages))
        for (const message of record.messages as {selector?: unknown}[]) if (typeof message.selector === "string") sends.add(message.selector);
    for (const [key, value] of Object.entries(record)) if (key !== "source" && value != null && typeof value === "object") collect(value, sends, symbols);
}
