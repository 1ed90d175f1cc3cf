import path from "node:path";

/** I am raised when an image file does not exist and the caller gave no `create` to start one. */
export class ImageNotFoundError extends Error {
    public readonly userError = true;
    override name = "ImageNotFoundError";
    readonly path: string;

    constructor(init: {path: string}) {
        super(`${path.basename(init.path)} does not exist (looked at ${init.path}). ` +
            "Pass create: () => emptyWorld() to start a new image there, or check the path.");
        this.path = init.path;
    }
}
