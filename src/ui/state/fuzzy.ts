/**
 * A fuzzy match as finders in editors make it: every character of the query appears in the text in
 * order (case ignored). Answers a score, higher for a better match, or null for none: consecutive
 * characters and characters at the start of a word (after a space, `>`, `#`, `:` or a case change)
 * count more, and a shorter text wins a tie.
 */
export function fuzzyScore(query: string, text: string): number | null {
    if (query === "") return 0;
    const q = query.toLowerCase();
    const t = text.toLowerCase();
    let score = 0;
    let from = 0;
    let previous = -2;
    for (const char of q) {
        if (char === " ") continue;
        const at = t.indexOf(char, from);
        if (at < 0) return null;
        score += 1;
        if (at === previous + 1) score += 3;
        if (at === 0 || isBoundary(text, at)) score += 2;
        previous = at;
        from = at + 1;
    }
    // An exact substring beats a scattered match of the same letters.
    if (t.includes(q)) score += q.length * 2;
    return score - text.length / 1000;
}

function isBoundary(text: string, at: number): boolean {
    const before = text[at - 1]!;
    const char = text[at]!;
    return " >#:._-/".includes(before) || (before === before.toLowerCase() && char !== char.toLowerCase());
}
