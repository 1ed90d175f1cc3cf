import {GoldenDataset} from "../objects/index.js";

/**
 * What is wrong with the shape of a state, or null when it is a WorldState every layer can read:
 * the containers each layer walks (personas, settings, history, and each persona's datasets,
 * methods and slots) are there with the right kind. Checked on load and after a journal replay,
 * so that a well-formed patch that replaces a persona's `slots` with null, or the whole state with
 * a number, is refused on open (naming the line) instead of failing later inside the program.
 * Names keys, never values.
 */
export function checkWorldShape(state: unknown): string | null {
    if (!isRecord(state)) return "the state is not a record";
    if (!isRecord(state["personas"])) return "personas is not a record";
    if (!isRecord(state["settings"])) return "settings is not a record";
    if (!Array.isArray(state["playgroundHistory"])) return "playgroundHistory is not a list";
    if (state["classes"] !== undefined && !isRecord(state["classes"])) return "classes is not a record";
    for (const [id, persona] of Object.entries(state["personas"])) {
        if (!isRecord(persona)) return `persona ${id} is not a record`;
        for (const key of personaStrings) if (typeof persona[key] !== "string") return `persona ${id}'s ${key} is not a string`;
        for (const key of personaLists) if (!Array.isArray(persona[key])) return `persona ${id}'s ${key} is not a list`;
        const golden = persona["goldenDataset"];
        if (!(golden instanceof GoldenDataset) && !Array.isArray(golden)) return `persona ${id}'s goldenDataset is not a list`;
        for (const key of personaRecords) if (!isRecord(persona[key])) return `persona ${id}'s ${key} is not a record`;
        for (const key of personaOptionalStrings) {
            const value = persona[key];
            if (value !== null && value !== undefined && typeof value !== "string") return `persona ${id}'s ${key} is neither a string nor nil`;
        }
    }
    return null;
}

const personaStrings = ["personaId", "name"] as const;
const personaLists = ["performanceMetrics", "scrapbook"] as const;
const personaRecords = ["codex", "methods", "slots", "subscriptions"] as const;
const personaOptionalStrings = ["baseModelPath", "activeAdapterPath", "parent"] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
