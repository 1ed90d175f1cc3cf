import path from "node:path";

/**
 * I am raised when another live process holds an image open for writing. I name the process and
 * the way to look without writing: `--read-only` (`readOnly: true` or `ifLocked: "readOnly"`).
 */
export class ImageLockedError extends Error {
    public readonly userError = true;
    override name = "ImageLockedError";
    readonly path: string;
    readonly pid: number;
    readonly hostname: string | null;
    readonly lockPath: string;

    constructor(init: {path: string, pid: number, hostname: string | null, lockPath: string, sameProcess: boolean}) {
        const holder = init.sameProcess
            ? "this process already has it open (close that ImageStore first)"
            : `process ${init.pid}${init.hostname != null ? ` on ${init.hostname}` : ""} has it open for writing`;
        super(`${path.basename(init.path)} is locked: ${holder}. Open it with --read-only to look without writing, ` +
            `or close the other Living Image. If that process is gone, delete ${init.lockPath}.`);
        this.path = init.path;
        this.pid = init.pid;
        this.hostname = init.hostname;
        this.lockPath = init.lockPath;
    }
}
