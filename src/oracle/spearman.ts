/**
 * Spearman's rank correlation of two equally long series: Pearson's correlation of their ranks, ties given the
 * mean of the ranks they span. NaN when either series is constant or shorter than two.
 */
export function spearman(xs: readonly number[], ys: readonly number[]): number {
    if (xs.length !== ys.length) throw new RangeError(`spearman needs two series of one length, not ${xs.length} and ${ys.length}.`);
    if (xs.length < 2) return Number.NaN;
    return pearson(ranks(xs), ranks(ys));
}

function ranks(values: readonly number[]): number[] {
    const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
    const out = new Array<number>(values.length);
    for (let i = 0; i < order.length;) {
        let j = i;
        while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
        const rank = (i + j) / 2 + 1;
        for (let k = i; k <= j; k++) out[order[k]![1]] = rank;
        i = j + 1;
    }
    return out;
}

function pearson(a: readonly number[], b: readonly number[]): number {
    const n = a.length;
    const ma = a.reduce((s, v) => s + v, 0) / n;
    const mb = b.reduce((s, v) => s + v, 0) / n;
    let sab = 0;
    let saa = 0;
    let sbb = 0;
    for (let i = 0; i < n; i++) {
        sab += (a[i]! - ma) * (b[i]! - mb);
        saa += (a[i]! - ma) ** 2;
        sbb += (b[i]! - mb) ** 2;
    }
    return saa === 0 || sbb === 0 ? Number.NaN : sab / Math.sqrt(saa * sbb);
}
