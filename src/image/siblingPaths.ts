/**
 * The journal (Smalltalk's .changes file) beside an image: `X.image.json` → `X.changes.jsonl`
 * (so `workspace.image.json` journals to `workspace.changes.jsonl`), any other name → `<path>.changes.jsonl`.
 */
export function journalPathFor(imagePath: string): string {
    return imagePath.endsWith(".image.json")
        ? `${imagePath.slice(0, -".image.json".length)}.changes.jsonl`
        : `${imagePath}.changes.jsonl`;
}

/** The backup that each save keeps of the previous good image. */
export function backupPathFor(imagePath: string): string {
    return `${imagePath}.bak`;
}

/** The lock file that says which process has the image open for writing. */
export function lockPathFor(imagePath: string): string {
    return `${imagePath}.lock`;
}
