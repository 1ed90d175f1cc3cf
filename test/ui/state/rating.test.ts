import {describe, expect, it} from "vitest";
import {viewOf} from "../helpers/view.js";
import type {Curation, PersonaRecord, ScrapbookEntry} from "../../../src/index.js";
import type {BrowserModel, BrowserView} from "../../../src/ui/state/browserModel.js";
import {initialModel, reduce} from "../../../src/ui/state/browserModel.js";
import type {KeyPress} from "../../../src/ui/state/interpretKey.js";
import {interpretKey} from "../../../src/ui/state/interpretKey.js";
import type {RatingState} from "../../../src/ui/state/rating.js";
import {openRating, previewOf, ratingKey, ratingOutcome} from "../../../src/ui/state/rating.js";

const noKey: KeyPress = {
    upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageUp: false, pageDown: false, home: false, end: false,
    return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false
};
const press = (k: Partial<KeyPress> = {}): KeyPress => ({...noKey, ...k});

const entry = (id: string, lines: string[]): ScrapbookEntry => ({
    id, at: new Date(0), kind: "chat", model: null, adapter: null,
    messages: [{role: "system", content: "sys"}, {role: "user", content: lines[0]!}, {role: "assistant", content: lines.slice(1).join("\n")}]
});
const record = (scrapbook: ScrapbookEntry[]) => ({name: "BRICK", scrapbook}) as unknown as PersonaRecord;

/** Applies keys to a rating as the overlay does, answering the last intent and the rating it left. */
function keysOn(rating: RatingState, ...presses: [string, Partial<KeyPress>?][]) {
    let current = rating;
    let intent = ratingKey(current, "", press());
    for (const [input, key] of presses) {
        intent = ratingKey(current, input, press(key));
        if (intent.kind === "update") current = intent.rating;
    }
    return {intent, rating: current};
}

describe("rating: the Architect's overlay, as pure functions", () => {
    it("opens on the newest scrapbook entry, or says the scrapbook is empty", () => {
        const opened = openRating(record([entry("a", ["old?", "old"]), entry("b", ["new?", "new"])]));
        expect(opened).toMatchObject({kind: "rate", persona: "BRICK", interactionId: "b", row: 0, scores: {}, problem: null});
        expect(opened.kind === "rate" && opened.preview).toEqual(["user: new?", "assistant: new"]);
        const empty = openRating(record([]));
        expect(empty.kind).toBe("empty");
        expect(empty.kind === "empty" && empty.message).toMatch(/BRICK has no interaction to rate: its scrapbook is empty/);
    });

    it("previews the first lines without the system prompt, and says how many more there are", () => {
        const lines = previewOf(entry("x", ["q", "1", "2", "3", "4", "5", "6", "7"]), 4);
        expect(lines).toEqual(["user: q", "assistant: 1", "assistant: 2", "… 5 more lines"]);
    });

    it("rates overall at once with 1–5 on the first row; per axis only on Enter", () => {
        const rating = openRating(record([entry("b", ["q", "a"])]));
        expect(keysOn(rating, ["4"]).intent).toEqual({kind: "rate", scores: 4});
        const perAxis = keysOn(rating, ["", {tab: true}], ["3"], ["", {downArrow: true}], ["", {downArrow: true}], ["5"]);
        expect(perAxis.rating).toMatchObject({row: 3, scores: {logical_rigor: 3, dissonance_resolution: 5}});
        expect(keysOn(perAxis.rating, ["", {return: true}]).intent).toEqual({kind: "rate", scores: {logical_rigor: 3, dissonance_resolution: 5}});
        // Backspace clears the row's score; ↑ from the first row wraps to the last axis.
        expect(keysOn(perAxis.rating, ["", {backspace: true}]).rating.kind === "rate" && keysOn(perAxis.rating, ["", {backspace: true}]).rating).toMatchObject({scores: {logical_rigor: 3}});
        expect(keysOn(rating, ["", {upArrow: true}]).rating).toMatchObject({row: 4});
    });

    it("refuses in place: Enter with nothing scored, a digit out of 1–5; Esc cancels", () => {
        const rating = openRating(record([entry("b", ["q", "a"])]));
        const nothing = keysOn(rating, ["", {return: true}]);
        expect(nothing.intent.kind).toBe("update");
        expect(nothing.rating.kind === "rate" && nothing.rating.problem).toMatch(/No axis scored yet/);
        expect(keysOn(rating, ["9"]).rating.kind === "rate" && keysOn(rating, ["9"]).rating).toMatchObject({problem: "9 is not a score: rate from 1 to 5."});
        expect(keysOn(rating, ["", {tab: true}], ["2"], ["", {escape: true}]).intent).toEqual({kind: "cancel"});
        expect(keysOn(openRating(record([])), ["5"]).intent).toEqual({kind: "none"});
        expect(keysOn(openRating(record([])), ["", {escape: true}]).intent).toEqual({kind: "cancel"});
    });

    it("is wired into the browser: r opens it from the browser columns, keys then go to the overlay", () => {
        const view: BrowserView = viewOf({personaNames: ["BRICK"]});
        const m: BrowserModel = initialModel();
        expect(interpretKey(m, "r", press(), view)).toEqual({kind: "effect", effect: {kind: "openRating"}});
        const open = reduce(m, {type: "openRating", rating: openRating(record([entry("b", ["q", "a"])]))}, view);
        expect(open.overlay).toBe("rating");
        expect(interpretKey(open, "5", press(), view)).toEqual({kind: "effect", effect: {kind: "rate", scores: 5}});
        // Tab picks an axis instead of moving the focus while the overlay is open.
        const tab = interpretKey(open, "", press({tab: true}), view);
        expect(tab.kind === "action" && tab.action.type).toBe("rating");
        const closed = reduce(open, {type: "closeRating"}, view);
        expect(closed.overlay).toBe("none");
        expect(closed.rating).toBeNull();
        // In the Playground, r is text.
        const playground = reduce(m, {type: "focus", pane: "playground"}, view);
        expect(interpretKey(playground, "r", press(), view)).toMatchObject({kind: "action", action: {type: "playgroundBuffer"}});
    });

    it("words the outcome: golden sample, not golden, already golden", () => {
        const base = {interactionId: "int-1", threshold: 4, scores: {judge: "Architect", axes: {}, golden: 4.5}};
        const sample = {id: "0123456789abcdef"} as never;
        expect(ratingOutcome({...base, sample: {added: true, sample}} as Curation)).toBe("Architect: golden 4.50 ≥ 4 → golden sample 01234567 · interaction int-1");
        expect(ratingOutcome({...base, scores: {...base.scores, golden: 2}, sample: null} as Curation)).toBe("Architect: golden 2.00 < 4, not golden · interaction int-1");
        expect(ratingOutcome({...base, sample: {added: false, reason: "duplicate", existing: sample}} as Curation)).toMatch(/already golden \(01234567\)/);
    });
});
