/**
 * The prompt a persona's model writes a method from. The genesis model is trained on this very layout
 * (forge-py/forge/genesis/corpus/smalltalk.py, `synthesis_prompt`; test/runtime/synthesis/synthesisPrompt.test.ts
 * checks both sides give the same text): a system line naming the persona, then the selector, the pattern
 * (argument names chosen by the type of each argument), the persona's free slots and methods, the examples,
 * and the failure of the last draft when there was one.
 */

/** What an argument looks like in the examples: a number, a string, a collection, or anything else. */
export type ArgumentType = "int" | "str" | "list" | "any";

export type SynthesisPromptInput = {
    persona: string,
    selector: string,
    argTypes: readonly ArgumentType[],
    slots: readonly string[],
    methods: readonly string[],
    /** Smalltalk expressions about the persona `p` (an example's body, or a bare send of the failing message). */
    examples: readonly string[],
    /** Why the last draft failed (the smallest failing example), or null. */
    failure?: string | null
};

/** Methods listed at most (a small model has a 512-token context). */
const methodsListed = 8;
const argNamePools: Record<ArgumentType, readonly string[]> = {int: ["n", "m", "k"], str: ["s", "t", "u"], list: ["c", "d", "e"], any: ["x", "y", "z"]};

/** Argument names by type and position: `n` then `m` for numbers, `s`, `t` for strings, `c`, `d` for collections. */
export function argumentNames(types: readonly ArgumentType[]): string[] {
    const used = new Map<ArgumentType, number>();
    return types.map((type) => {
        const i = used.get(type) ?? 0;
        used.set(type, i + 1);
        const pool = argNamePools[type];
        return i < pool.length ? pool[i]! : `${pool[0]}${i + 1}`;
    });
}

/** `sum: n with: m` for `sum:with:` and its argument names; a unary or binary selector as it is. */
export function methodPattern(selector: string, names: readonly string[]): string {
    if (!selector.endsWith(":")) return /^[a-zA-Z_]/.test(selector) ? selector : `${selector} ${names[0] ?? "x"}`;
    const parts = selector.slice(0, -1).split(":");
    return parts.map((part, i) => `${part}: ${names[i]}`).join(" ");
}

export function synthesisSystem(persona: string): string {
    return `You are ${persona}. You write methods in Smalltalk.`;
}

export function synthesisPrompt(input: SynthesisPromptInput): {system: string, user: string} {
    const sortedSlots = [...input.slots].sort();
    const sortedMethods = [...input.methods].sort().slice(0, methodsListed);
    const lines = [
        `Write the method #${input.selector} for ${input.persona}.`,
        `Pattern: ${methodPattern(input.selector, argumentNames(input.argTypes))}`,
        `Slots: ${sortedSlots.length > 0 ? sortedSlots.join(" ") : "(none)"}`,
        `Methods: ${sortedMethods.length > 0 ? sortedMethods.join(" ") : "(none)"}`,
        "Examples:",
        ...input.examples
    ];
    if (input.failure != null) lines.push(`Failed: ${input.failure}`);
    return {system: synthesisSystem(input.persona), user: lines.join("\n")};
}
