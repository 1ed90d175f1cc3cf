import {SlotValidationError, personaSlotNames} from "../objects/index.js";

/**
 * What `at:put:` may write into each slot of a persona. Identity slots change only through their
 * validated messages (see identitySlots); structured
 * slots are checked for shape; free slots accept any value the image codec can encode.
 * A rejected write changes nothing.
 */
export function validateSlotWrite(slot: string, value: unknown): void {
    checkSlotName(slot);
    const fix = identitySlots.get(slot);
    if (fix !== undefined) throw new SlotValidationError(slot, `no writes through at:put: (it is part of the persona's identity); ${fix}`, describe(value));
    switch (slot) {
        case "methods":
            throw new SlotValidationError(slot, "no direct writes: use compile: and removeMethod:", describe(value));
        case "subscriptions":
            throw new SlotValidationError(slot, "no direct writes: use on:do: and unsubscribe:", describe(value));
        case "goldenDataset":
            checkArray(slot, value, (item) => isObject(item) && Array.isArray(item.messages) && item.messages.every(isChatMessage),
                "an Array of samples, each with messages ({role, content})");
            return;
        case "scrapbook":
            checkArray(slot, value, (item) => isObject(item) && Array.isArray(item.messages), "an Array of entries, each with messages");
            return;
        case "performanceMetrics":
            checkArray(slot, value, (item) => isObject(item) && typeof item.name === "string" && typeof item.value === "number" && item.at instanceof Date,
                "an Array of points {at: Date, name: String, value: Number}");
            return;
        case "slots":
            if (!isObject(value)) throw new SlotValidationError(slot, "a Dictionary of free slots", describe(value));
            for (const [key, item] of Object.entries(value)) {
                checkSlotName(key);
                checkEncodable(`slots.${key}`, item);
            }
            return;
        default:
            checkEncodable(slot, value);
    }
}

/**
 * The identity slots and the validated message that changes each one: names stay unique,
 * parents acyclic, model and adapter files checked (the ProtoManager's swap path).
 */
export const identitySlots: ReadonlyMap<string, string> = new Map([
    ["personaId", "a persona keeps its id for ever"],
    ["codex", "the codex is the persona's organization and does not change at run time"],
    ["codexPath", "the codex is the persona's organization and does not change at run time"],
    ["createdAt", "it records when the persona was made"],
    ["name", "use rename: 'NEWNAME', which keeps names unique"],
    ["parent", "use parent: aPersona (or parent: nil), which refuses a delegation cycle"],
    ["baseModelPath", "use useEngine: 'models/x.gguf' (or 'ollama://host:port/model'), or swapModel: 'model.gguf', which check it"],
    ["baseModelFingerprint", "it is the sha256 and size of the model file, recorded by swapModel: and living-image model locate"],
    ["activeAdapterPath", "use swapAdapter: 'adapter.gguf' (or swapAdapter: nil), which checks the file"]
]);

/** A slot or selector name must never name a JavaScript property of the record holding it. */
export function checkSlotName(slot: string): void {
    if (slot === "__proto__" || slot.length === 0)
        throw new SlotValidationError(slot === "" ? "(empty)" : slot, "a slot name other than __proto__ or the empty name", "a name the image cannot hold");
}

/** The slots of PersonaRecord; anything else lives in `slots`. */
export const recordSlots: ReadonlySet<string> = new Set<string>(personaSlotNames);

function checkArray(slot: string, value: unknown, ok: (item: Record<string, unknown>) => boolean, expected: string): void {
    if (!Array.isArray(value)) throw new SlotValidationError(slot, expected, describe(value));
    value.forEach((item, index) => {
        if (!isObject(item) || !ok(item)) throw new SlotValidationError(`${slot}[${index + 1}]`, expected, describe(item));
    });
}

function isChatMessage(value: unknown): boolean {
    return isObject(value) && (value.role === "system" || value.role === "user" || value.role === "assistant") && typeof value.content === "string";
}

function isObject(value: unknown): value is Record<string, unknown> {
    return value != null && typeof value === "object" && !Array.isArray(value);
}

/** Only plain data goes into the image: no functions, blocks or live objects. */
function checkEncodable(slot: string, value: unknown, depth = 0): void {
    if (depth > 64) throw new SlotValidationError(slot, "data nested at most 64 deep", "deeper data (a cycle?)");
    if (value == null || ["string", "number", "boolean", "bigint"].includes(typeof value)) return;
    if (value instanceof Date || value instanceof RegExp) return;
    if (typeof value === "function" || typeof value === "symbol")
        throw new SlotValidationError(slot, "plain data (strings, numbers, arrays, dictionaries…)", describe(value));
    if (Array.isArray(value) || value instanceof Set) {
        for (const item of value) checkEncodable(slot, item, depth + 1);
        return;
    }
    if (value instanceof Map) {
        for (const [k, v] of value) {
            checkEncodable(slot, k, depth + 1);
            checkEncodable(slot, v, depth + 1);
        }
        return;
    }
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null)
        throw new SlotValidationError(slot, "plain data (strings, numbers, arrays, dictionaries…); store a persona's name instead of the persona", describe(value));
    for (const item of Object.values(value as object)) checkEncodable(slot, item, depth + 1);
}

function describe(value: unknown): string {
    if (value === null || value === undefined) return "nil";
    if (typeof value === "string") return `the String ${JSON.stringify(value.length > 40 ? value.slice(0, 37) + "..." : value)}`;
    if (Array.isArray(value)) return `an Array of ${value.length}`;
    if (typeof value === "object") {
        const constructorName = (Object.getPrototypeOf(value) as {constructor?: {name?: string}} | null)?.constructor?.name;
        return `a${/^[AEIOU]/.test(constructorName ?? "Object") ? "n" : ""} ${constructorName ?? "Object"}`;
    }
    return `${typeof value === "number" ? "the Number" : "a " + typeof value} ${String(value)}`;
}
