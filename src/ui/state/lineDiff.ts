/** One line of a diff: kept, only in the old text (`-`), or only in the new one (`+`). */
export type DiffLine = {kind: "same" | "removed" | "added", text: string};

/**
 * A line diff of two texts by their longest common subsequence, as `diff` shows it: removals before
 * additions at each change. Method sources are short (tens of lines), so the quadratic table is cheap;
 * past `limit` lines on a side the texts are shown as one removal and one addition.
 */
export function lineDiff(before: string, after: string, limit = 2000): DiffLine[] {
    const a = before.split("\n");
    const b = after.split("\n");
    if (a.length > limit || b.length > limit)
        return [...a.map((text): DiffLine => ({kind: "removed", text})), ...b.map((text): DiffLine => ({kind: "added", text}))];
    // lengths[i][j]: the LCS of a[i..] and b[j..].
    const lengths: number[][] = Array.from({length: a.length + 1}, () => new Array<number>(b.length + 1).fill(0));
    for (let i = a.length - 1; i >= 0; i--)
        for (let j = b.length - 1; j >= 0; j--)
            lengths[i]![j] = a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    const out: DiffLine[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
        if (a[i] === b[j]) {
            out.push({kind: "same", text: a[i]!});
            i++;
            j++;
        } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) out.push({kind: "removed", text: a[i++]!});
        else out.push({kind: "added", text: b[j++]!});
    }
    while (i < a.length) out.push({kind: "removed", text: a[i++]!});
    while (j < b.length) out.push({kind: "added", text: b[j++]!});
    return out;
}

/** How many lines a diff adds and removes. */
export function diffStat(diff: readonly DiffLine[]): {added: number, removed: number} {
    return {added: diff.filter((d) => d.kind === "added").length, removed: diff.filter((d) => d.kind === "removed").length};
}
