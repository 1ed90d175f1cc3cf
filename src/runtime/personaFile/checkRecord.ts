import {parseExpression, parseMethod} from "../../lang/index.js";
import {InvalidCodexError, SlotValidationError, validateCodex} from "../../objects/index.js";
import type {PersonaRecord} from "../../objects/index.js";
import {validateSlotWrite} from "../slotRules.js";
import {TarRefusal} from "./TarRefusal.js";

const damaged = "The file is damaged or was edited by hand: export the persona again.";

/**
 * Checks a decoded persona as the image would have it: its codex validates, its methods and bus handlers
 * parse, and every structured slot has the shape `at:put:` would have allowed. Fields this version does
 * not know (added by a later one) are accepted when they are plain data the image can hold.
 * @throws TarRefusal naming the field and the problem.
 */
export async function checkRecord(record: Record<string, unknown>, file: string): Promise<PersonaRecord> {
    const refuse = (problem: string): never => {
        throw new TarRefusal(problem, damaged);
    };
    if (typeof record.personaId !== "string" || record.personaId === "") refuse("its persona has no personaId");
    if (!(record.createdAt instanceof Date)) refuse("its persona's createdAt is not a date");
    if (typeof record.codexPath !== "string") refuse("its persona's codexPath is not a string");
    try {
        await validateCodex(record.codex, `${file}: persona.json codex`);
    } catch (error) {
        if (error instanceof InvalidCodexError) refuse(`its codex is not valid (${error.problems.map((p) => `${p.jsonPath} ${p.problem}`).join("; ")})`);
        throw error;
    }
    const typed = record as unknown as PersonaRecord;
    if (typeof record.name !== "string" || !/^[A-Z][A-Z0-9_]*$/.test(record.name)) refuse("its persona's name is not an upper-case identifier like BRICK");
    for (const slot of ["baseModelPath", "activeAdapterPath"]) {
        const value = record[slot];
        if (value !== null && (typeof value !== "string" || value.trim() === "")) refuse(`its persona's ${slot} should be a file path or nil, but is ${typeof value}`);
    }
    // The base model's sha256 and size (image format 3); a file exported before it was recorded has none.
    const fingerprint = record.baseModelFingerprint ?? null;
    if (fingerprint !== null && !(isObject(fingerprint) && typeof fingerprint.sha256 === "string" && /^[0-9a-f]{64}$/.test(fingerprint.sha256)
        && Number.isSafeInteger(fingerprint.bytes) && (fingerprint.bytes as number) >= 0))
        refuse("its persona's baseModelFingerprint should be {sha256, bytes} or nil");
    record.baseModelFingerprint = fingerprint;
    try {
        for (const slot of ["goldenDataset", "scrapbook", "performanceMetrics", "slots"]) validateSlotWrite(slot, record[slot]);
        for (const [slot, value] of Object.entries(record)) if (!known.has(slot)) validateSlotWrite(slot, value);
    } catch (error) {
        if (error instanceof SlotValidationError) refuse(`its persona's ${error.slot} should be ${error.expected}, but is ${error.found}`);
        throw error;
    }
    if (record.parent !== null && typeof record.parent !== "string") refuse("its persona's parent is not a persona id");

    const methods = isObject(record.methods) ? record.methods : refuse("its persona's methods are not a dictionary");
    for (const [selector, value] of Object.entries(methods)) {
        const method = isObject(value) ? value : refuse(`its method #${selector} is not a method record`);
        if ( typeof method.source !== "string" || typeof method.category !== "string" || !(method.modifiedAt instanceof Date))
            refuse(`its method #${selector} lacks its source, category or date`);
        let parsed: string;
        try {
            parsed = parseMethod(method.source as string).selector;
        } catch (error) {
            return refuse(`its method #${selector} does not parse (${(error as Error).message.split("\n")[0]})`);
        }
        if (parsed !== selector || method.selector !== selector) refuse(`its method stored as #${selector} defines #${parsed}`);
    }
    const subscriptions = isObject(record.subscriptions) ? record.subscriptions : refuse("its persona's subscriptions are not a dictionary");
    for (const [eventName, value] of Object.entries(subscriptions)) {
        const subscription = isObject(value) ? value : refuse(`its handler of #${eventName} is not a handler record`);
        if ( subscription.eventName !== eventName || typeof subscription.source !== "string" || !(subscription.since instanceof Date))
            refuse(`its handler of #${eventName} lacks its source or date`);
        try {
            parseExpression(subscription.source as string);
        } catch (error) {
            refuse(`its handler of #${eventName} does not parse (${(error as Error).message.split("\n")[0]})`);
        }
    }
    return typed;
}

/** The fields whose shape is checked above; any other is checked as plain data. */
const known = new Set(["personaId", "name", "codexPath", "codex", "baseModelPath", "baseModelFingerprint", "activeAdapterPath", "goldenDataset", "performanceMetrics",
    "scrapbook", "methods", "subscriptions", "slots", "parent", "createdAt"]);

function isObject(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}
