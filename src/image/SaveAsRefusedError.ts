import path from "node:path";

/** Why a save-as target was refused. */
export type SaveAsRefusal = "companion" | "folder" | "not-an-image" | "corrupt-image" | "unsaved-changes";

/**
 * I am raised when save-as would destroy something: a file that belongs to an image (a journal, a
 * backup, a lock), a folder, a file that is not an image, an image that does not verify, or an
 * image with unsaved changes in its journal. Nothing was written. Except for an image's own files,
 * `force` (--force) overrides me, and what is replaced is still kept (the old file as `.bak`, the
 * old journal set aside).
 */
export class SaveAsRefusedError extends Error {
    public readonly userError = true;
    override name = "SaveAsRefusedError";
    readonly path: string;
    readonly reason: SaveAsRefusal;

    constructor(init: {path: string, reason: SaveAsRefusal, detail?: string}) {
        super(message(init));
        this.path = init.path;
        this.reason = init.reason;
    }
}

function message(init: {path: string, reason: SaveAsRefusal, detail?: string}): string {
    const name = path.basename(init.path);
    const force = "Choose another name, or pass --force (saveAs with force) to replace it; the old file is kept as its .bak.";
    switch (init.reason) {
        case "companion":
            return `save-as will not write ${init.path}: it is ${init.detail ?? "a file that belongs to an image"}, not an image. ` +
                "Choose a name of its own, such as copy.image.json.";
        case "folder":
            return `save-as cannot write ${init.path}: it is a folder. Name a file, such as ${path.join(init.path, "copy.image.json")}.`;
        case "not-an-image":
            return `save-as will not write over ${init.path}: ${name} exists and is not a Living Image image. ${force}`;
        case "corrupt-image":
            return `save-as will not write over ${init.path}: it is an image that does not verify (${init.detail ?? "damaged"}), and its backup would be lost. ${force}`;
        case "unsaved-changes":
            return `save-as will not write over ${init.path}: that image has unsaved changes in ${init.detail ?? "its journal"}, which would no longer apply. ` +
                "Open it and save it first, or pass --force (saveAs with force) to replace it; its journal is then kept aside, not deleted.";
        default:
            return init.reason satisfies never;
    }
}
