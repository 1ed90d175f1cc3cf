import path from "node:path";

/** I am raised when a store opened read-only is asked to change or save its image. */
export class ReadOnlyImageError extends Error {
    public readonly userError = true;
    override name = "ReadOnlyImageError";
    readonly path: string;
    readonly operation: "update" | "save";

    constructor(init: {path: string, operation: "update" | "save"}) {
        super(`${path.basename(init.path)} is open read-only, so ${init.operation}() is refused. ` +
            "Use saveAs(<new path>) to keep a copy, or reopen it without --read-only once no other process holds it.");
        this.path = init.path;
        this.operation = init.operation;
    }
}
