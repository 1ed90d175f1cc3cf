/** Edit distance between two strings (insertions, deletions, substitutions). */
export function levenshtein(a: string, b: string): number {
    if (a === b) return 0;
    let previous = Array.from({length: b.length + 1}, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            current.push(Math.min(current[j - 1]! + 1, previous[j]! + 1, previous[j - 1]! + cost));
        }
        previous = current;
    }
    return previous[b.length]!;
}

/** The candidates nearest to `word`, nearest first, at most `limit`, within a distance that still looks like a typo. */
export function nearestWords(word: string, candidates: Iterable<string>, limit = 5): string[] {
    const scored: {candidate: string, distance: number}[] = [];
    for (const candidate of new Set(candidates)) {
        const distance = levenshtein(word.toLowerCase(), candidate.toLowerCase());
        const prefix = candidate.toLowerCase().startsWith(word.toLowerCase().slice(0, 3)) ? -1 : 0;
        scored.push({candidate, distance: distance + prefix});
    }
    scored.sort((x, y) => x.distance - y.distance || x.candidate.localeCompare(y.candidate));
    const bound = Math.max(2, Math.ceil(word.length / 2));
    return scored.filter((s) => s.distance <= bound).slice(0, limit).map((s) => s.candidate);
}
