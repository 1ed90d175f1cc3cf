import type {BrowserAction, BrowserModel} from "../state/browserModel.js";
import type {ScreenView} from "../state/deriveView.js";
import type {Effect} from "../state/interpretKey.js";
import {openRating} from "../state/rating.js";
import {textOf} from "../state/textBuffer.js";
import type {BrowserSession} from "./BrowserSession.js";

/** What an effect may read and do: the current model and view, dispatch, and the way out. */
export type EffectContext = {
    session: BrowserSession,
    model: () => BrowserModel,
    view: () => ScreenView,
    dispatch: (action: BrowserAction) => void,
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
    switch (effect.kind) {
        case "editItem": {
            const view = ctx.view();
            const item = view.item;
            const persona = view.record?.name;
            if (item == null || persona == null) return;
            if (item.kind === "slot") dispatch({type: "openEditor", target: {kind: "slot", persona, slot: item.slot}, text: session.sourceOf(item.value)});
            else if (item.kind === "method") dispatch({type: "openEditor", target: {kind: "method", persona, selector: item.selector}, text: item.source});
            else if (item.kind === "newMethod") dispatch({type: "openEditor", target: {kind: "method", persona, selector: null}, text: newMethodTemplate});
            return;
        }
        case "acceptEdit": {
            const editor = model.editor;
            if (editor == null) return;
            const text = textOf(editor.buffer);
            const outcome = editor.target.kind === "slot" ? await session.acceptSlot(editor.target, text) : session.acceptMethod(editor.target, text);
            if (outcome.ok) {
                dispatch({type: "closeEditor"});
                dispatch({type: "notice", notice: {kind: "ok", text: outcome.text}});
            } else dispatch({type: "editRefused", problem: outcome.problem});
            return;
        }
        case "evaluate": {
            const source = textOf(model.playground.buffer);
            if (source.trim() === "" || model.playground.busy) return;
            dispatch({type: "evaluating"});
            const evaluation = await session.evaluate(source, effect.how);
            dispatch({type: "evaluated", result: evaluation.result, source});
            if (effect.how === "inspectIt" && evaluation.ok)
                dispatch({type: "inspect", label: source.replace(/\s+/g, " ").slice(0, 40), value: evaluation.value});
            return;
        }
        case "save": {
            const result = await session.save();
            ctx.refresh();
            dispatch({type: "notice", notice: {kind: result.ok ? "ok" : "error", text: result.text}});
            return;
        }
        case "openRating": {
            const record = ctx.view().record;
            if (record != null) dispatch({type: "openRating", rating: openRating(record)});
            return;
        }
        case "rate": {
            const rating = model.rating;
            if (rating?.kind !== "rate") return;
            const outcome = session.rate(rating.persona, rating.interactionId, effect.scores);
            if (outcome.ok) {
                dispatch({type: "closeRating"});
                dispatch({type: "notice", notice: {kind: "ok", text: outcome.text}});
            } else dispatch({type: "rating", rating: {...rating, problem: outcome.text}});
            return;
        }
        case "requestQuit":
            if (session.dirty && !session.readOnly) dispatch({type: "overlay", overlay: "confirmQuit"});
            else ctx.quit();
            return;
        case "quit":
            if (effect.save) {
                const result = await session.save();
                if (!result.ok) {
                    dispatch({type: "overlay", overlay: "none"});
                    dispatch({type: "notice", notice: {kind: "error", text: result.text}});
                    return;
                }
            }
            ctx.quit();
            return;
        default:
            return effect satisfies never;
    }
}
