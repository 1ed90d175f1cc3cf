import type {MethodRecord} from "../objects/index.js";
import {scanJournal} from "../image/index.js";
import type {Runtime} from "./Runtime.js";

/**
 * One version of a method. `origin` says where it was found: the method as it is now, a version kept
 * with it in the image, or a line of the journal (changes since the last save) that the image no longer
 * holds (a method removed since, or versions made before the image kept them).
 */
export type MethodVersion = {source: string, category: string, at: Date, origin: "current" | "image" | "journal"};

/**
 * Every version of `persona`'s method `selector` that the image and its journal hold, newest first,
 * each source once (the newest time it had). The current method, if there is one, comes first.
 */
export function methodVersions(runtime: Runtime, persona: string, selector: string): MethodVersion[] {
    const proto = runtime.manager.get(persona);
    const method = proto.record.methods[selector];
    const found: MethodVersion[] = [];
    if (method != null) {
        found.push({source: method.source, category: method.category, at: method.modifiedAt, origin: "current"});
        for (const version of method.versions ?? []) found.push({source: version.source, category: version.category, at: version.modifiedAt, origin: "image"});
    }
    for (const version of journalVersions(runtime, proto.personaId, selector)) found.push(version);
    const seen = new Set<string>();
    const current = found.filter((v) => v.origin === "current");
    const older = found.filter((v) => v.origin !== "current").sort((a, b) => b.at.getTime() - a.at.getTime());
    return [...current, ...older].filter((v) => {
        const key = `${v.category}\u0000${v.source}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}

/** The method's records found in the journal's patches (the method itself, its persona, or its methods table). */
function journalVersions(runtime: Runtime, personaId: string, selector: string): MethodVersion[] {
    let entries;
    try {
        entries = scanJournal(runtime.image.journalPath).entries;
    } catch {
        // A journal that cannot be read now is reported where it matters (on open); versions do without it.
        return [];
    }
    const versions: MethodVersion[] = [];
    const add = (value: unknown) => {
        const record = value as Partial<MethodRecord> | null;
        if (record == null || typeof record.source !== "string" || !(record.modifiedAt instanceof Date)) return;
        versions.push({source: record.source, category: record.category ?? "as yet unclassified", at: record.modifiedAt, origin: "journal"});
        for (const older of record.versions ?? []) versions.push({source: older.source, category: older.category, at: older.modifiedAt, origin: "journal"});
    };
    for (const entry of entries) {
        for (const patch of entry.patches) {
            if (patch.op === "remove" || patch.path[0] !== "personas" || patch.path[1] !== personaId) continue;
            const rest = patch.path.slice(2);
            if (rest.length === 0) add((patch.value as {methods?: Record<string, unknown>} | null)?.methods?.[selector]);
            else if (rest.length === 1 && rest[0] === "methods") add((patch.value as Record<string, unknown> | null)?.[selector]);
            else if (rest.length === 2 && rest[0] === "methods" && rest[1] === selector) add(patch.value);
        }
    }
    return versions;
}
