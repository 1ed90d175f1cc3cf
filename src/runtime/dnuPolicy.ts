import type {ImageSettings} from "../image/index.js";
import type {PersonaRecord} from "../objects/index.js";

/**
 * What happens when a persona receives a message it has no method for (after its own
 * `doesNotUnderstand:` method, which always comes first):
 * - `debug`: the debugger opens on the failed send (the browser's default);
 * - `signal`: a MessageNotUnderstood error with the stack ends the run (the default of eval, run and the API);
 * - `ask`: the persona's model answers in prose, marked as the model's answer;
 * - `synthesize`: the persona's model drafts the method, which is gated and installed.
 */
export type DnuPolicy = "debug" | "signal" | "ask" | "synthesize";

export const dnuPolicies: readonly DnuPolicy[] = ["debug", "signal", "ask", "synthesize"];

/** The persona slot (then the image setting) that names a policy. */
export const dnuPolicySlot = "doesNotUnderstandPolicy";

/** A policy value that is not one of the four. Nothing was changed. */
export class DnuPolicyError extends Error {
    public readonly userError = true;
    public override readonly name = "DnuPolicyError";

    public constructor(public readonly where: string, public readonly found: string, reason?: string) {
        super(reason ?? `${where} is ${found}, which is not a doesNotUnderstand policy. ` +
            `Use one of ${dnuPolicies.map((p) => "#" + p).join(", ")}, e.g. BRICK ${dnuPolicySlot}: #signal.`);
    }
}

/** The policy named by a stored value: a String or a Symbol (plain or as the image stores it), with or without `#`. */
export function parseDnuPolicy(value: unknown, where: string): DnuPolicy | null {
    if (value == null) return null;
    let name: unknown = value;
    if (typeof value === "object" && value !== null) {
        const record = value as {$st?: unknown, name?: unknown};
        name = record.$st === "Symbol" || typeof record.name === "string" ? record.name : undefined;
    }
    if (typeof name !== "string") throw new DnuPolicyError(where, describe(value));
    const bare = name.startsWith("#") ? name.slice(1) : name;
    if (!(dnuPolicies as readonly string[]).includes(bare)) throw new DnuPolicyError(where, JSON.stringify(name));
    return bare as DnuPolicy;
}

/** The policy that applies to a persona: its slot, else the image setting, else `fallback` (the front end's default). */
export function dnuPolicyOf(record: PersonaRecord, settings: ImageSettings, fallback: DnuPolicy): DnuPolicy {
    return parseDnuPolicy(record.slots[dnuPolicySlot], `${record.name}'s slot ${dnuPolicySlot}`)
        ?? parseDnuPolicy(settings[dnuPolicySlot], `the image setting ${dnuPolicySlot}`)
        ?? fallback;
}

function describe(value: unknown): string {
    if (typeof value === "object" && value !== null) return Array.isArray(value) ? "an Array" : "an object";
    return String(value);
}
