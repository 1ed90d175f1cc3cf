import type {ImageSettings} from "../image/index.js";
import type {PersonaRecord} from "../objects/index.js";

/** The numbers that steer curation and the loop for one persona. */
export type CurationSettings = {
    /** A judged interaction at or above this golden score becomes a sample (default 4.5). */
    goldenThreshold: number,
    /** New samples since the last cycle that start a forge run (default 500). */
    forgeThreshold: number,
    /** The fraction of samples held out for validation (default 0.1). */
    heldOutFraction: number
};

export const defaultCuration: CurationSettings = {goldenThreshold: 4.5, forgeThreshold: 500, heldOutFraction: 0.1};

/** I mean a threshold in a persona's slots or the image's settings is not a usable number. */
export class CurationSettingError extends Error {
    public readonly userError = true;
    public override readonly name = "CurationSettingError";

    public constructor(public readonly key: keyof CurationSettings, public readonly where: string, public readonly value: unknown, public readonly expected: string) {
        super(`${where}.${key} is ${JSON.stringify(value)}; expected ${expected}. Set it with \`PERSONA at: #${key} put: …\` or remove it to use the image's setting.`);
    }
}

/**
 * A persona's curation settings: its free slots (`record.slots.forgeThreshold` …) first, then the image's
 * settings, then the defaults. @throws CurationSettingError for a value out of range.
 */
export function curationSettings(record: PersonaRecord, settings: ImageSettings): CurationSettings {
    const pick = (key: keyof CurationSettings, check: (n: number) => boolean, expected: string): number => {
        for (const [where, source] of [[`${record.name}.slots`, record.slots], ["settings", settings]] as const) {
            const value = (source as Record<string, unknown>)[key];
            if (value == null) continue;
            if (typeof value !== "number" || !check(value)) throw new CurationSettingError(key, where, value, expected);
            return value;
        }
        return defaultCuration[key];
    };
    return {
        goldenThreshold: pick("goldenThreshold", (n) => n >= 1 && n <= 5, "a number from 1 to 5"),
        forgeThreshold: pick("forgeThreshold", (n) => Number.isInteger(n) && n >= 1, "a whole number ≥ 1"),
        heldOutFraction: pick("heldOutFraction", (n) => n >= 0 && n < 1, "a fraction in [0, 1)")
    };
}
