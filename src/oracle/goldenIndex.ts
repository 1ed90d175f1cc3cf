import type {GoldenDataset, GoldenSample} from "../objects/index.js";
import {contentId} from "./normalizedContent.js";

/**
 * Where each sample of a golden dataset is, by its id and by the id of its content (the same for
 * samples made here; different for samples whose id came from elsewhere), so that a duplicate is
 * found in O(1) instead of normalizing every sample on every add.
 *
 * An index belongs to one version of a dataset, the one in the image. It is built once (O(n)) the
 * first time a dataset is seen, and carried onto the version an append makes; the older version loses
 * it (it no longer describes it), and is indexed afresh if it is ever asked about again.
 */
const indexes = new WeakMap<GoldenDataset, Map<string, number>>();

export function goldenIndex(dataset: GoldenDataset): Map<string, number> {
    const known = indexes.get(dataset);
    if (known !== undefined) return known;
    const index = new Map<string, number>();
    dataset.forEach((sample, i) => {
        if (!index.has(sample.id)) index.set(sample.id, i);
        const content = contentId(sample.messages);
        if (!index.has(content)) index.set(content, i);
    });
    indexes.set(dataset, index);
    return index;
}

/**
 * Moves the index of `from` to `to`, which is `from` with `added` appended (the ids are their content ids).
 * `addedIds`, when the caller has it, is where each added sample is in `to` by its id, none of them in
 * `from`'s index (an import's own map of what it added): then the larger map takes the smaller one's
 * entries, instead of the index taking 100,000 new ones.
 */
export function carryGoldenIndex(from: GoldenDataset, to: GoldenDataset, added: readonly GoldenSample[], addedIds?: Map<string, number>): void {
    const index = indexes.get(from);
    indexes.delete(from);
    if (index === undefined || to.length !== from.length + added.length) return;
    if (addedIds !== undefined && addedIds.size === added.length && (added.length === 0 || addedIds.get(added[0]!.id) === from.length)) {
        const [larger, smaller] = addedIds.size > index.size ? [addedIds, index] : [index, addedIds];
        for (const [id, at] of smaller) larger.set(id, at);
        indexes.set(to, larger);
        return;
    }
    added.forEach((sample, i) => {
        if (!index.has(sample.id)) index.set(sample.id, from.length + i);
    });
    indexes.set(to, index);
}
