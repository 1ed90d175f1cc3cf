import {open} from "node:fs/promises";
import {closeSync, fsyncSync, openSync} from "node:fs";

/**
 * Makes a directory's entries (a create, a rename) durable. Without it a rename can be lost on
 * power failure even though the renamed file's data was fsynced.
 */
export async function fsyncDirectory(directory: string): Promise<void> {
    const handle = await open(directory, "r");
    try {
        await handle.sync();
    } finally {
        await handle.close();
    }
}

/** The synchronous form, for the journal's own small rewrites. */
export function fsyncDirectorySync(directory: string): void {
    const fd = openSync(directory, "r");
    try {
        fsyncSync(fd);
    } finally {
        closeSync(fd);
    }
}
