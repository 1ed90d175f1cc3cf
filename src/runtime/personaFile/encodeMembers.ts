import {createHash} from "node:crypto";
import {encodeBody} from "../../image/index.js";
import {recordSlot} from "../../objects/index.js";
import type {PersonaRecord} from "../../objects/index.js";
import type {ManifestMember} from "./PersonaManifest.js";

/** A member encoded in memory, ready for the archive. */
export type EncodedMember = {member: ManifestMember, chunks: Buffer[]};

/** Lines are joined into strings of about this many characters before they become bytes. */
const chunkChars = 4 * 1024 * 1024;

/** Field names that become a member of their own (`<field>.jsonl`); anything else stays in persona.json. */
const fieldMemberName = /^[A-Za-z][A-Za-z0-9_]{0,60}$/;

/**
 * Splits a persona record into members, generically: every field whose value is an array becomes
 * `<field>.jsonl`, one element a line (the scrapbook, the golden dataset, the metrics, a lineage, any
 * array a later version adds); all other fields go to `persona.json`. Values JSON cannot carry (Dates,
 * Maps, Sets…) are written as the image writes them, and where they are is kept in the member's `meta`.
 */
export function encodeMembers(record: PersonaRecord): {fields: string[], members: EncodedMember[]} {
    const fields = Object.keys(record);
    const single: Record<string, unknown> = {};
    const lists: EncodedMember[] = [];
    for (const field of fields) {
        const value = recordSlot(record, field);
        if (Array.isArray(value) && fieldMemberName.test(field)) lists.push(encodeList(field, value));
        else single[field] = value;
    }
    const {json, meta} = encodeBody(single);
    const bytes = Buffer.from(JSON.stringify(json, null, 2) + "\n");
    const persona: EncodedMember = {
        member: {path: "persona.json", bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex"), kind: "record", meta},
        chunks: [bytes]
    };
    return {fields, members: [persona, ...lists]};
}

function encodeList(field: string, list: readonly unknown[]): EncodedMember {
    const {json, meta} = encodeBody(list);
    const items = json as unknown[];
    const hash = createHash("sha256");
    const chunks: Buffer[] = [];
    let bytes = 0;
    let text = "";
    const flush = () => {
        const chunk = Buffer.from(text);
        hash.update(chunk);
        chunks.push(chunk);
        bytes += chunk.length;
        text = "";
    };
    for (const item of items) {
        // undefined in an array is written as null by JSON; meta says it was undefined.
        text += (item === undefined ? "null" : JSON.stringify(item)) + "\n";
        if (text.length >= chunkChars) flush();
    }
    if (text !== "") flush();
    return {
        member: {path: `${field}.jsonl`, bytes, sha256: hash.digest("hex"), kind: "records", field, records: items.length, meta},
        chunks
    };
}
