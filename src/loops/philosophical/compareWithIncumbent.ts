import {pairedBootstrap} from "./pairedBootstrap.js";
import type {Interval} from "./pairedBootstrap.js";
import type {ModelBenchmark} from "./benchmarkModel.js";
import type {PairwiseTally} from "./PairwiseJudge.js";

/** A candidate against the incumbent, item by item. */
export type Comparison = {
    /** Bits per byte saved on each held-out sample (incumbent − candidate; positive: the candidate predicts the persona better). */
    bitsPerByte: Interval | null,
    /** The Oracle's golden score gained on each held-out prompt (candidate − incumbent). */
    oracle: Interval | null,
    /** Pairwise judgements in both orders: the candidate's wins, the incumbent's, and undecided ones. */
    pairwise: {candidateWins: number, incumbentWins: number, ties: number, failed: number} | null,
    stepChange: boolean,
    /** The decision in one sentence. */
    why: string
};

/**
 * Compares a candidate with the incumbent on the same held-out items, pairing each item with itself: a seeded
 * bootstrap interval of the mean difference in bits per byte and in the Oracle's score. The candidate is a step
 * change only if the lower bound of the bits-per-byte interval clears `margin` and the Oracle, asked in both
 * orders which reply is better, does not prefer the incumbent's in most of its judgements. The Oracle's absolute
 * scores are kept as evidence but do not decide: one judge's scores of two models' replies carry its position and
 * length biases, which the two-order pairwise judgement cancels.
 */
export function compareWithIncumbent(incumbent: ModelBenchmark, candidate: ModelBenchmark, pairwise: PairwiseTally | null,
    options: {margin: number, resamples: number, seed?: number}): Comparison {
    const bootstrap = {resamples: options.resamples, seed: options.seed ?? 1};
    const bits: number[] = [];
    incumbent.bitsPerByte.forEach((value, i) => {
        const other = candidate.bitsPerByte[i];
        if (value != null && other != null) bits.push(value - other);
    });
    const scores: number[] = [];
    incumbent.replies.forEach((reply, i) => {
        const other = candidate.replies[i];
        if (reply.score != null && other?.score != null) scores.push(other.score - reply.score);
    });
    const bitsPerByte = bits.length === 0 ? null : pairedBootstrap(bits, bootstrap);
    const oracle = scores.length === 0 ? null : pairedBootstrap(scores, bootstrap);
    const tally = pairwise == null ? null : {candidateWins: pairwise.secondWins, incumbentWins: pairwise.firstWins, ties: pairwise.ties, failed: pairwise.failed};
    const decided = tally == null ? 0 : tally.candidateWins + tally.incumbentWins + tally.ties;
    const f = (n: number) => n.toFixed(3);
    let why: string;
    let stepChange = false;
    if (bitsPerByte == null) why = "No held-out sample fits both models' contexts, so nothing could be compared.";
    else if (bitsPerByte.lower <= options.margin)
        why = `It saves ${f(bitsPerByte.mean)} bits per byte [${f(bitsPerByte.lower)}, ${f(bitsPerByte.upper)}]; the lower bound does not clear the margin of ${options.margin}.`;
    else if (tally != null && decided > 0 && tally.incumbentWins * 2 > decided)
        why = `It predicts the persona better, but the Oracle preferred the incumbent's replies in ${tally.incumbentWins} of ${decided} pairwise judgements (both orders).`;
    else {
        stepChange = true;
        why = `A step change: ${f(bitsPerByte.mean)} bits per byte saved [${f(bitsPerByte.lower)}, ${f(bitsPerByte.upper)}], lower bound above the margin of ${options.margin}` +
            (oracle == null ? "" : `; Oracle ${oracle.mean >= 0 ? "+" : ""}${oracle.mean.toFixed(2)} [${oracle.lower.toFixed(2)}, ${oracle.upper.toFixed(2)}]`) +
            (tally == null ? "." : `; pairwise ${tally.candidateWins} won, ${tally.incumbentWins} lost, ${tally.ties} undecided.`);
    }
    return {bitsPerByte, oracle, pairwise: tally, stepChange, why};
}
