import type {Codex} from "./Codex.js";

/** A codex that does not match the schema. `jsonPath` names the offending value, e.g. `$.rubric[2].weight`. */
export class InvalidCodexError extends Error {
    public readonly userError = true;
    public override readonly name = "InvalidCodexError";

    public constructor(public readonly file: string, public readonly jsonPath: string, public readonly problem: string) {
        super(`${file}: ${jsonPath} ${problem}. Fix the codex file; see codices/codex.schema.json for the shape.`);
    }
}

const axisIds = ["logical_rigor", "creative_synthesis", "dissonance_resolution", "task_efficacy"] as const;

/**
 * Checks a parsed codex against the schema and answers it typed.
 * Throws InvalidCodexError naming the JSON path of the first problem found.
 */
export function validateCodex(value: unknown, file: string): Codex {
    const fail = (path: string, problem: string): never => {
        throw new InvalidCodexError(file, path, problem);
    };
    const object = (v: unknown, path: string): Record<string, unknown> => {
        if (v == null || typeof v !== "object" || Array.isArray(v)) fail(path, `must be an object, found ${describe(v)}`);
        return v as Record<string, unknown>;
    };
    const string = (v: unknown, path: string): string => {
        if (typeof v !== "string" || v.trim() === "") fail(path, `must be a non-empty string, found ${describe(v)}`);
        return v as string;
    };
    const number = (v: unknown, path: string, min: number, max: number): number => {
        if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max)
            fail(path, `must be a number from ${min} to ${max}, found ${describe(v)}`);
        return v as number;
    };
    const array = (v: unknown, path: string, minLength: number): unknown[] => {
        if (!Array.isArray(v)) fail(path, `must be an array, found ${describe(v)}`);
        if ((v as unknown[]).length < minLength) fail(path, `must hold at least ${minLength} item${minLength === 1 ? "" : "s"}`);
        return v as unknown[];
    };

    const root = object(value, "$");
    if (root.schemaVersion !== 1) fail("$.schemaVersion", `must be 1, found ${describe(root.schemaVersion)}`);
    const name = string(root.name, "$.name");
    if (!/^[A-Z][A-Z0-9_]*$/.test(name)) fail("$.name", `must be an upper-case identifier like BRICK, found ${JSON.stringify(name)}`);
    string(root.identity, "$.identity");
    string(root.role, "$.role");
    const voice = object(root.voice, "$.voice");
    string(voice.description, "$.voice.description");
    array(voice.styleMarkers, "$.voice.styleMarkers", 1).forEach((m, i) => string(m, `$.voice.styleMarkers[${i}]`));
    const principleIds = new Set<string>();
    array(root.principles, "$.principles", 1).forEach((p, i) => {
        const principle = object(p, `$.principles[${i}]`);
        const id = string(principle.id, `$.principles[${i}].id`);
        if (principleIds.has(id)) fail(`$.principles[${i}].id`, `repeats the id ${JSON.stringify(id)}`);
        principleIds.add(id);
        string(principle.statement, `$.principles[${i}].statement`);
        number(principle.weight, `$.principles[${i}].weight`, 0, 1);
    });
    const rubric = array(root.rubric, "$.rubric", 4);
    const seen = new Set<string>();
    let weights = 0;
    rubric.forEach((a, i) => {
        const axis = object(a, `$.rubric[${i}]`);
        const id = string(axis.id, `$.rubric[${i}].id`);
        if (!(axisIds as readonly string[]).includes(id)) fail(`$.rubric[${i}].id`, `must be one of ${axisIds.join(", ")}, found ${JSON.stringify(id)}`);
        if (seen.has(id)) fail(`$.rubric[${i}].id`, `repeats the axis ${id}`);
        seen.add(id);
        string(axis.name, `$.rubric[${i}].name`);
        weights += number(axis.weight, `$.rubric[${i}].weight`, 0, 1);
        const descriptors = object(axis.descriptors, `$.rubric[${i}].descriptors`);
        for (const level of ["1", "3", "5"]) string(descriptors[level], `$.rubric[${i}].descriptors["${level}"]`);
    });
    for (const id of axisIds) if (!seen.has(id)) fail("$.rubric", `lacks the axis ${id}`);
    if (Math.abs(weights - 1) > 1e-6) fail("$.rubric", `weights must add up to 1, found ${weights.toFixed(3)}`);
    array(root.examples, "$.examples", 1).forEach((e, i) => {
        const example = object(e, `$.examples[${i}]`);
        string(example.user, `$.examples[${i}].user`);
        string(example.persona, `$.examples[${i}].persona`);
    });
    return value as Codex;
}

function describe(value: unknown): string {
    if (value === undefined) return "nothing";
    if (value === null) return "null";
    if (Array.isArray(value)) return "an array";
    if (typeof value === "string") return JSON.stringify(value.length > 30 ? value.slice(0, 27) + "..." : value);
    if (typeof value === "object") return "an object";
    return `${typeof value} ${String(value)}`;
}
