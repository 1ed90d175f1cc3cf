import {createHash} from "node:crypto";
import {TarRefusal} from "./TarRefusal.js";
import {
    memberPathPattern, personaFileFormat, personaFileLimits, personaFileVersion, type ManifestFile, type ManifestMember, type PersonaManifest
} from "./PersonaManifest.js";
import type {TarEntry} from "./TarReader.js";

const sha256Pattern = /^[0-9a-f]{64}$/;
const fieldPattern = /^[A-Za-z_$][A-Za-z0-9_$]{0,60}$/;
/** A file name a persona file may place on disk: one name, no folder, no climbing. */
export const placedFileName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$/;
const notOurs = "Import only persona files written by `living-image persona export`.";
const tooBig = "Trim the persona's scrapbook or archived datasets in its own image, and export it again.";

/** The sha256 a manifest carries of itself: of its JSON (2-space indent) without the `checksum` field. */
export function manifestChecksum(manifest: Omit<PersonaManifest, "checksum">): string {
    const {checksum: _ignored, ...rest} = manifest as PersonaManifest;
    return createHash("sha256").update(JSON.stringify(rest, null, 2)).digest("hex");
}

/**
 * Checks a parsed manifest against the format and against the archive's members, before any member is
 * read: the format name and version, its own checksum, every member listed once with the size the archive
 * has, nothing in the archive that the manifest does not list, sizes within the limits, and the files it
 * names placed only under their own folder. Answers it typed.
 * @throws TarRefusal naming the first problem.
 */
export function checkManifest(value: unknown, entries: readonly TarEntry[]): PersonaManifest {
    const refuse = (problem: string, fix = "The file is damaged: export the persona again."): never => {
        throw new TarRefusal(problem, fix);
    };
    if (!isObject(value)) return refuse("its manifest.json is not a JSON object", notOurs);
    if (value.format !== personaFileFormat) refuse(`its manifest says format ${JSON.stringify(value.format)}, not ${JSON.stringify(personaFileFormat)}`, notOurs);
    if (value.version !== personaFileVersion) {
        const newer = typeof value.version === "number" && value.version > personaFileVersion;
        refuse(`it is a persona file of version ${JSON.stringify(value.version)}, and this Living Image reads version ${personaFileVersion}`,
            newer ? "Upgrade Living Image to import it." : notOurs);
    }
    const manifest = value as PersonaManifest;
    if (typeof manifest.checksum !== "string" || manifest.checksum !== manifestChecksum(manifest))
        refuse("its manifest.json does not match its own checksum (it was edited or damaged)");

    const persona = isObject(manifest.persona) ? manifest.persona : refuse("its manifest has no persona");
    if (typeof persona.name !== "string" || typeof persona.personaId !== "string" || !Array.isArray(persona.fields) ||
        !persona.fields.every((f: unknown) => typeof f === "string" && fieldPattern.test(f) && f !== "__proto__"))
        refuse("its manifest's persona lacks a name, an id or its fields (each a plain identifier)");
    if (!Array.isArray(manifest.members)) refuse("its manifest lists no members");
    if (!Array.isArray(manifest.personas) || !manifest.personas.every((p: unknown) => isObject(p) && typeof p.personaId === "string" && typeof p.name === "string"))
        refuse("its manifest's list of the other personas it names is malformed");

    const byName = new Map(entries.map((e) => [e.name, e]));
    const listed = new Set<string>(["manifest.json"]);
    const recordFields = new Set<string>();
    for (const member of manifest.members as unknown[]) {
        if (!isObject(member) || typeof member.path !== "string" || !memberPathPattern.test(member.path))
            refuse(`its manifest lists a member with the path ${JSON.stringify(isObject(member) ? member.path : member)}, which a persona file never uses`, notOurs);
        const m = member as ManifestMember;
        if (listed.has(m.path)) refuse(`its manifest lists ${m.path} twice`);
        listed.add(m.path);
        const entry = byName.get(m.path) ?? refuse(`${m.path}, listed in its manifest, is not in the file`);
        if (!Number.isSafeInteger(m.bytes) || m.bytes !== entry.size)
            refuse(`${m.path} declares ${String(m.bytes)} bytes in the manifest, but the file holds ${entry.size}`);
        if (typeof m.sha256 !== "string" || !sha256Pattern.test(m.sha256)) refuse(`${m.path} has no sha256 in the manifest`);
        switch (m.kind) {
            case "record":
                if (m.path !== "persona.json") refuse(`${m.path} cannot be a record member`, notOurs);
                if (m.bytes > personaFileLimits.personaBytes) refuse(`persona.json is ${m.bytes} bytes, more than the ${personaFileLimits.personaBytes} this Living Image reads`, tooBig);
                break;
            case "records":
                if (typeof m.field !== "string" || !fieldPattern.test(m.field) || m.path !== `${m.field}.jsonl`)
                    refuse(`${m.path} does not name the field it holds`, notOurs);
                if (recordFields.has(m.field!)) refuse(`the field ${m.field} has two members`);
                recordFields.add(m.field!);
                if (!Number.isSafeInteger(m.records) || m.records! < 0 || m.records! > m.bytes)
                    refuse(`${m.path} declares ${String(m.records)} records in ${m.bytes} bytes`);
                if (m.bytes > personaFileLimits.recordBytes) refuse(`${m.path} is ${m.bytes} bytes, more than the ${personaFileLimits.recordBytes} this Living Image reads`, tooBig);
                break;
            case "adapter":
                if (!m.path.startsWith("adapters/")) refuse(`the adapter ${m.path} is outside adapters/`, notOurs);
                break;
            case "model":
                if (!m.path.startsWith("model/")) refuse(`the model ${m.path} is outside model/`, notOurs);
                break;
            default:
                refuse(`${m.path} is of the unknown kind ${JSON.stringify(m.kind)}`, notOurs);
        }
    }
    const recordBytes = (manifest.members as ManifestMember[]).filter((m) => m.kind === "record" || m.kind === "records").reduce((sum, m) => sum + m.bytes, 0);
    if (recordBytes > personaFileLimits.totalRecordBytes)
        refuse(`its records are ${recordBytes} bytes together, more than the ${personaFileLimits.totalRecordBytes} this Living Image reads at once`, tooBig);
    for (const entry of entries) if (!listed.has(entry.name)) refuse(`it holds ${entry.name}, which its manifest does not list`, notOurs);
    if (!listed.has("persona.json")) refuse("it has no persona.json");
    for (const field of recordFields) if (!persona.fields.includes(field)) refuse(`${field}.jsonl holds a field the persona does not have`);

    const members = new Map((manifest.members as ManifestMember[]).map((m) => [m.path, m]));
    const checkFile = (file: unknown, kind: "adapter" | "model", what: string): ManifestFile => {
        if (!isObject(file) || typeof file.stored !== "string" || file.stored === "") return refuse(`its manifest names ${what} without its stored path`);
        const f = file as ManifestFile;
        if (f.member != null) {
            const member = members.get(f.member);
            if (member == null || member.kind !== kind) refuse(`${what} ${f.stored} points at ${f.member}, which is not a member of kind ${kind}`);
            if (f.sha256 !== member!.sha256 || f.bytes !== member!.bytes) refuse(`${what} ${f.stored} does not match its member ${f.member}`);
            if (typeof f.fileName !== "string" || !placedFileName.test(f.fileName))
                refuse(`${what} ${f.stored} has the file name ${JSON.stringify(f.fileName)}, which would place it outside its folder (adapters/ or models/)`, notOurs);
        }
        if (f.sha256 != null && (typeof f.sha256 !== "string" || !sha256Pattern.test(f.sha256))) refuse(`${what} ${f.stored} has a malformed sha256`);
        if (f.bytes != null && (!Number.isSafeInteger(f.bytes) || f.bytes < 0)) refuse(`${what} ${f.stored} has a malformed size`);
        return f;
    };
    if (!Array.isArray(manifest.adapters)) refuse("its manifest has no adapters list");
    manifest.adapters.forEach((a, i) => {
        const adapter = checkFile(a, "adapter", `adapter ${i + 1}`);
        if (adapter.member == null) refuse(`the adapter ${adapter.stored} is named but not in the file`);
    });
    if (manifest.model != null) checkFile(manifest.model, "model", "the base model");
    if (!Array.isArray(manifest.otherModels)) refuse("its manifest has no otherModels list");
    manifest.otherModels.forEach((m, i) => checkFile(m, "model", `model ${i + 1}`));
    for (const member of manifest.members) {
        const claimed = member.kind === "adapter" ? manifest.adapters.some((a) => a.member === member.path)
            : member.kind === "model" ? manifest.model?.member === member.path : true;
        if (!claimed) refuse(`${member.path} is in the file, but no adapter or model of the manifest is`, notOurs);
    }
    return manifest;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}
