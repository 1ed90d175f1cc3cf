import {describe, expect, it} from "vitest";
import {viewOf} from "../helpers/view.js";
import type {BrowserModel, BrowserView} from "../../../src/ui/state/browserModel.js";
import {initialModel, reduce} from "../../../src/ui/state/browserModel.js";
import {inspectRows} from "../../../src/ui/state/inspectRows.js";
import type {KeyPress} from "../../../src/ui/state/interpretKey.js";
import {interpretKey} from "../../../src/ui/state/interpretKey.js";
import {bufferOf, textOf} from "../../../src/ui/state/textBuffer.js";

const noKey: KeyPress = {
    upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageUp: false, pageDown: false, home: false, end: false,
    return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false
};
const press = (k: Partial<KeyPress>): KeyPress => ({...noKey, ...k});

const nested = {messages: [{role: "user", content: "hi"}, {role: "assistant", content: "hello"}], score: 4.5};
const view: BrowserView = viewOf({
    personaNames: ["BRICK", "ROBIN"],
    items: [{kind: "value", label: "sample", summary: "", value: nested}, {kind: "slot", label: "name", summary: "", slot: "name", value: "BRICK", free: false}],
    inspectorRows: inspectRows(nested),
    transcriptLines: 3,
    history: ["1 + 1", "2 + 2"]
});

function run(model: BrowserModel, ...intents: [string, Partial<KeyPress>][]): BrowserModel {
    let m = model;
    for (const [input, key] of intents) {
        const intent = interpretKey(m, input, press(key), view);
        if (intent.kind === "action") m = reduce(m, intent.action, view);
    }
    return m;
}

describe("browserModel + interpretKey", () => {
    it("walks the columns with ←/→ and Enter, and clamps selections to the lists", () => {
        let m = run(initialModel(), ["", {downArrow: true}], ["", {downArrow: true}], ["", {downArrow: true}]);
        expect(m.persona).toBe(1);
        m = run(m, ["", {return: true}], ["", {return: true}]);
        expect(m.focus).toBe("items");
        m = run(m, ["", {rightArrow: true}], ["", {rightArrow: true}]);
        expect(m.focus).toBe("inspector");
        m = run(m, ["", {escape: true}]);
        expect(m.focus).toBe("items");
        m = run(m, ["", {escape: true}], ["", {leftArrow: true}], ["", {leftArrow: true}]);
        expect(m.focus).toBe("personas");
    });

    it("cycles every pane with Tab in the order they have on the screen, and back with Shift-Tab", () => {
        const seen: string[] = [];
        let m = initialModel();
        for (let i = 0; i < 6; i++) {
            seen.push(m.focus);
            m = run(m, ["", {tab: true}]);
        }
        expect(seen).toEqual(["personas", "categories", "items", "inspector", "transcript", "playground"]);
        expect(m.focus).toBe("personas");
        expect(run(m, ["", {tab: true, shift: true}]).focus).toBe("playground");
    });

    it("drills in and out, restoring the selection of each level", () => {
        let m: BrowserModel = {...initialModel(), focus: "inspector"};
        m = run(m, ["", {return: true}]);
        expect(m.inspector.path).toEqual([0]);
        expect(m.inspector.trail).toEqual(["messages"]);
        const deeper = {...view, inspectorRows: inspectRows(nested.messages)};
        m = reduce(m, {type: "move", delta: 1}, deeper);
        m = reduce(m, {type: "drillIn"}, deeper);
        expect(m.inspector.path).toEqual([0, 1]);
        m = reduce(m, {type: "drillOut"}, view);
        expect(m.inspector.selected).toBe(1);
        m = reduce(m, {type: "drillOut"}, view);
        expect(m.inspector.path).toEqual([]);
        expect(m.inspector.selected).toBe(0);
    });

    it("asks for effects where the image is needed: edit, accept, evaluate, save, quit", () => {
        const items: BrowserModel = {...initialModel(), focus: "items", item: 1};
        expect(interpretKey(items, "", press({return: true}), view)).toEqual({kind: "effect", effect: {kind: "editItem"}});
        expect(interpretKey({...items, item: 0}, "", press({return: true}), view)).toEqual({kind: "action", action: {type: "focus", pane: "inspector"}});
        expect(interpretKey(items, "s", press({ctrl: true}), view)).toEqual({kind: "effect", effect: {kind: "save"}});
        expect(interpretKey(items, "q", press({}), view)).toEqual({kind: "effect", effect: {kind: "requestQuit"}});
        const playground: BrowserModel = {...initialModel(), focus: "playground"};
        expect(interpretKey(playground, "d", press({ctrl: true}), view)).toEqual({kind: "effect", effect: {kind: "evaluate", how: "doIt"}});
        expect(interpretKey(playground, "p", press({ctrl: true}), view)).toEqual({kind: "effect", effect: {kind: "evaluate", how: "printIt"}});
        expect(interpretKey(playground, "o", press({ctrl: true}), view)).toEqual({kind: "effect", effect: {kind: "evaluate", how: "inspectIt"}});
        // In the Playground, q and ? are text.
        expect(interpretKey(playground, "q", press({}), view).kind).toBe("action");
        const editing = reduce(items, {type: "openEditor", target: {kind: "slot", persona: "BRICK", slot: "name"}, text: "'BRICK'"}, view);
        expect(interpretKey(editing, "s", press({ctrl: true}), view)).toEqual({kind: "effect", effect: {kind: "acceptEdit"}});
        expect(interpretKey(editing, "", press({return: true}), view)).toEqual({kind: "effect", effect: {kind: "acceptEdit"}});
        const confirm: BrowserModel = {...items, overlay: "confirmQuit"};
        expect(interpretKey(confirm, "y", press({}), view)).toEqual({kind: "effect", effect: {kind: "quit", save: true}});
        expect(interpretKey(confirm, "n", press({}), view)).toEqual({kind: "effect", effect: {kind: "quit", save: false}});
    });

    it("recalls the Playground history from the first line only", () => {
        let m: BrowserModel = {...initialModel(), focus: "playground"};
        m = run(m, ["x", {}], ["", {upArrow: true}]);
        expect(textOf(m.playground.buffer)).toBe("2 + 2");
        m = run(m, ["", {upArrow: true}], ["", {downArrow: true}], ["", {downArrow: true}]);
        expect(textOf(m.playground.buffer)).toBe("x");
        m = {...m, playground: {...m.playground, buffer: {...bufferOf("a\nb")}}};
        m = run(m, ["", {upArrow: true}]);
        expect(m.playground.buffer.row).toBe(0);
        expect(textOf(m.playground.buffer)).toBe("a\nb");
    });
});
