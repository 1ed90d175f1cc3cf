import {methodVersions} from "../../index.js";
import {conversationTool} from "../tools/conversation/conversationTool.js";
import {freshConversation} from "../tools/conversation/conversationState.js";
import {contextTool, loadPreview} from "../tools/context/contextTool.js";
import {evolutionTool} from "../tools/evolution/evolutionTool.js";
import {finderTool, freshFinder} from "../tools/finder/finderTool.js";
import {resultTool} from "../tools/result/resultTool.js";
import type {ToolOpening, ToolTask} from "../tools/Tool.js";
import {opening} from "../tools/Tool.js";
import {versionsTool} from "../tools/versions/versionsTool.js";
import type {BrowserModel} from "../state/browserModel.js";
import type {ScreenView} from "../state/deriveView.js";
import type {ToolLaunch} from "../state/interpretKey.js";
import {resultText} from "../state/resultText.js";
import type {BrowserSession} from "./BrowserSession.js";

/** A tool to open, and the task to start in it once it is open (a first load), or why it cannot open. */
export type Launch = {ok: true, tool: ToolOpening, task?: ToolTask<unknown>} | {ok: false, text: string};

/**
 * Works out what a launch opens from the browser's selection: the selected persona's conversation,
 * the selected method's senders or versions, the Playground's result. Opening what is already open
 * shows the open one (its key), with a conversation's turns kept.
 */
export function launch(what: ToolLaunch, session: BrowserSession, model: BrowserModel, view: ScreenView): Launch {
    const persona = view.record?.name ?? null;
    switch (what.kind) {
        case "conversation": {
            if (persona == null) return {ok: false, text: "No persona to talk to: this image has none"};
            const key = `conversation:${persona}`;
            const open = model.tools.find((t) => t.key === key);
            const state = open?.state ?? freshConversation(persona, session.runtime.conversation(persona));
            return {ok: true, tool: opening(conversationTool, key, state as ReturnType<typeof freshConversation>)};
        }
        case "finder": {
            // Ctrl-F finds anything: an open finder keeps its query only when it is finding, not searching senders.
            const open = model.tools.find((t) => t.key === "finder")?.state as ReturnType<typeof freshFinder> | undefined;
            return {ok: true, tool: opening(finderTool, "finder", open?.mode === "find" ? open : freshFinder())};
        }
        case "search": {
            const selector = what.selector;
            // No method selected: the finder opens in that mode and asks for the selector.
            return {ok: true, tool: opening(finderTool, "finder", freshFinder(what.how, selector ?? ""))};
        }
        case "versions": {
            const item = view.item;
            if (persona == null || item?.kind !== "method") return {ok: false, text: "v shows a method's versions: select a method first"};
            const versions = methodVersions(session.runtime, persona, item.selector);
            return {ok: true, tool: opening(versionsTool, `versions:${persona}>>${item.selector}`, {persona, selector: item.selector, versions, selected: Math.min(1, versions.length - 1), scroll: 0})};
        }
        case "context": {
            const name = what.persona ?? persona;
            if (name == null) return {ok: false, text: "No persona selected"};
            const history = what.history ?? [];
            const draft = what.draft ?? "";
            const proto = session.runtime.manager.get(name);
            return {
                ok: true,
                tool: opening(contextTool, `context:${name}`, {persona: name, history, draft, systemPrompt: session.runtime.systemPromptOf(proto), preview: null, loading: true, error: null, scroll: 0}),
                task: loadPreview(name, history, draft) as ToolTask<unknown>
            };
        }
        case "result": {
            const shown = resultText(model.playground);
            if (shown.text === "") return {ok: false, text: "No result yet: Print it (Ctrl-P) first"};
            return {ok: true, tool: opening(resultTool, "result", {title: "Result", text: shown.text, scroll: 0})};
        }
        case "evolution": {
            if (persona == null) return {ok: false, text: "l shows a persona's evolution: select a persona first"};
            const key = `evolution:${persona}`;
            const open = model.tools.find((t) => t.key === key);
            return {ok: true, tool: opening(evolutionTool, key, (open?.state as {persona: string, scroll: number} | undefined) ?? {persona, scroll: 0})};
        }
        default:
            return what satisfies never;
    }
}
