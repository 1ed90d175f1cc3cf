import path from "node:path";

/**
 * I am raised when a new image would be created where something already is: the image itself, or
 * what is left of one that is gone (its backup, or a journal of changes not yet saved). Nothing is
 * overwritten; I say how to get that image back, or what to move away.
 */
export class ImageExistsError extends Error {
    public readonly userError = true;
    override name = "ImageExistsError";
    readonly path: string;
    /** What is there: the image, its backup, or its journal. */
    readonly found: "image" | "backup" | "journal";

    constructor(init: {path: string, found: "image" | "backup" | "journal", foundPath: string}) {
        const name = path.basename(init.path);
        const text = {
            image: `${init.path} already exists. Choose another name, or move it away first.`,
            backup: `${name} is gone but its backup ${init.foundPath} is not: a new image there would replace that backup at its second save. ` +
                `Open the backup with living-image --image ${init.path} --recover backup, or move ${init.foundPath} away to start afresh.`,
            journal: `${init.foundPath} holds changes to an image ${name} that was never saved or is gone. ` +
                `Open it with living-image --image ${init.path} to get them back (a never-saved image replays from it), or move ${init.foundPath} away to start afresh.`
        }[init.found];
        super(text);
        this.path = init.path;
        this.found = init.found;
    }
}
