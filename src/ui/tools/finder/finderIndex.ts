import type {CodeLocation, PersonaRecord, WorldState} from "../../../index.js";
import {classCatalog, implementorsOf, referencesTo, sendersOf} from "../../../index.js";
import type {CategoryKind} from "../../state/catalog.js";
import {sampleLabel} from "../../state/catalog.js";
import {fuzzyScore} from "../../state/fuzzy.js";
import type {SearchKind} from "../../state/interpretKey.js";

/** What a hit is, and what to show or reveal for it. */
export type HitRef =
    | {kind: "persona", persona: string}
    | {kind: "method", persona: string, selector: string}
    | {kind: "slot", persona: string, slot: string, free: boolean}
    | {kind: "sample", persona: string, index: number}
    | {kind: "handler", persona: string, event: string}
    | {kind: "class", className: string, selector: string | null, side: "instance" | "class"}
    | {kind: "primitive", selector: string};

/** One line of the finder's list. `text` is what the query is matched against, lower-cased once. */
export type Hit = {label: string, tag: string, text: string, ref: HitRef};

export type FinderMode = "find" | SearchKind;
export const finderModes: readonly FinderMode[] = ["find", "senders", "implementors", "references"];

// A persona's record is frozen and replaced when it changes: its hits are made once per change.
const hitsByRecord = new WeakMap<PersonaRecord, Hit[]>();
let classHits: Hit[] | null = null;

/** Every persona, method, slot and golden sample of a persona, and every class of the language, as finder hits. */
function everything(world: WorldState): Hit[][] {
    const lists: Hit[][] = Object.values(world.personas).map(hitsOf);
    classHits ??= classCatalog().map((c): Hit => ({
        label: c.name, tag: "class", text: c.name.toLowerCase(), ref: {kind: "class", className: c.name, selector: null, side: "instance"}
    }));
    lists.push(classHits);
    return lists;
}

function hitsOf(record: PersonaRecord): Hit[] {
    let hits = hitsByRecord.get(record);
    if (hits != null) return hits;
    const name = record.name;
    const hit = (label: string, tag: string, ref: HitRef): Hit => ({label, tag, text: label.toLowerCase(), ref});
    hits = [hit(name, "persona", {kind: "persona", persona: name})];
    for (const selector of Object.keys(record.methods).sort()) hits.push(hit(`${name} >> #${selector}`, record.methods[selector]!.category, {kind: "method", persona: name, selector}));
    for (const slot of ["baseModelPath", "activeAdapterPath", "codexPath", "parent"]) hits.push(hit(`${name} ${slot}`, "slot", {kind: "slot", persona: name, slot, free: false}));
    for (const slot of Object.keys(record.slots)) hits.push(hit(`${name} ${slot}`, "slot *", {kind: "slot", persona: name, slot, free: true}));
    record.goldenDataset.forEach((sample, index) => hits!.push(hit(`${name} ${sampleLabel(sample, index)}`, "sample", {kind: "sample", persona: name, index})));
    hitsByRecord.set(record, hits);
    return hits;
}

/** Most hits the list keeps: enough to scroll through, few enough to sort on every key. */
const limit = 300;

type Searched = {world: WorldState, query: string, matches: {hit: Hit, score: number}[]};
let last: Searched | null = null;

/**
 * The hits for a fuzzy query, best first. Typing on extends the query, so the next search looks only
 * through the previous matches: a key costs a pass over what still matches, not over the whole image.
 */
export function findHits(world: WorldState, query: string): {hits: Hit[], total: number} {
    const q = query.trim();
    if (q === "") return {hits: [], total: 0};
    let matches: {hit: Hit, score: number}[];
    if (last != null && last.world === world && q.startsWith(last.query)) {
        matches = [];
        for (const m of last.matches) {
            const score = fuzzyScore(q, m.hit.label);
            if (score != null) matches.push({hit: m.hit, score});
        }
    } else {
        matches = [];
        const first = q[0]!.toLowerCase();
        for (const list of everything(world)) {
            for (const hit of list) {
                // A quick refusal before scoring: the first letter must be there.
                if (!hit.text.includes(first)) continue;
                const score = fuzzyScore(q, hit.label);
                if (score != null) matches.push({hit, score});
            }
        }
    }
    last = {world, query: q, matches};
    const best = [...matches].sort((a, b) => b.score - a.score).slice(0, limit);
    return {hits: best.map((m) => m.hit), total: matches.length};
}

/** The senders, implementors or references of a selector as hits, in the order the search found them. */
export function searchHits(world: WorldState, how: SearchKind, selector: string, primitives: Iterable<string>): Hit[] {
    const name = selector.trim().replace(/^#/, "");
    if (name === "") return [];
    const found = how === "senders" ? sendersOf(world, name) : how === "implementors" ? implementorsOf(world, name, primitives) : referencesTo(world, name);
    return found.map(locationHit);
}

function locationHit(location: CodeLocation): Hit {
    const hit = (label: string, tag: string, ref: HitRef): Hit => ({label, tag, text: label.toLowerCase(), ref});
    switch (location.kind) {
        case "method":
            return hit(`${location.persona} >> #${location.selector}`, location.approximate ? "by text" : location.category, {kind: "method", persona: location.persona, selector: location.selector});
        case "handler":
            return hit(`${location.persona} on: #${location.event}`, "bus handler", {kind: "handler", persona: location.persona, event: location.event});
        case "class":
            return hit(`${location.className}${location.side === "class" ? " class" : ""} >> #${location.selector}`, "built in",
                {kind: "class", className: location.className, selector: location.selector, side: location.side});
        case "primitive":
            return hit(`every persona >> #${location.selector}`, "primitive", {kind: "primitive", selector: location.selector});
        default:
            return location satisfies never;
    }
}

/** Where the browser shows a hit: the persona, the category and how to find the item; null when it has no place there. */
export function placeOf(ref: HitRef): {persona: string, category: CategoryKind, item: (item: {kind: string, selector?: string, slot?: string, index?: number}) => boolean} | null {
    switch (ref.kind) {
        case "persona":
            return {persona: ref.persona, category: "slots", item: () => true};
        case "method":
            return {persona: ref.persona, category: "methods", item: (i) => i.kind === "method" && i.selector === ref.selector};
        case "slot":
            return {persona: ref.persona, category: "slots", item: (i) => i.kind === "slot" && i.slot === ref.slot};
        case "sample":
            return {persona: ref.persona, category: "golden dataset", item: (i) => i.kind === "sample" && i.index === ref.index};
        case "handler":
            return {persona: ref.persona, category: "slots", item: (i) => i.kind === "slot" && i.slot === "subscriptions"};
        case "class":
        case "primitive":
            return null;
        default:
            return ref satisfies never;
    }
}
