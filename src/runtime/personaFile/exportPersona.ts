import {randomBytes} from "node:crypto";
import {open, rename, rm, stat} from "node:fs/promises";
import path from "node:path";
import {InvalidAdapterError} from "../../gguf/index.js";
import type {ProtoManager} from "../ProtoManager.js";
import {manifestChecksum} from "./checkManifest.js";
import {encodeMembers} from "./encodeMembers.js";
import {FileChangedError} from "./FileChangedError.js";
import {namedFiles, recordStrings, type NamedFile} from "./namedFiles.js";
import {PersonaExportError} from "./PersonaExportError.js";
import {memberPathPattern, personaFileFormat, personaFileVersion, type ManifestFile, type ManifestMember, type PersonaManifest} from "./PersonaManifest.js";
import {TarWriter} from "./TarWriter.js";

export type ExportOptions = {
    /** Copy the base model's bytes into the file too (default: reference it by name, size and sha256). */
    withModel?: boolean,
    /** The version of Living Image writing the file (recorded in the manifest). */
    writer?: string,
    /** The export's time (tests pin it). */
    now?: Date
};

export type ExportSummary = {
    file: string,
    persona: string,
    bytes: number,
    members: {path: string, bytes: number, records?: number}[],
    adapters: number,
    model: ManifestFile | null,
    ms: number
};

/**
 * Writes one persona, whole, to a persona file (docs/persona-file.md): a tar archive whose first member is
 * `manifest.json`, then `persona.json` (codex, methods, slots, subscriptions…), one JSONL member per list
 * (scrapbook, golden dataset, metrics, lineage…), the adapter files, and the base model only with
 * `withModel`. The file appears whole or not at all (a temporary file renamed into place) and an existing
 * file is never replaced. Holds the persona's lock, so no swap changes its adapter half-way.
 * @throws PersonaExportError when the target exists or an adapter the persona uses is missing or broken.
 */
export async function exportPersona(manager: ProtoManager, persona: string, file: string, options: ExportOptions = {}): Promise<ExportSummary> {
    const started = performance.now();
    const proto = manager.get(persona);
    const target = path.resolve(file);
    if (await stat(target).then(() => true, () => false))
        throw new PersonaExportError(proto.name, `${file} already exists`, "Choose another file name, or remove that file first.");
    return manager.withLock(proto.personaId, async () => {
        const record = proto.record;
        const now = options.now ?? new Date();
        const files = await namedFiles(record, (stored) => manager.resolve(stored)).catch((error: unknown) => {
            if (error instanceof InvalidAdapterError)
                throw new PersonaExportError(record.name, `its adapter ${record.activeAdapterPath} cannot be used (${error.reason})`,
                    `Swap in a working adapter (\`${record.name} swapAdapter: 'FILE'\`) or none (\`${record.name} swapAdapter: nil\`), then export again.`, {cause: error});
            throw error;
        });
        const names = new MemberNames();
        for (const adapter of files.adapters) adapter.member = names.claim("adapters", adapter.fileName!);
        const copyModel = options.withModel === true && files.model?.resolved != null;
        if (options.withModel === true && !copyModel)
            throw new PersonaExportError(record.name, `--with-model was asked, but its base model ${record.baseModelPath ?? "(none)"} is not a file here`,
                "Export without --with-model (the model is then referenced by name and sha256), or swap the persona to a model file.");
        if (copyModel) files.model!.member = names.claim("model", files.model!.fileName!);

        const {fields, members} = encodeMembers(record);
        const binaries: {file: NamedFile, member: ManifestMember}[] = [];
        for (const adapter of files.adapters) binaries.push({file: adapter, member: binaryMember(adapter, "adapter")});
        if (copyModel) binaries.push({file: files.model!, member: binaryMember(files.model!, "model")});
        const parent = record.parent == null ? null : {personaId: record.parent, name: manager.image.state.personas[record.parent]?.name ?? null};
        const named = recordStrings(record);
        const personas = Object.values(manager.image.state.personas)
            .filter((p) => p.personaId !== record.personaId && named.has(p.personaId)).map((p) => ({personaId: p.personaId, name: p.name}));
        const unsigned: Omit<PersonaManifest, "checksum"> = {
            format: personaFileFormat,
            version: personaFileVersion,
            exportedAt: now.toISOString(),
            writer: options.writer ?? "living-image",
            persona: {name: record.name, personaId: record.personaId, fields},
            parent,
            personas,
            model: files.model == null ? null : described(files.model),
            otherModels: files.otherModels.map(described),
            adapters: files.adapters.map(described),
            members: [...members.map((m) => m.member), ...binaries.map((b) => b.member)]
        };
        const manifest: PersonaManifest = {...unsigned, checksum: manifestChecksum(unsigned)};

        const temporary = `${target}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
        const handle = await open(temporary, "wx");
        try {
            const tar = new TarWriter(handle, Math.floor(now.getTime() / 1000));
            await tar.addBuffers("manifest.json", [Buffer.from(JSON.stringify(manifest, null, 2) + "\n")]);
            for (const {member, chunks} of members) await tar.addBuffers(member.path, chunks);
            for (const {file: named, member} of binaries) await tar.addFile(member.path, named.resolved!, member.bytes, member.sha256);
            await tar.finish();
            await handle.sync();
            await handle.close();
            await rename(temporary, target);
            return {
                file: target, persona: record.name, bytes: tar.bytes,
                members: manifest.members.map((m) => ({path: m.path, bytes: m.bytes, ...(m.records != null ? {records: m.records} : {})})),
                adapters: files.adapters.length, model: manifest.model, ms: performance.now() - started
            };
        } catch (error) {
            await handle.close().catch(() => undefined);
            await rm(temporary, {force: true});
            if (error instanceof FileChangedError)
                throw new PersonaExportError(record.name, `${error.path} changed while it was being copied`, "Export again once nothing is writing to it.", {cause: error});
            throw error;
        }
    });
}

function binaryMember(file: NamedFile, kind: "adapter" | "model"): ManifestMember {
    return {path: file.member!, bytes: file.bytes!, sha256: file.sha256!, kind};
}

/** The manifest's view of a file: everything but where it lies on this machine. */
function described(file: NamedFile): ManifestFile {
    const {resolved: _resolved, ...rest} = file;
    return rest;
}

/** Member paths under a folder of the archive, unique and within the reader's pattern. */
class MemberNames {
    #taken = new Set<string>();

    claim(folder: string, fileName: string): string {
        const base = fileName.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^[^A-Za-z0-9]+/, "").slice(0, 70) || "file.gguf";
        for (let n = 1; ; n++) {
            const candidate = `${folder}/${n === 1 ? base : `${n}-${base}`}`;
            if (!this.#taken.has(candidate) && memberPathPattern.test(candidate)) {
                this.#taken.add(candidate);
                return candidate;
            }
        }
    }
}
