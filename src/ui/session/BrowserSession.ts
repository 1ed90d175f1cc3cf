import type {Rating, Runtime, TokenSource, WorldState} from "../../index.js";
import {ParseError, printString, rateInteraction} from "../../index.js";
import type {EditProblem, EditTarget, PlaygroundResult} from "../state/browserModel.js";
import {describe} from "../state/inspectRows.js";
import type {RemoveTarget} from "../state/interpretKey.js";
import {ratingNotice} from "../state/rating.js";
import {architectJudge} from "../state/verdicts.js";
import type {EditStep} from "./EditHistory.js";
import {describeStep, EditHistory} from "./EditHistory.js";

/** The identity slots change only through their validated messages, never through at:put:. */
const identityMessages = new Map([
    ["name", "rename:"], ["parent", "parent:"], ["baseModelPath", "swapModel:"], ["activeAdapterPath", "swapAdapter:"]
]);

/** The answer of an accept: done (with a line for the status) or refused with the problem. */
export type AcceptOutcome = {ok: true, text: string} | {ok: false, problem: EditProblem};

/** A change that worked (with a line for the status bar) or was refused (with why). */
export type Outcome = {ok: true, text: string} | {ok: false, text: string};

/** What a Playground evaluation produced: the result line, and the value for Inspect it. */
export type Evaluation = {result: PlaygroundResult, value: unknown, ok: boolean};

/**
 * I am the browser's only door into the running image. Every change goes through the core's
 * own paths (evaluate, at:put:, compile, save), so it is validated and journalled exactly as a
 * change from the Playground or the CLI would be; I only turn outcomes into what panes show, and
 * keep the undo history of the changes made from here.
 */
export class BrowserSession {
    public readonly edits: EditHistory;

    public constructor(public readonly runtime: Runtime) {
        this.edits = new EditHistory(runtime);
    }

    public get state(): WorldState {
        return this.runtime.image.state;
    }

    public get dirty(): boolean {
        return this.runtime.image.dirty;
    }

    /** The engine a persona runs on (its spec, and whether it is this session's --model), or null when it has none. */
    public engineOf(name: string): {spec: string, override: boolean} | null {
        const record = this.runtime.manager.findByName(name);
        if (record == null) return null;
        const engine = this.runtime.engineOf(this.runtime.manager.protoFor(record.personaId));
        return engine.spec == null ? null : {spec: engine.spec, override: engine.override};
    }

    public get imagePath(): string {
        return this.runtime.image.path;
    }

    public get readOnly(): boolean {
        return this.runtime.image.readOnly;
    }

    /** Smalltalk source for a slot's current value, to start the editor with. */
    public sourceOf(value: unknown): string {
        try {
            return printString(value);
        } catch {
            return describe(value);
        }
    }

    /**
     * Runs a change and records in the undo history what it did to methods and slots, whether it
     * worked or failed half-way (a do-it that compiled a method and then failed still compiled it).
     */
    public async track<T>(label: string, change: () => Promise<T> | T): Promise<T> {
        const before = this.state;
        try {
            return await change();
        } finally {
            this.edits.record(before, label);
        }
    }

    /**
     * Evaluates the edited text and stores it with at:put:, which validates, or for an identity slot
     * with the message that changes it (swapModel: checks the file…); a refusal changes nothing.
     */
    public async acceptSlot(target: Extract<EditTarget, {kind: "slot"}>, text: string): Promise<AcceptOutcome> {
        try {
            const value = await this.runtime.evaluate(text);
            const message = identityMessages.get(target.slot);
            await this.track(`${target.persona} ${target.slot}`, () => message != null
                ? this.runtime.send(target.persona, message, [value])
                : this.runtime.send(target.persona, "at:put:", [target.slot, value]));
            return {ok: true, text: `${target.persona} ${target.slot} := ${describe(value, 50)} (u undoes)`};
        } catch (error) {
            return {ok: false, problem: problemOf(error)};
        }
    }

    /** Compiles and installs a method (in its category); a parse error comes back with its line and column. */
    public async acceptMethod(target: Extract<EditTarget, {kind: "method"}>, text: string): Promise<AcceptOutcome> {
        try {
            const persona = this.runtime.manager.get(target.persona);
            const category = target.category ?? (target.selector == null ? undefined : persona.record.methods[target.selector]?.category);
            const selector = await this.track(`compile ${target.persona}`, () => this.runtime.compile(persona, text, category));
            return {ok: true, text: `${target.persona} >> #${selector} compiled and installed`};
        } catch (error) {
            return {ok: false, problem: problemOf(error)};
        }
    }

    /**
     * Evaluates Playground source. The source goes into the image's history first (unless it
     * repeats the last entry), so it is kept even when the evaluation fails. Every generation it
     * starts streams to `onToken`; aborting `signal` stops them, and what came is their reply.
     */
    public async evaluate(source: string, how: "doIt" | "printIt" | "inspectIt",
        stream: {signal?: AbortSignal, onToken?: (piece: string, from: TokenSource) => void} = {}): Promise<Evaluation> {
        this.remember(source);
        try {
            const value = await this.track("do it", () => this.runtime.evaluate(source, stream));
            if (stream.signal?.aborted === true && typeof value === "string") return {ok: true, value, result: {kind: "stopped", text: value}};
            switch (how) {
                case "doIt":
                    return {ok: true, value, result: {kind: "done", text: describe(value, 400)}};
                case "printIt":
                    return {ok: true, value, result: {kind: "printed", text: this.sourceOf(value)}};
                case "inspectIt":
                    return {ok: true, value, result: {kind: "inspected", text: describe(value, 200)}};
                default:
                    return how satisfies never;
            }
        } catch (error) {
            const problem = problemOf(error);
            return {ok: false, value: error, result: {kind: "error", message: problem.message, line: problem.line, column: problem.column}};
        }
    }

    /**
     * Records the Architect's rating of an interaction through the Oracle, which curates it as it does
     * a model's verdict (the Transcript shows the verdict as it does the Oracle's). A refusal (a bad
     * score, an interaction that is gone, a read-only image) comes back as its message.
     */
    public rate(persona: string, interactionId: string, scores: Rating): Outcome {
        try {
            return {ok: true, text: ratingNotice(rateInteraction(this.runtime, persona, interactionId, scores, architectJudge))};
        } catch (error) {
            return {ok: false, text: messageOf(error)};
        }
    }

    /** Undoes the last change made from the browser. */
    public undo(): Promise<Outcome> {
        return this.step(() => this.edits.undo(), "undid", "Nothing to undo: no slot or method change was made here yet.");
    }

    public redo(): Promise<Outcome> {
        return this.step(() => this.edits.redo(), "redid", "Nothing to redo.");
    }

    /** Removes a free slot, a method or a persona (its engine context too); slots and methods can be undone. */
    public async remove(target: RemoveTarget): Promise<Outcome> {
        try {
            switch (target.kind) {
                case "slot":
                    await this.track(`remove ${target.persona} ${target.slot}`, () => this.runtime.send(target.persona, "removeSlot:", [target.slot]));
                    return {ok: true, text: `removed ${target.persona} ${target.slot} (u undoes)`};
                case "method":
                    await this.track(`remove ${target.persona} >> #${target.selector}`, () => this.runtime.send(target.persona, "removeMethod:", [target.selector]));
                    return {ok: true, text: `removed ${target.persona} >> #${target.selector} (u undoes)`};
                case "persona": {
                    const proto = this.runtime.manager.get(target.persona);
                    await this.runtime.engine?.detach(proto.personaId).catch(() => undefined);
                    await this.runtime.manager.remove(proto.personaId);
                    return {ok: true, text: `removed ${target.persona} (the journal keeps it until the next save)`};
                }
                default:
                    return target satisfies never;
            }
        } catch (error) {
            return {ok: false, text: messageOf(error)};
        }
    }

    /** Files a method under another category (recompiled with the same source, so it is a version too). */
    public async classify(persona: string, selector: string, category: string): Promise<Outcome> {
        try {
            const proto = this.runtime.manager.get(persona);
            const method = proto.record.methods[selector];
            if (method == null) return {ok: false, text: `${persona} has no method #${selector} any more.`};
            await this.track(`${persona} >> #${selector} category`, () => this.runtime.compile(proto, method.source, category));
            return {ok: true, text: `${persona} >> #${selector} is in ${category} (u undoes)`};
        } catch (error) {
            return {ok: false, text: messageOf(error)};
        }
    }

    /** Makes an earlier version of a method the current one, compiled again (and undoable). */
    public async revert(persona: string, selector: string, version: {source: string, category: string}): Promise<Outcome> {
        try {
            const proto = this.runtime.manager.get(persona);
            const compiled = await this.track(`revert ${persona} >> #${selector}`, () => this.runtime.compile(proto, version.source, version.category));
            return {ok: true, text: `${persona} >> #${compiled} reverted (u undoes)`};
        } catch (error) {
            return {ok: false, text: messageOf(error)};
        }
    }

    public async save(): Promise<Outcome> {
        try {
            const {bytes, ms} = await this.runtime.save();
            return {ok: true, text: `✓ saved ${formatBytes(bytes)} in ${Math.round(ms)} ms`};
        } catch (error) {
            return {ok: false, text: messageOf(error)};
        }
    }

    private async step(run: () => Promise<EditStep | null>, done: string, nothing: string): Promise<Outcome> {
        try {
            const step = await run();
            return step == null ? {ok: false, text: nothing} : {ok: true, text: `${done} ${describeStep(step)}`};
        } catch (error) {
            return {ok: false, text: messageOf(error)};
        }
    }

    private remember(source: string): void {
        const history = this.state.playgroundHistory;
        if (source.trim() === "" || history[history.length - 1] === source || this.readOnly) return;
        this.runtime.image.update((draft) => {
            draft.playgroundHistory.push(source);
        }, "history");
    }
}

/** An error as an editor shows it: a ParseError keeps its spot. */
export function problemOf(error: unknown): EditProblem {
    if (error instanceof ParseError) return {message: error.reason, line: error.line, column: error.column, snippet: error.snippet()};
    return {message: messageOf(error), line: null, column: null, snippet: null};
}

export function messageOf(error: unknown): string {
    if (error instanceof Error) return error.message;
    return String(error);
}

/** Bytes as a person reads them: 812 B, 14.2 KB, 3.1 MB. */
export function formatBytes(bytes: number): string {
    if (bytes < 1024) return `${bytes} B`;
    if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
    return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
