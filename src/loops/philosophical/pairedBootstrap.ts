/** A mean with its bootstrap confidence interval. */
export type Interval = {
    mean: number,
    lower: number,
    upper: number,
    /** Paired items the interval rests on. */
    n: number,
    resamples: number,
    /** The interval's coverage, e.g. 0.95. */
    confidence: number,
    seed: number
};

export type BootstrapOptions = {
    /** Resamples (default 2000; fewer than 1000 is refused). */
    resamples?: number,
    /** Default 0.95. */
    confidence?: number,
    /** Default 1: the same differences give the same interval in every run. */
    seed?: number
};

/** I mean a bootstrap was asked for with too few resamples or items, or a non-finite difference. */
export class BootstrapError extends Error {
    public override readonly name = "BootstrapError";
}

/**
 * The percentile bootstrap interval of the mean of paired differences: `differences[i]` compares two models on
 * the same item, so resampling items keeps each pair together and the interval reflects how consistently one
 * side wins, not how hard the items are. Seeded (mulberry32), so a comparison is reproducible.
 * @throws BootstrapError for an empty list, a non-finite difference, or fewer than 1000 resamples.
 */
export function pairedBootstrap(differences: readonly number[], options: BootstrapOptions = {}): Interval {
    const resamples = options.resamples ?? 2000;
    const confidence = options.confidence ?? 0.95;
    const seed = options.seed ?? 1;
    const n = differences.length;
    if (n === 0) throw new BootstrapError("A bootstrap needs at least one paired difference; none was given.");
    if (!Number.isInteger(resamples) || resamples < 1000) throw new BootstrapError(`A bootstrap takes at least 1000 resamples, not ${resamples}.`);
    if (!(confidence > 0 && confidence < 1)) throw new BootstrapError(`confidence must lie in (0, 1), not ${confidence}.`);
    if (differences.some((d) => !Number.isFinite(d))) throw new BootstrapError("A paired difference is not a finite number.");
    const mean = differences.reduce((sum, d) => sum + d, 0) / n;
    const random = mulberry32(seed);
    const means = new Float64Array(resamples);
    for (let r = 0; r < resamples; r++) {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += differences[Math.floor(random() * n)]!;
        means[r] = sum / n;
    }
    means.sort();
    const tail = (1 - confidence) / 2;
    return {mean, lower: quantile(means, tail), upper: quantile(means, 1 - tail), n, resamples, confidence, seed};
}

/** Linear interpolation between order statistics of a sorted array. */
function quantile(sorted: Float64Array, q: number): number {
    const position = q * (sorted.length - 1);
    const below = Math.floor(position);
    const above = Math.min(sorted.length - 1, below + 1);
    return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/** mulberry32: a small seeded PRNG. */
export function mulberry32(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
