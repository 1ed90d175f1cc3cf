import {methodVersions} from "../../index.js";
import type {BrowserAction, BrowserModel} from "../state/browserModel.js";
import {activeToolOf} from "../state/browserModel.js";
import {defaultMethodCategory} from "../state/catalog.js";
import type {ScreenView} from "../state/deriveView.js";
import type {Effect, RemoveTarget} from "../state/interpretKey.js";
import {openRating} from "../state/rating.js";
import {bufferOf, textOf} from "../state/textBuffer.js";
import type {BrowserSession} from "./BrowserSession.js";
import type {Foreground} from "./Foreground.js";
import {launch} from "./openTool.js";

/** What an effect may read and do: the current model and view, dispatch, the foreground work, and the way out. */
export type EffectContext = {
    session: BrowserSession,
    model: () => BrowserModel,
    view: () => ScreenView,
    dispatch: (action: BrowserAction) => void,
    foreground: Foreground,
    /** Redraw: for a change the image does not announce (a save clears `dirty`). */
    refresh: () => void,
    quit: () => void
};

export const newMethodTemplate = "selector\n    \"what it does\"\n    ^ self";

/**
 * Carries out an effect asked for by a key: the work that needs the running image. Everything it
 * learns comes back as actions, so the model stays the single place where the screen's state lives.
 */
export async function performEffect(effect: Effect, ctx: EffectContext): Promise<void> {
    const {session, dispatch} = ctx;
    const model = ctx.model();
    const notice = (kind: "ok" | "error", text: string) => dispatch({type: "notice", notice: {kind, text}});
    switch (effect.kind) {
        case "editItem": {
            const view = ctx.view();
            const item = view.item;
            const persona = view.record?.name;
            if (item == null || persona == null) return;
            if (item.kind === "slot") dispatch({type: "openEditor", target: {kind: "slot", persona, slot: item.slot}, text: session.sourceOf(item.value)});
            else if (item.kind === "method") dispatch({type: "openEditor", target: {kind: "method", persona, selector: item.selector, category: item.category}, text: item.source});
            else if (item.kind === "newMethod")
                dispatch({type: "openEditor", target: {kind: "method", persona, selector: null, category: view.category.methodCategory}, text: newMethodTemplate});
            return;
        }
        case "acceptEdit": {
            const editor = model.editor;
            if (editor == null) return;
            const text = textOf(editor.buffer);
            const outcome = editor.target.kind === "slot" ? await session.acceptSlot(editor.target, text) : await session.acceptMethod(editor.target, text);
            if (outcome.ok) {
                dispatch({type: "editAccepted"});
                notice("ok", outcome.text);
            } else dispatch({type: "editRefused", problem: outcome.problem});
            return;
        }
        case "evaluate": {
            const source = textOf(model.playground.buffer);
            if (source.trim() === "" || model.playground.busy) return;
            dispatch({type: "evaluating"});
            const stream = ctx.foreground.startEvaluation();
            try {
                const evaluation = await session.evaluate(source, effect.how, stream);
                ctx.foreground.endEvaluation();
                dispatch({type: "evaluated", result: evaluation.result, source});
                if (effect.how === "inspectIt" && evaluation.ok)
                    dispatch({type: "inspect", label: source.replace(/\s+/g, " ").slice(0, 40), value: evaluation.value});
            } finally {
                ctx.foreground.endEvaluation();
            }
            return;
        }
        case "save": {
            const result = await session.save();
            ctx.refresh();
            notice(result.ok ? "ok" : "error", result.text);
            return;
        }
        case "openRating": {
            const view = ctx.view();
            const record = view.record;
            if (record == null) return;
            // The interaction selected in the scrapbook, else the newest.
            const selected = view.item?.kind === "entry" && (model.focus === "items" || model.focus === "inspector") ? view.item.entry.id : undefined;
            dispatch({type: "openRating", rating: openRating(record, selected)});
            return;
        }
        case "rate": {
            const rating = model.rating;
            if (rating?.kind !== "rate") return;
            const outcome = session.rate(rating.persona, rating.interactionId, effect.scores);
            if (outcome.ok) {
                dispatch({type: "closeRating"});
                notice("ok", outcome.text);
            } else dispatch({type: "rating", rating: {...rating, problem: outcome.text}});
            return;
        }
        case "interrupt":
            if (ctx.foreground.interrupt()) notice("ok", "■ stopped: what came is kept");
            else await performEffect({kind: "requestQuit"}, ctx);
            return;
        case "undo":
        case "redo": {
            const outcome = effect.kind === "undo" ? await session.undo() : await session.redo();
            notice(outcome.ok ? "ok" : "error", outcome.text);
            return;
        }
        case "open": {
            const opened = launch(effect.tool, session, model, ctx.view());
            if (!opened.ok) {
                notice("error", opened.text);
                return;
            }
            dispatch({type: "openTool", tool: opened.tool});
            const tool = activeToolOf(ctx.model());
            if (opened.task != null && tool != null) await ctx.foreground.runTask(tool.id, opened.task);
            return;
        }
        case "toolTask":
            await ctx.foreground.runTask(effect.id, effect.task);
            return;
        case "closeTool":
            ctx.foreground.closeTool(effect.id);
            dispatch({type: "closeTool", id: effect.id});
            return;
        case "remove": {
            const target = removeTarget(model, ctx.view());
            if (target == null) {
                notice("error", "d removes a free slot (marked *), a method or a persona: select one first");
                return;
            }
            dispatch({type: "openConfirm", confirm: {title: `Remove ${describeTarget(target)}?`, lines: consequences(target, ctx), yes: {kind: "removeNow", target}}});
            return;
        }
        case "removeNow": {
            const outcome = await session.remove(effect.target);
            notice(outcome.ok ? "ok" : "error", outcome.text);
            if (outcome.ok && effect.target.kind === "persona") dispatch({type: "focus", pane: "personas"});
            return;
        }
        case "classify": {
            const view = ctx.view();
            const item = view.item;
            const persona = view.record?.name;
            if (persona == null || item?.kind !== "method") return;
            dispatch({
                type: "openPrompt", prompt: {
                    title: `Category of ${persona} >> #${item.selector}`,
                    hint: `now ${item.category}; Enter files it there, Esc keeps it`,
                    buffer: bufferOf(item.category === defaultMethodCategory ? "" : item.category),
                    accept: (text) => text === "" ? null : {kind: "classifyAs", persona, selector: item.selector, category: text}
                }
            });
            return;
        }
        case "classifyAs": {
            const outcome = await session.classify(effect.persona, effect.selector, effect.category);
            notice(outcome.ok ? "ok" : "error", outcome.text);
            return;
        }
        case "revert": {
            const outcome = await session.revert(effect.persona, effect.selector, effect);
            notice(outcome.ok ? "ok" : "error", outcome.text);
            // The versions tool shows the new list: the reverted-from source is a version now.
            const versions = ctx.model().tools.find((t) => t.key === `versions:${effect.persona}>>${effect.selector}`);
            if (outcome.ok && versions != null) {
                const list = methodVersions(session.runtime, effect.persona, effect.selector);
                dispatch({type: "toolState", id: versions.id, change: (s) => ({...(s as object), versions: list, selected: 0, scroll: 0})});
            }
            return;
        }
        case "requestQuit":
            if (session.dirty && !session.readOnly) dispatch({type: "overlay", overlay: "confirmQuit"});
            else {
                ctx.foreground.dispose();
                ctx.quit();
            }
            return;
        case "quit":
            if (effect.save) {
                const result = await session.save();
                if (!result.ok) {
                    dispatch({type: "overlay", overlay: "none"});
                    notice("error", result.text);
                    return;
                }
            }
            ctx.foreground.dispose();
            ctx.quit();
            return;
        default:
            return effect satisfies never;
    }
}

/** What `d` would remove: the selected free slot or method, or the selected persona. */
function removeTarget(model: BrowserModel, view: ScreenView): RemoveTarget | null {
    const persona = view.record?.name;
    if (persona == null) return null;
    if (model.focus === "personas") return {kind: "persona", persona};
    const item = view.item;
    if (model.focus !== "items" && model.focus !== "inspector") return null;
    if (item?.kind === "method") return {kind: "method", persona, selector: item.selector};
    if (item?.kind === "slot" && item.free) return {kind: "slot", persona, slot: item.slot};
    return null;
}

function describeTarget(target: RemoveTarget): string {
    switch (target.kind) {
        case "slot": return `${target.persona}'s slot ${target.slot}`;
        case "method": return `${target.persona} >> #${target.selector}`;
        case "persona": return `the persona ${target.persona}`;
        default: return target satisfies never;
    }
}

function consequences(target: RemoveTarget, ctx: EffectContext): string[] {
    if (target.kind !== "persona") return ["It can be undone (u), and the journal keeps it until the next save.", "y remove · n or Esc keep"];
    const record = ctx.session.runtime.manager.get(target.persona).record;
    return [
        `With it go ${Object.keys(record.methods).length} methods, ${record.scrapbook.length} interactions and ${record.goldenDataset.length} golden samples.`,
        "It cannot be undone here; until the next save, the journal and the .bak still hold it.",
        "y remove · n or Esc keep"
    ];
}
