import type {Codex} from "./Codex.js";
import {nearestWords} from "./levenshtein.js";

/** One thing wrong in a codex: `jsonPath` names the value, e.g. `$.rubric[2].weight`; `problem` says what it must be and what it is. */
export type CodexProblem = {jsonPath: string, problem: string};

/** A codex that does not match the schema. `jsonPath` and `problem` are the first of `problems`. */
export class InvalidCodexError extends Error {
    public readonly userError = true;
    public override readonly name = "InvalidCodexError";
    public readonly jsonPath: string;
    public readonly problem: string;

    public constructor(public readonly file: string, public readonly problems: readonly CodexProblem[]) {
        const lines = problems.map((p) => `${p.jsonPath} ${p.problem}`);
        super(`${file}: ${lines.length === 1 ? lines[0] : `${lines.length} problems:\n  ${lines.join("\n  ")}\n`}. `
            + `Fix the codex file; codices/codex.schema.json describes every field.`);
        this.jsonPath = problems[0]?.jsonPath ?? "$";
        this.problem = problems[0]?.problem ?? "is not a codex";
    }
}

/** The kinds of zod issue this file reads (zod's own type is not imported, to keep zod off the start path). */
type Issue = {code: string, path: PropertyKey[], message: string, keys?: string[]};

/**
 * Checks a parsed codex against src/objects/codexSchema.ts and answers it typed.
 * Throws InvalidCodexError naming the JSON path, the expectation and the value found of each problem.
 * Async because the schema (and zod) is loaded on first use only.
 */
export async function validateCodex(value: unknown, file: string): Promise<Codex> {
    const {codexSchema} = await import("./codexSchema.js");
    const result = codexSchema.safeParse(value);
    if (result.success) return result.data;
    const problems = (result.error.issues as Issue[]).flatMap((issue) => describeIssue(issue, value, (p) => allowedKeys(codexSchema, p)));
    throw new InvalidCodexError(file, problems);
}

function describeIssue(issue: Issue, root: unknown, keysAt: (path: PropertyKey[]) => string[]): CodexProblem[] {
    if (issue.code === "unrecognized_keys") {
        const known = keysAt(issue.path);
        return (issue.keys ?? []).map((key) => {
            const near = nearestWords(key, known, 1);
            return {jsonPath: jsonPath([...issue.path, key]), problem: `is not a codex field${near.length > 0 ? ` (did you mean ${near[0]}?)` : ""}; the fields here are ${known.join(", ")}`};
        });
    }
    // A refinement's message already says what it found.
    if (issue.code === "custom") return [{jsonPath: jsonPath(issue.path), problem: issue.message}];
    return [{jsonPath: jsonPath(issue.path), problem: `${issue.message}, found ${describe(valueAt(root, issue.path))}`}];
}

/** `$.rubric[1].descriptors["3"]`: indexes in brackets, identifiers after a dot, anything else quoted. */
function jsonPath(path: readonly PropertyKey[]): string {
    return "$" + path.map((key) => typeof key === "number" ? `[${key}]`
        : typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(String(key))}]`).join("");
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
    let value = root;
    for (const key of path) {
        if (value == null || typeof value !== "object") return undefined;
        value = (value as Record<PropertyKey, unknown>)[key];
    }
    return value;
}

/** The field names the schema allows at `path`, read from the schema itself so they never drift. */
function allowedKeys(schema: unknown, path: readonly PropertyKey[]): string[] {
    let node = schema as {shape?: Record<string, unknown>, element?: unknown} | undefined;
    for (const key of path) node = (typeof key === "number" ? node?.element : node?.shape?.[String(key)]) as typeof node;
    return Object.keys(node?.shape ?? {});
}

function describe(value: unknown): string {
    if (value === undefined) return "nothing";
    if (value === null) return "null";
    if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? "" : "s"}`;
    if (typeof value === "string") return JSON.stringify(value.length > 30 ? value.slice(0, 27) + "..." : value);
    if (typeof value === "object") return "an object";
    return `${typeof value} ${String(value)}`;
}
