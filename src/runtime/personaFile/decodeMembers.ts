import {decodeBody, describeJsonError, type BodyMeta} from "../../image/index.js";
import {personaFileLimits, type ManifestMember} from "./PersonaManifest.js";
import {TarRefusal} from "./TarRefusal.js";

/** JSONL is turned into strings in slices of about this many bytes, cut at a line's end (the V8 string limit is near 512 MiB). */
const sliceBytes = 64 * 1024 * 1024;
const newline = 0x0a;

/** `persona.json`: one JSON object, with its non-JSON values restored from the member's meta. */
export function decodeRecordMember(bytes: Buffer, member: ManifestMember): Record<string, unknown> {
    let json: unknown;
    try {
        json = JSON.parse(bytes.toString("utf8"));
    } catch (error) {
        throw new TarRefusal(`${member.path}: ${describeJsonError(error)}`, "The file is damaged: export the persona again.");
    }
    if (json === null || typeof json !== "object" || Array.isArray(json)) throw new TarRefusal(`${member.path} is not a JSON object`, "The file is damaged: export the persona again.");
    return revive(json, member) as Record<string, unknown>;
}

/** A JSONL member: exactly `member.records` lines, one element each, with their non-JSON values restored. */
export function decodeRecordsMember(bytes: Buffer, member: ManifestMember): unknown[] {
    const items: unknown[] = [];
    const expected = member.records!;
    let start = 0;
    while (start < bytes.length) {
        // Cut at the last newline within the slice; a single line longer than the limit is refused.
        let end = Math.min(bytes.length, start + sliceBytes);
        if (end < bytes.length) {
            const cut = bytes.lastIndexOf(newline, end - 1);
            if (cut < start) {
                const next = bytes.indexOf(newline, start);
                if (next === -1 || next - start > personaFileLimits.lineBytes)
                    throw new TarRefusal(`${member.path} has a line of more than ${personaFileLimits.lineBytes} bytes`, "The file is damaged: export the persona again.");
                end = next + 1;
            } else end = cut + 1;
        }
        const lines = bytes.toString("utf8", start, end).split("\n");
        // Every line ends with a newline, so the last piece of a slice is empty.
        const last = lines.pop();
        if (last !== "") throw new TarRefusal(`${member.path} does not end with a newline (it was cut short)`, "The file is damaged: export the persona again.");
        for (const line of lines) {
            if (items.length === expected) throw new TarRefusal(`${member.path} holds more than the ${expected} records its manifest declares`, "The file is damaged: export the persona again.");
            try {
                items.push(JSON.parse(line));
            } catch (error) {
                throw new TarRefusal(`${member.path} line ${items.length + 1}: ${describeJsonError(error)}`, "The file is damaged: export the persona again.");
            }
        }
        start = end;
    }
    if (items.length !== expected) throw new TarRefusal(`${member.path} holds ${items.length} records, but its manifest declares ${expected}`, "The file is damaged: export the persona again.");
    return revive(items, member) as unknown[];
}

function revive(json: unknown, member: ManifestMember): unknown {
    try {
        return decodeBody(json, (member.meta ?? null) as BodyMeta | null);
    } catch (error) {
        throw new TarRefusal(`${member.path}'s values do not fit the types its manifest records (${(error as Error).message})`, "The file is damaged: export the persona again.");
    }
}
