import {readFileSync} from "node:fs";

/**
 * What tells one process from a later one that got the same pid: the boot it runs in and the
 * moment it started (in clock ticks since boot, from /proc/<pid>/stat). Null where /proc is not
 * there (macOS): then a lock can only compare pids, as before.
 */
export type ProcessIdentity = {bootId: string, startTicks: number};

/** The identity of process `pid` now, or null when it cannot be read (no /proc, or no such process). */
export function processIdentity(pid: number): ProcessIdentity | null {
    const bootId = currentBootId();
    if (bootId === null) return null;
    const startTicks = processStartTicks(pid);
    return startTicks === null ? null : {bootId, startTicks};
}

let cachedBootId: string | null | undefined;

export function currentBootId(): string | null {
    if (cachedBootId === undefined) {
        try {
            cachedBootId = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim() || null;
        } catch {
            cachedBootId = null;
        }
    }
    return cachedBootId;
}

function processStartTicks(pid: number): number | null {
    let stat: string;
    try {
        stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
        return null;
    }
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so fields are counted after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Field 22 of the whole line (starttime) is the 20th after comm (fields 3, 4, … start at index 0).
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : null;
}
