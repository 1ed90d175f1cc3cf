import type {ImageSettings} from "../../image/index.js";
import type {PersonaRecord} from "../../objects/index.js";

/** How the philosophical loop scouts, proves and ascends for one persona. Every field has a default. */
export type EvolutionSettings = {
    /**
     * The step-change margin, in bits per byte of the persona's held-out replies: a candidate is a step change
     * only if the lower bound of the bootstrap interval of (incumbent − candidate) clears it (default 0.02).
     */
    evolutionMargin: number,
    /** "ask": an ascension waits for the Architect's approval (the default); "automatic": it goes ahead by itself. */
    evolutionMode: "ask" | "automatic",
    /** Minutes between background scouting runs while the image is idle; 0 turns background scouting off (default 0). */
    scoutIntervalMinutes: number,
    /** Held-out golden samples whose replies are measured in bits per byte (default 64, the first by id order). */
    scoutSamples: number,
    /** Held-out prompts each model replies to, for the Oracle's scores, tokens/s and the pairwise judgement (default 4). */
    scoutPrompts: number,
    /** Most tokens of each such reply (default 48). */
    scoutReplyTokens: number,
    /** Bootstrap resamples (default 2000; at least 1000). */
    bootstrapResamples: number,
    /** Training samples of the sandbox's temporary adapter: a representative subset (default 32). */
    sandboxSamples: number,
    /** Forge steps of the sandbox's temporary adapter (default 30) and of the ascension's full adapter (default 60), as given (no maxEpochs cap). */
    sandboxSteps: number,
    ascensionSteps: number
};

export const defaultEvolution: EvolutionSettings = {
    evolutionMargin: 0.02, evolutionMode: "ask", scoutIntervalMinutes: 0, scoutSamples: 64, scoutPrompts: 4, scoutReplyTokens: 48,
    bootstrapResamples: 2000, sandboxSamples: 32, sandboxSteps: 30, ascensionSteps: 60
};

/** I mean a setting of the philosophical loop in a persona's slots or the image's settings is not usable. */
export class EvolutionSettingError extends Error {
    public readonly userError = true;
    public override readonly name = "EvolutionSettingError";

    public constructor(public readonly key: keyof EvolutionSettings, public readonly where: string, public readonly value: unknown, public readonly expected: string) {
        super(`${where}.${key} is ${JSON.stringify(value)}; expected ${expected}. Set it with \`PERSONA at: #${key} put: …\` or remove it to use the image's setting.`);
    }
}

/**
 * A persona's evolution settings: its free slots first (`BRICK at: #evolutionMargin put: 0.05`), then the image's
 * settings, then the defaults. @throws EvolutionSettingError for a value out of range.
 */
export function evolutionSettings(record: PersonaRecord, settings: ImageSettings): EvolutionSettings {
    const sources = [[`${record.name}.slots`, record.slots], ["settings", settings]] as const;
    const pick = <K extends keyof EvolutionSettings>(key: K, check: (v: unknown) => boolean, expected: string): EvolutionSettings[K] => {
        for (const [where, source] of sources) {
            const value = (source as Record<string, unknown>)[key];
            if (value == null) continue;
            if (!check(value)) throw new EvolutionSettingError(key, where, value, expected);
            return value as EvolutionSettings[K];
        }
        return defaultEvolution[key];
    };
    const count = (min: number) => (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= min;
    return {
        evolutionMargin: pick("evolutionMargin", (v) => typeof v === "number" && Number.isFinite(v) && v >= 0, "a number of bits per byte ≥ 0"),
        evolutionMode: pick("evolutionMode", (v) => v === "ask" || v === "automatic", `"ask" or "automatic"`),
        scoutIntervalMinutes: pick("scoutIntervalMinutes", (v) => typeof v === "number" && Number.isFinite(v) && v >= 0, "a number of minutes ≥ 0 (0: off)"),
        scoutSamples: pick("scoutSamples", count(1), "a whole number ≥ 1"),
        scoutPrompts: pick("scoutPrompts", count(0), "a whole number ≥ 0"),
        scoutReplyTokens: pick("scoutReplyTokens", count(1), "a whole number ≥ 1"),
        bootstrapResamples: pick("bootstrapResamples", count(1000), "a whole number ≥ 1000"),
        sandboxSamples: pick("sandboxSamples", count(1), "a whole number ≥ 1"),
        sandboxSteps: pick("sandboxSteps", count(1), "a whole number ≥ 1"),
        ascensionSteps: pick("ascensionSteps", count(1), "a whole number ≥ 1")
    };
}
