import path from "node:path";

/** I am raised when a closed store is used: its lock is released, so it may no longer write. */
export class ImageClosedError extends Error {
    override name = "ImageClosedError";
    readonly path: string;

    constructor(init: {path: string, operation: string}) {
        super(`${path.basename(init.path)} was closed, so ${init.operation}() is refused. Open it again with ImageStore.open().`);
        this.path = init.path;
    }
}
