import {closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync} from "node:fs";
import {hostname} from "node:os";
import {ImageLockedError} from "./ImageLockedError.js";
import {LockFileError} from "./LockFileError.js";
import {currentBootId, processIdentity} from "./processIdentity.js";
import {lockPathFor} from "./siblingPaths.js";

/**
 * What a lock file says about its owner. `bootId` and `processStart` (clock ticks since boot, from
 * /proc) tell the owner from a later process that was given the same pid; they are absent where
 * /proc is not (and in locks written before they were recorded).
 */
export type LockOwner = {pid: number, hostname: string, startedAt: string, bootId?: string, processStart?: number};

// Locks this process holds, released by the exit hook even if nobody calls close().
const held = new Set<ImageLock>();
let exitHookInstalled = false;

// A lock file too young to hold its owner yet may be mid-write by its creator; one this old is junk.
const unreadableLockStaleMs = 2000;

/**
 * I am the write lock of one image: `<image>.lock`, created exclusively (`wx`) and holding the
 * owner's pid, host, boot and process start time. A lock whose owner is gone on this host is taken
 * over: its pid is dead, or the machine rebooted since, or the pid now belongs to a process that
 * started at another moment (a recycled pid). A live one is reported with ImageLockedError. I am released by `release()`, and by the process exit hook
 * (a SIGKILLed owner leaves its lock behind, which is exactly the stale case above).
 */
export class ImageLock {
    readonly imagePath: string;
    readonly lockPath: string;
    readonly owner: LockOwner;
    #released = false;

    private constructor(imagePath: string, lockPath: string, owner: LockOwner) {
        this.imagePath = imagePath;
        this.lockPath = lockPath;
        this.owner = owner;
    }

    /** Takes the lock of `imagePath` (absolute), or throws ImageLockedError naming the live holder. */
    static acquire(imagePath: string): ImageLock {
        const lockPath = lockPathFor(imagePath);
        const identity = processIdentity(process.pid);
        const owner: LockOwner = {
            pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString(),
            ...(identity !== null ? {bootId: identity.bootId, processStart: identity.startTicks} : {})
        };
        for (let attempt = 0; attempt < 100; attempt++) {
            if (tryCreate(imagePath, lockPath, owner)) {
                const lock = new ImageLock(imagePath, lockPath, owner);
                held.add(lock);
                installExitHook();
                return lock;
            }
            const current = readOwner(lockPath, imagePath);
            if (current === "missing") continue;
            if (current === "unreadable") {
                if (ageMs(lockPath) < unreadableLockStaleMs) {
                    sleepSync(20);
                    continue;
                }
            } else {
                const sameHost = current.hostname === owner.hostname;
                const sameProcess = sameHost && current.pid === process.pid && [...held].some((lock) => lock.lockPath === lockPath);
                // A pid on another host cannot be checked from here: it is treated as alive. Our own pid
                // without a lock we hold is a leftover of an earlier process that had the same pid
                // (pid 1 in a container), so it is stale.
                const live = !sameHost || sameProcess || (current.pid !== process.pid && isAlive(current));
                if (live) {
                    throw new ImageLockedError({
                        path: imagePath, pid: current.pid, hostname: sameHost ? null : current.hostname, lockPath, sameProcess
                    });
                }
            }
            takeOverStale(lockPath, imagePath, current);
        }
        throw new ImageLockedError({path: imagePath, pid: 0, hostname: null, lockPath, sameProcess: false});
    }

    /** Reads who holds the lock of `imagePath`, or null when nobody does. */
    static holder(imagePath: string): LockOwner | null {
        const owner = readOwner(lockPathFor(imagePath), imagePath);
        return typeof owner === "string" ? null : owner;
    }

    get released(): boolean {
        return this.#released;
    }

    /** Deletes the lock file if it is still this lock's. Idempotent. */
    release(): void {
        if (this.#released) return;
        this.#released = true;
        held.delete(this);
        let current: ReturnType<typeof readOwner>;
        try {
            current = readOwner(this.lockPath, this.imagePath);
        } catch {
            return;
        }
        if (typeof current !== "string" && current.pid === this.owner.pid && current.startedAt === this.owner.startedAt) {
            try {
                unlinkSync(this.lockPath);
            } catch {
                // Already gone: nothing to release.
            }
        }
    }
}

function tryCreate(imagePath: string, lockPath: string, owner: LockOwner): boolean {
    let fd: number;
    try {
        fd = openSync(lockPath, "wx");
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
        if (["EROFS", "EACCES", "EPERM", "ENOSPC", "EDQUOT", "EIO"].includes((error as NodeJS.ErrnoException).code ?? ""))
            throw new LockFileError({path: imagePath, lockPath, error});
        throw error;
    }
    try {
        writeSync(fd, JSON.stringify(owner));
    } catch (error) {
        // A full disk can take the empty file but not its content: leave no lock that names nobody.
        closeSync(fd);
        unlinkSync(lockPath);
        throw new LockFileError({path: imagePath, lockPath, error});
    }
    closeSync(fd);
    return true;
}

function readOwner(lockPath: string, imagePath: string): LockOwner | "missing" | "unreadable" {
    let text: string;
    try {
        if (!statSync(lockPath).isFile()) throw new LockFileError({path: imagePath, lockPath, notAFile: true});
        text = readFileSync(lockPath, "utf8");
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
        if ((error as NodeJS.ErrnoException).code === "EISDIR") throw new LockFileError({path: imagePath, lockPath, notAFile: true});
        throw error;
    }
    try {
        const owner = JSON.parse(text) as Partial<LockOwner>;
        if (Number.isInteger(owner.pid) && typeof owner.hostname === "string" && typeof owner.startedAt === "string") {
            return owner as LockOwner;
        }
    } catch {
        // fall through: a lock file cut short, or not ours
    }
    return "unreadable";
}

/**
 * Removes a stale lock without ever removing a live one. Deleting by name could race: another
 * process may take the stale lock over and create its own between our read and our unlink. So the
 * file is first moved to a private name and read again; only the stale one we judged is deleted,
 * and a live lock moved by mistake is put back with link(), which never overwrites.
 */
function takeOverStale(lockPath: string, imagePath: string, judged: LockOwner | "unreadable"): void {
    const aside = `${lockPath}.stale-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
    try {
        renameSync(lockPath, aside);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
        throw error;
    }
    const moved = readOwner(aside, imagePath);
    const same = judged === "unreadable"
        ? moved === "unreadable"
        : typeof moved !== "string" && moved.pid === judged.pid && moved.startedAt === judged.startedAt;
    if (!same) {
        try {
            linkSync(aside, lockPath);
        } catch {
            // Someone holds the lock name again; the moved lock's owner will find it is not theirs.
        }
    }
    unlinkSync(aside);
}

/** Whether the lock's owner still runs: its pid is alive, and, when the lock says so, in this boot and since the same moment. */
function isAlive(owner: LockOwner): boolean {
    const bootId = currentBootId();
    if (owner.bootId !== undefined && bootId !== null && owner.bootId !== bootId) return false;
    try {
        process.kill(owner.pid, 0);
    } catch (error) {
        // EPERM: the process exists but belongs to another user.
        if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    }
    if (owner.processStart === undefined) return true;
    const now = processIdentity(owner.pid);
    // A pid whose start cannot be read is taken as alive: only a proven other process is a recycled pid.
    return now === null || now.startTicks === owner.processStart;
}

function ageMs(lockPath: string): number {
    try {
        return Date.now() - statSync(lockPath).mtimeMs;
    } catch {
        return 0;
    }
}

function sleepSync(ms: number): void {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function installExitHook(): void {
    if (exitHookInstalled) return;
    exitHookInstalled = true;
    process.on("exit", () => {
        for (const lock of [...held]) lock.release();
    });
}
