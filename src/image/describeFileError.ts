/**
 * What a system error from the file system means, in words a user can act on, or null when the
 * error is not one the user's machine or files can cause (then it is a bug of ours). Never quotes
 * a file's content: only the code, which names the condition.
 */
export function describeFileError(error: unknown): string | null {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (code == null) return null;
    return fileErrorTexts[code] ?? null;
}

const fileErrorTexts: Record<string, string> = {
    ENOSPC: "the disk is full (ENOSPC)",
    EDQUOT: "the disk quota is used up (EDQUOT)",
    EROFS: "the file system is read-only (EROFS)",
    EACCES: "permission denied (EACCES)",
    EPERM: "the operation is not permitted (EPERM)",
    EIO: "the disk reported an input/output error (EIO)",
    ENOENT: "the file or its folder does not exist (ENOENT)",
    ENOTDIR: "a part of the path is not a folder (ENOTDIR)",
    EISDIR: "the path is a folder, not a file (EISDIR)",
    EMFILE: "too many files are open (EMFILE)",
    ENFILE: "too many files are open on this machine (ENFILE)",
    ENAMETOOLONG: "the path is too long (ENAMETOOLONG)",
    EFBIG: "the file is larger than the file system allows (EFBIG)",
    EXDEV: "the paths are on different file systems (EXDEV)",
    ELOOP: "the path has too many symbolic links (ELOOP)",
    EBUSY: "the file is busy (EBUSY)"
};

/** Whether the error is the disk being full: the one case where freeing space is the fix. */
export function isDiskFull(error: unknown): boolean {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    return code === "ENOSPC" || code === "EDQUOT";
}
