import type {ForgeEvent} from "./ForgeEvent.js";

/** A parsed line, or why it is not a valid event (the caller turns that into a ForgeProtocolError). */
export type ParsedLine = {ok: true, event: ForgeEvent} | {ok: false, problem: string};

/**
 * Parses one stdout line of the forge into a typed event and validates its fields.
 * forge-py writes a non-finite loss as null; a writer that uses Python's default `json.dumps` writes the
 * bare token `NaN` or `Infinity` instead, which is not JSON. Such tokens are read as NaN/±Infinity rather
 * than called garbled, because a diverging run is a training result the user should see, not a broken protocol.
 */
export function parseForgeEvent(line: string): ParsedLine {
    let value: unknown;
    try {
        value = JSON.parse(line);
    } catch {
        const repaired = line.replace(/(:\s*)(-?Infinity|NaN)(\s*[,}])/g, (_m, pre: string, token: string, post: string) =>
            `${pre}${JSON.stringify(nonFiniteMarker + token)}${post}`);
        try {
            value = repaired === line ? undefined : JSON.parse(repaired, (_key, v: unknown) =>
                typeof v === "string" && v.startsWith(nonFiniteMarker) ? Number(v.slice(nonFiniteMarker.length)) : v);
        } catch {
            value = undefined;
        }
        if (value === undefined) return {ok: false, problem: "a line that is not JSON"};
    }
    if (typeof value !== "object" || value === null || Array.isArray(value))
        return {ok: false, problem: "a JSON value that is not an object"};
    const record = value as Record<string, unknown>;
    const type = record["type"];
    if (typeof type !== "string") return {ok: false, problem: "an event without a string \"type\""};
    const fields = new Fields(record);
    const event = buildEvent(type, fields);
    if (fields.problem != null) return {ok: false, problem: `a "${type}" event with ${fields.problem}`};
    if (event == null) return {ok: false, problem: `an unknown event type ${JSON.stringify(type)}`};
    return {ok: true, event};
}

const nonFiniteMarker = "\u0000nonfinite:";

function buildEvent(type: string, f: Fields): ForgeEvent | null {
    switch (type) {
        case "start": {
            const {type: _type, command, ...info} = f.record;
            return {type, command: typeof command === "string" ? command : null, info};
        }
        case "progress":
            return {type, step: f.count("step"), total: f.count("total"), loss: f.numberOrNull("loss"),
                tokensPerSecond: f.numberOrNull("tokens_per_s")};
        case "eval": {
            const when = f.string("when");
            if (when !== "before" && when !== "after") f.fail(`"when" ${JSON.stringify(when)} (expected "before" or "after")`);
            // The forge writes a non-finite loss as null (JSON has no NaN): it is a diverged run, read as NaN.
            return {type, split: f.string("split"), loss: f.numberOrNull("loss") ?? Number.NaN, when: when === "after" ? "after" : "before"};
        }
        case "artifact": {
            const sha256 = f.string("sha256");
            if (!/^[0-9a-f]{64}$/.test(sha256)) f.fail(`"sha256" ${JSON.stringify(sha256)} (expected 64 lowercase hex digits)`);
            const path = f.string("path");
            if (path === "") f.fail("an empty \"path\"");
            return {type, path, sha256};
        }
        case "done": {
            const {type: _type, ...summary} = f.record;
            return {type, summary: summary};
        }
        case "error":
            return {type, kind: f.string("kind"), message: f.string("message")};
        default:
            return null;
    }
}

/** Reads typed fields of one event, remembering the first problem instead of throwing. */
class Fields {
    problem: string | null = null;

    constructor(readonly record: Record<string, unknown>) {}

    fail(problem: string): void {
        this.problem ??= problem;
    }

    string(key: string): string {
        const value = this.record[key];
        if (typeof value === "string") return value;
        this.fail(`"${key}" ${describe(value)} (expected a string)`);
        return "";
    }

    number(key: string): number {
        const value = this.record[key];
        if (typeof value === "number") return value;
        this.fail(`"${key}" ${describe(value)} (expected a number)`);
        return Number.NaN;
    }

    numberOrNull(key: string): number | null {
        const value = this.record[key];
        if (value == null) return null;
        return this.number(key);
    }

    count(key: string): number {
        const value = this.record[key];
        if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
        this.fail(`"${key}" ${describe(value)} (expected a whole number)`);
        return 0;
    }
}

function describe(value: unknown): string {
    if (value === undefined) return "missing";
    const text = JSON.stringify(value);
    return "= " + (text.length > 60 ? text.slice(0, 60) + "…" : text);
}
