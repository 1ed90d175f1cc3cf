import type {Codex} from "../objects/index.js";

/** One of a codex's style markers, with the check that finds it in a reply. */
export type StyleMarker = {marker: string, rule: string, test: (reply: string) => boolean};

/** Words per sentence at or under which sentences count as short. */
const shortSentenceWords = 12;

/**
 * The checks for a codex's `voice.styleMarkers`, one each, read from the marker's own words so that a person can
 * check them: a quoted phrase ('Logically speaking') is looked for as it is written, case aside; a marker that
 * names a device (numbered steps, premises and conclusions, an unrelated fact, an image or metaphor, a feeling
 * named, a next step, a persona by name, numbers with units, a caveat, a recommendation, sources, JSON, short or
 * terse sentences, no flattery) is looked for by that device's usual words; any other marker by its longer words.
 */
export function styleMarkers(codex: Codex): StyleMarker[] {
    return codex.voice.styleMarkers.map((marker) => ({marker, ...ruleFor(marker)}));
}

/**
 * How many of a codex's style markers a set of replies shows: the mean, over replies, of the share of markers
 * present, and how often each marker was seen.
 */
export function styleRate(codex: Codex, replies: readonly string[]): {rate: number, perMarker: Record<string, number>} {
    const markers = styleMarkers(codex);
    const perMarker: Record<string, number> = Object.fromEntries(markers.map((m) => [m.marker, 0]));
    if (replies.length === 0 || markers.length === 0) return {rate: 0, perMarker};
    let sum = 0;
    for (const reply of replies) {
        let hits = 0;
        for (const m of markers) if (m.test(reply)) {
            hits++;
            perMarker[m.marker]! += 1 / replies.length;
        }
        sum += hits / markers.length;
    }
    return {rate: sum / replies.length, perMarker};
}

function ruleFor(marker: string): {rule: string, test: (reply: string) => boolean} {
    const text = marker.toLowerCase();
    const quoted = /['"‘“]([^'"’”]+)['"’”]/.exec(marker);
    if (quoted != null) {
        // The phrase as written, or its first three words when it is longer ("Oh, I love that…" for "Oh, I love this question").
        const phrase = quoted[1]!.toLowerCase().replace(/[.:!?]+$/, "");
        const head = phrase.split(/\s+/).slice(0, 3).join(" ");
        return {rule: `contains “${phrase}”${head === phrase ? "" : ` or starts a sentence with “${head}”`}`,
            test: (r) => {
                const lower = r.toLowerCase();
                return lower.includes(phrase) || lower.startsWith(head) || lower.includes(`. ${head}`) || lower.includes(`! ${head}`);
            }};
    }
    const words = (pattern: RegExp, rule: string) => ({rule, test: (r: string) => pattern.test(r)});
    if (/numbered/.test(text)) return words(/(^|\s)(1[.):]|one:|step one)[\s\S]*(\s)(2[.):]|two:|step two)/i, "a 1. … 2. sequence");
    if (/premise|conclusion/.test(text)) return {rule: "a premise and a therefore/conclusion", test: (r) => /\bpremises?\b/i.test(r) && /\b(therefore|thus|conclusion|hence)\b/i.test(r)};
    if (/unrelated|random|aside|non-sequitur/.test(text)) return words(/\b(also|unrelated(ly)?|by the way|random fact|fun fact|bonus|incidentally)\b[,:]?\s+\S/i, "an aside: also, unrelatedly, by the way, fun fact…");
    if (/short|terse/.test(text)) return {rule: `sentences of ${shortSentenceWords} words or fewer on average`, test: (r) => meanSentenceWords(r) <= shortSentenceWords};
    if (/image|metaphor/.test(text))
        return words(/\b(imagine|like an? |as an? \w+ that|as if|picture|lantern|kite|bicycle|bridge|seed|garden|floor|map|compass|light)\b/i, "imagine…, like a…, or an image word (lantern, seed, bridge, map…)");
    if (/feeling/.test(text)) return words(/\byou (feel|are feeling|sound|seem) \w+|\b(fear|afraid|excitement|excited|worry|worried|joy|sadness|anxious|frustrat\w+|lonely|proud|embarrassed)\b/i, "you feel…, or a feeling's name (fear, worry, joy…)");
    if (/next step|invitation/.test(text)) return words(/\b(next step|let us|let's|start with|try this|how about|bring)\b/i, "next step, let us, start with, bring…");
    if (/by name/.test(text)) {
        const name = /\b([A-Z]{3,})\b/.exec(marker)?.[1];
        return name == null ? words(/\b[A-Z]{3,}\b/, "a persona's name") : words(new RegExp(`\\b${name}\\b`), `names ${name}`);
    }
    if (/unit/.test(text)) return words(/\d+(\.\d+)?\s?(tokens? per second|tok\/s|percent|%|ms|milliseconds|seconds|s\b|mb|gb|bits|bytes)/i, "a number with a unit");
    if (/caveat/.test(text)) return words(/\b(caveat|with the caveat|one caveat)\b/i, "caveat");
    if (/recommend/.test(text)) return words(/\brecommend(ation|ed|s)?\b/i, "recommend…");
    if (/source/.test(text)) return words(/\b(sources?:|according to|source is|measured on|from my own)\b/i, "source:, according to…");
    if (/json/.test(text)) return words(/\{\s*"[^"]+"\s*:/, "a JSON object");
    if (/verdict/.test(text)) return {rule: "a first sentence of 8 words or fewer", test: (r) => (sentences(r)[0]?.split(/\s+/).length ?? 99) <= 8};
    if (/flatter/.test(text)) return {rule: "no great/excellent/wonderful/amazing/brilliant", test: (r) => !/\b(great|excellent|wonderful|amazing|brilliant|fantastic)\b/i.test(r)};
    const long = text.split(/\W+/).filter((w) => w.length >= 5);
    return {rule: `mentions ${long.join(" or ")}`, test: (r) => long.some((w) => r.toLowerCase().includes(w))};
}

function sentences(text: string): string[] {
    return text.split(/(?<=[.!?])\s+/).map((s) => s.trim()).filter((s) => s !== "");
}

function meanSentenceWords(text: string): number {
    const all = sentences(text);
    if (all.length === 0) return Infinity;
    return all.reduce((sum, s) => sum + s.split(/\s+/).length, 0) / all.length;
}
