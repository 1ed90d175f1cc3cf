import {randomBytes} from "node:crypto";
import {mkdir, open, stat, statfs} from "node:fs/promises";
import path from "node:path";
import {checkAdapter, checkModelFile, InvalidAdapterError, InvalidModelFileError, sha256File} from "../../gguf/index.js";
import type {ManifestFile, ManifestMember} from "./PersonaManifest.js";
import type {TarEntry, TarReader} from "./TarReader.js";
import {TarRefusal} from "./TarRefusal.js";

/** A binary member to place: where it goes, and whether an identical file is already there. */
export type Placement = {member: ManifestMember, entry: TarEntry, destination: string, reuse: boolean, temporary: string | null, kind: "adapter" | "model",
    /** The first folder that copying it created, removed again if the import fails. */
    createdDir: string | null};

/**
 * Chooses the destination of a file in `dir`: its own name, or, when another file has it, the name with its
 * sha256. `claimed` holds the destinations (and sha256) other files of this import already took.
 */
export async function place(dir: string, file: ManifestFile, member: ManifestMember, entry: TarEntry, kind: "adapter" | "model",
    claimed: Map<string, string>): Promise<Placement> {
    const fileName = file.fileName!;
    const extension = path.extname(fileName);
    const candidates = [fileName, `${fileName.slice(0, fileName.length - extension.length)}-${member.sha256.slice(0, 12)}${extension}`];
    for (const candidate of candidates) {
        const destination = path.join(dir, candidate);
        // The file name was checked against a pattern with no separator; this is the belt to those braces.
        if (path.dirname(destination) !== dir) throw new TarRefusal(`the ${kind} ${file.stored} would be placed outside ${dir}`, "Import only persona files written by `living-image persona export`.");
        const claim = claimed.get(destination);
        if (claim != null) {
            // Another file of this import goes there: the same bytes share it, other bytes look further.
            if (claim === member.sha256) return {member, entry, destination, reuse: true, temporary: null, kind, createdDir: null};
            continue;
        }
        const existing = await stat(destination).catch(() => null);
        const reuse = existing != null && existing.isFile() && existing.size === member.bytes && await sha256File(destination) === member.sha256;
        if (existing == null || reuse) {
            claimed.set(destination, member.sha256);
            return {member, entry, destination, reuse, temporary: null, kind, createdDir: null};
        }
    }
    throw new TarRefusal(`${path.join(dir, fileName)} and ${path.join(dir, candidates[1]!)} both exist and hold other files`,
        `Move one of them away, then import again.`);
}

/** Refuses a file whose adapters and model would not fit on the disk, before a byte is written. */
export async function checkDiskSpace(imageDir: string, placements: readonly Placement[]): Promise<void> {
    const needed = placements.filter((p) => !p.reuse).reduce((sum, p) => sum + p.member.bytes, 0);
    if (needed === 0) return;
    const info = await statfs(imageDir);
    const free = Number(info.bavail) * Number(info.bsize);
    // Some room is left for the image's own journal and save.
    const margin = 64 * 1024 * 1024;
    if (needed + margin > free)
        throw new TarRefusal(`its files need ${needed} bytes on disk and ${imageDir} has ${free} free`, "Free some disk space, or import into an image on another disk.");
}

/** Copies a member to a temporary file beside its destination, checks its bytes again and that it is what it claims. */
export async function copyOut(tar: TarReader, placement: Placement): Promise<void> {
    if (placement.reuse) return;
    const dir = path.dirname(placement.destination);
    placement.createdDir = await mkdir(dir, {recursive: true}) ?? null;
    const temporary = path.join(dir, `.${path.basename(placement.destination)}.importing-${process.pid}-${randomBytes(4).toString("hex")}`);
    placement.temporary = temporary;
    const handle = await open(temporary, "wx");
    let sha256: string;
    try {
        sha256 = await tar.stream(placement.entry, async (chunk) => {
            await handle.write(chunk);
        });
        await handle.sync();
    } finally {
        await handle.close();
    }
    if (sha256 !== placement.member.sha256) throw new TarRefusal(`${placement.member.path} changed while it was being imported`, "Import it again.");
    try {
        if (placement.kind === "adapter") await checkAdapter(temporary);
        else await checkModelFile(temporary);
    } catch (error) {
        if (error instanceof InvalidAdapterError || error instanceof InvalidModelFileError)
            throw new TarRefusal(`${placement.member.path} is not a usable ${placement.kind} (${error.reason})`, "The file is damaged: export the persona again.");
        throw error;
    }
}
