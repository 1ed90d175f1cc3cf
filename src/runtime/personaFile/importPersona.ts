import {createHash, randomUUID} from "node:crypto";
import {rename, rm, stat} from "node:fs/promises";
import path from "node:path";
import {sha256File} from "../../gguf/index.js";
import {deepFreeze, describeJsonError} from "../../image/index.js";
import {GoldenDataset} from "../../objects/index.js";
import type {GoldenSample, PersonaRecord} from "../../objects/index.js";
import type {ProtoManager} from "../ProtoManager.js";
import {checkManifest} from "./checkManifest.js";
import {checkRecord} from "./checkRecord.js";
import {decodeRecordMember, decodeRecordsMember} from "./decodeMembers.js";
import {locateModel} from "./locateModel.js";
import {PersonaFileError} from "./PersonaFileError.js";
import {memberPathPattern, personaFileLimits, type PersonaManifest} from "./PersonaManifest.js";
import {checkDiskSpace, copyOut, place, type Placement} from "./placeFiles.js";
import {replaceStrings} from "./replaceStrings.js";
import {TarReader} from "./TarReader.js";
import {TarRefusal} from "./TarRefusal.js";

export type ImportOptions = {
    /** Import under this name instead of the persona's own (a clash with an existing persona is refused). */
    as?: string
};

/** What became of the base model an imported persona names. */
export type ImportedModel =
    | {status: "none"}
    | {status: "uri", stored: string}
    | {status: "found" | "placed", stored: string, path: string, sha256: string | null}
    | {status: "missing", stored: string, fileName: string | null, sha256: string | null, bytes: number | null, searched: string[], other: string | null};

export type ImportSummary = {
    file: string,
    persona: string,
    personaId: string,
    from: {name: string, personaId: string},
    records: {field: string, records: number}[],
    adapters: {stored: string, reused: boolean}[],
    model: ImportedModel,
    /** Its parent in its own image, and whether a persona of that name here took its place. */
    parent: {name: string, linked: boolean} | null,
    /** The other personas it names (parent, slots, lineage): pointed at the persona of the same name here, or left unlinked (they read as nil). */
    personas: {name: string, linked: boolean}[],
    ms: number
};

/**
 * Imports a persona file (docs/persona-file.md) into the image of `manager`, as a new persona: a new id
 * (every place the persona named its old id names the new one), its own name or `options.as`, its adapters
 * placed in `adapters/NAME/` beside the image and its model, when the file carries one, in `models/`.
 *
 * Everything is checked before anything changes: the archive's headers and paths, the manifest and its
 * checksum, every member's size and sha256, the decoded persona (codex, methods, slot shapes), the name,
 * the free disk space, and each adapter (whole, a LoRA). A refused file leaves the image and the folders
 * as they were (PersonaFileError, exit 1). A base model that is not found is not a refusal: the summary
 * names it with its sha256 and the folders searched, and the persona chats once the file is put there.
 */
export async function importPersona(manager: ProtoManager, file: string, options: ImportOptions = {}): Promise<ImportSummary> {
    const started = performance.now();
    try {
        return await importChecked(manager, file, options, started);
    } catch (error) {
        if (error instanceof TarRefusal) throw new PersonaFileError(file, error.problem, error.fix, {cause: error});
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT" && (error as NodeJS.ErrnoException).path === path.resolve(file))
            throw new PersonaFileError(file, "there is no such file", "Check the path.", {cause: error});
        throw error;
    }
}

async function importChecked(manager: ProtoManager, file: string, options: ImportOptions, started: number): Promise<ImportSummary> {
    const imageDir = path.dirname(path.resolve(manager.image.path));
    await using tar = await TarReader.open(path.resolve(file), {maxEntries: personaFileLimits.members, namePattern: memberPathPattern});
    const manifest = await readManifest(tar);

    // Every member's bytes against the manifest before any is decoded; JSON members are kept for decoding.
    const json = new Map<string, Buffer>();
    for (const member of manifest.members) {
        const entry = tar.entry(member.path)!;
        let sha256: string;
        if (member.kind === "record" || member.kind === "records") {
            const bytes = await tar.read(entry);
            sha256 = createHash("sha256").update(bytes).digest("hex");
            json.set(member.path, bytes);
        } else sha256 = await tar.stream(entry, () => undefined);
        if (sha256 !== member.sha256) throw new TarRefusal(`${member.path} does not match its sha256 (it was damaged or changed)`, "The file is damaged: export the persona again.");
    }

    const record = await decodePersona(manifest, json, file);
    json.clear();
    const name = (options.as ?? manifest.persona.name).toUpperCase();
    if (!/^[A-Z][A-Z0-9_]*$/.test(name))
        throw new TarRefusal(`${JSON.stringify(options.as ?? manifest.persona.name)} is not a persona name (an upper-case identifier like BRICK)`,
            options.as != null ? "Pass --as with a name like BRICK2." : "Import it with --as NAME.");
    if (manager.findByName(name) != null)
        throw new TarRefusal(`this image already has a persona named ${name}`,
            `Import it under another name (\`living-image persona import ${file} --as ${name}2\`), or remove ${name} first.`);

    // Where each file goes; an identical file already there is reused, a different one is never overwritten.
    const placements: Placement[] = [];
    const claimed = new Map<string, string>();
    const replacements = new Map<string, string>();
    const relative = (target: string) => path.relative(imageDir, target).split(path.sep).join("/");
    for (const adapter of manifest.adapters) {
        const member = manifest.members.find((m) => m.path === adapter.member)!;
        const placement = await place(path.join(imageDir, "adapters", name), adapter, member, tar.entry(member.path)!, "adapter", claimed);
        placements.push(placement);
        const stored = relative(placement.destination);
        if (stored !== adapter.stored) replacements.set(adapter.stored, stored);
    }
    const model = await resolveModel(manifest, imageDir, tar, placements, replacements, relative, claimed);
    await checkDiskSpace(imageDir, placements);

    const oldId = record.personaId;
    const personaId = randomUUID();
    replacements.set(oldId, personaId);
    // The other personas it names are found here by name, as a user names them; the imported one is never its own parent.
    const personas = manifest.personas.map(({personaId: id, name: other}) => {
        const here = other !== name ? manager.findByName(other) : undefined;
        if (here != null) replacements.set(id, here.personaId);
        return {name: other, linked: here != null};
    });
    const parentName = record.parent == null ? null : manifest.parent?.name ?? manifest.personas.find((p) => p.personaId === record.parent)?.name ?? record.parent;
    const parentLinked = record.parent != null && replacements.has(record.parent);
    // In place: the record was decoded for this import alone.
    const fresh = replaceStrings(record, replacements) as PersonaRecord;
    fresh.personaId = personaId;
    fresh.name = name;
    if (!parentLinked) fresh.parent = null;
    // Decoded, the dataset is the plain array of the file (its strings replaced in place above); the image holds a GoldenDataset.
    fresh.goldenDataset = GoldenDataset.of(fresh.goldenDataset as unknown as GoldenSample[]);

    try {
        for (const placement of placements) await copyOut(tar, placement);
        for (const placement of placements) if (placement.temporary != null) await rename(placement.temporary, placement.destination);
        manager.insertPersona(deepFreeze(fresh), `import ${name} from ${path.basename(file)}`);
    } catch (error) {
        // Back to the folders as they were: the temporary and placed files, and the folders made for them.
        for (const placement of placements) {
            if (placement.temporary == null) continue;
            await rm(placement.temporary, {force: true});
            await rm(placement.destination, {force: true});
        }
        for (const placement of placements.toReversed()) if (placement.createdDir != null) await rm(placement.createdDir, {recursive: true, force: true});
        throw error;
    }
    return {
        file: path.resolve(file), persona: name, personaId,
        from: {name: manifest.persona.name, personaId: oldId},
        records: manifest.members.filter((m) => m.kind === "records").map((m) => ({field: m.field!, records: m.records!})),
        adapters: placements.filter((p) => p.kind === "adapter").map((p) => ({stored: relative(p.destination), reused: p.reuse})),
        model, parent: parentName == null ? null : {name: parentName, linked: parentLinked}, personas, ms: performance.now() - started
    };
}

async function readManifest(tar: TarReader): Promise<PersonaManifest> {
    const first = tar.entries[0];
    if (first?.name !== "manifest.json")
        throw new TarRefusal("its first member is not manifest.json", "Import only persona files written by `living-image persona export`.");
    if (first.size > personaFileLimits.manifestBytes)
        throw new TarRefusal(`its manifest.json declares ${first.size} bytes, more than the ${personaFileLimits.manifestBytes} a manifest may have`,
            "Import only persona files written by `living-image persona export`.");
    let parsed: unknown;
    try {
        parsed = JSON.parse((await tar.read(first)).toString("utf8"));
    } catch (error) {
        throw new TarRefusal(`its manifest.json: ${describeJsonError(error)}`, "The file is damaged: export the persona again.");
    }
    return checkManifest(parsed, tar.entries);
}

async function decodePersona(manifest: PersonaManifest, json: ReadonlyMap<string, Buffer>, file: string): Promise<PersonaRecord> {
    const personaMember = manifest.members.find((m) => m.path === "persona.json")!;
    const single = decodeRecordMember(json.get("persona.json")!, personaMember);
    const lists = new Map<string, unknown[]>();
    for (const member of manifest.members) if (member.kind === "records") lists.set(member.field!, decodeRecordsMember(json.get(member.path)!, member));
    const record: Record<string, unknown> = {};
    const set = (field: string, value: unknown) => Object.defineProperty(record, field, {value, enumerable: true, writable: true, configurable: true});
    for (const field of manifest.persona.fields) {
        if (Object.hasOwn(record, field)) throw new TarRefusal(`its manifest lists the field ${field} twice`, "The file is damaged: export the persona again.");
        if (lists.has(field)) set(field, lists.get(field));
        else if (Object.hasOwn(single, field)) set(field, single[field]);
        else throw new TarRefusal(`its persona lacks the field ${field} that its manifest lists`, "The file is damaged: export the persona again.");
    }
    for (const field of Object.keys(single))
        if (!Object.hasOwn(record, field) || lists.has(field)) throw new TarRefusal(`persona.json holds ${field}, which its manifest does not list`, "The file is damaged: export the persona again.");
    if (record.name !== manifest.persona.name || record.personaId !== manifest.persona.personaId)
        throw new TarRefusal("its persona is not the one its manifest names", "The file is damaged: export the persona again.");
    return checkRecord(record, file);
}

async function resolveModel(manifest: PersonaManifest, imageDir: string, tar: TarReader, placements: Placement[],
    replacements: Map<string, string>, relative: (target: string) => string, claimed: Map<string, string>): Promise<ImportedModel> {
    const model = manifest.model;
    if (model == null) return {status: "none"};
    if (model.fileName == null) return {status: "uri", stored: model.stored};
    if (model.member != null) {
        const member = manifest.members.find((m) => m.path === model.member)!;
        const placement = await place(path.join(imageDir, "models"), model, member, tar.entry(member.path)!, "model", claimed);
        placements.push(placement);
        const stored = relative(placement.destination);
        if (stored !== model.stored) replacements.set(model.stored, stored);
        return {status: "placed", stored, path: placement.destination, sha256: model.sha256};
    }
    const lookup = await locateModel(model.stored, imageDir);
    if (lookup.found != null) {
        const info = await stat(lookup.found);
        const same = model.sha256 == null || (info.size === model.bytes && await sha256File(lookup.found) === model.sha256);
        if (same) return {status: "found", stored: model.stored, path: lookup.found, sha256: model.sha256};
    }
    return {status: "missing", stored: model.stored, fileName: model.fileName, sha256: model.sha256, bytes: model.bytes, searched: lookup.searched, other: lookup.found};
}
