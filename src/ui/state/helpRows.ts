import type {BrowserModel} from "./browserModel.js";
import {activeToolOf} from "./browserModel.js";
import type {Binding} from "./keymap.js";
import {keymap} from "./keymap.js";

/** The rows of the `?` overlay: the shown tool's own keys first, then every binding of the browser. */
export function helpRows(model: BrowserModel): Binding[] {
    const tool = activeToolOf(model);
    const own = tool == null ? [] : tool.definition.help.map((h): Binding => ({keys: h.keys, action: h.action, where: "tool"}));
    return [...own, ...keymap];
}
