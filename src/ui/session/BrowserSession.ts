import type {Rating, Runtime, WorldState} from "../../index.js";
import {ParseError, printString, rateInteraction} from "../../index.js";
import type {EditProblem, EditTarget, PlaygroundResult} from "../state/browserModel.js";
import {describe} from "../state/inspectRows.js";
import {architectJudge, ratingNotice, ratingOutcome} from "../state/rating.js";

/** The identity slots change only through their validated messages, never through at:put:. */
const identityMessages = new Map([
    ["name", "rename:"], ["parent", "parent:"], ["baseModelPath", "swapModel:"], ["activeAdapterPath", "swapAdapter:"]
]);

/** The answer of an accept: done (with a line for the status) or refused with the problem. */
export type AcceptOutcome = {ok: true, text: string} | {ok: false, problem: EditProblem};

/** What a Playground evaluation produced: the result line, and the value for Inspect it. */
export type Evaluation = {result: PlaygroundResult, value: unknown, ok: boolean};

/**
 * I am the browser's only door into the running image. Every change goes through the core's
 * own paths (evaluate, at:put:, compile, save), so it is validated and journalled exactly as a
 * change from the Playground or the CLI would be; I only turn outcomes into what panes show.
 */
export class BrowserSession {
    public constructor(public readonly runtime: Runtime) {}

    public get state(): WorldState {
        return this.runtime.image.state;
    }

    public get dirty(): boolean {
        return this.runtime.image.dirty;
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
     * Evaluates the edited text and stores it with at:put:, which validates, or for an identity slot
     * with the message that changes it (swapModel: checks the file…); a refusal changes nothing.
     */
    public async acceptSlot(target: Extract<EditTarget, {kind: "slot"}>, text: string): Promise<AcceptOutcome> {
        try {
            const value = await this.runtime.evaluate(text);
            const message = identityMessages.get(target.slot);
            if (message != null) await this.runtime.send(target.persona, message, [value]);
            else await this.runtime.send(target.persona, "at:put:", [target.slot, value]);
            return {ok: true, text: `${target.persona} ${target.slot} := ${describe(value, 50)}`};
        } catch (error) {
            return {ok: false, problem: problemOf(error)};
        }
    }

    /** Compiles and installs a method; a parse error comes back with its line and column. */
    public acceptMethod(target: Extract<EditTarget, {kind: "method"}>, text: string): AcceptOutcome {
        try {
            const selector = this.runtime.compile(this.runtime.manager.get(target.persona), text);
            return {ok: true, text: `${target.persona} >> #${selector} compiled and installed`};
        } catch (error) {
            return {ok: false, problem: problemOf(error)};
        }
    }

    /**
     * Evaluates Playground source. The source goes into the image's history first (unless it
     * repeats the last entry), so it is kept even when the evaluation fails.
     */
    public async evaluate(source: string, how: "doIt" | "printIt" | "inspectIt"): Promise<Evaluation> {
        this.remember(source);
        try {
            const value = await this.runtime.evaluate(source);
            const text = describe(value, 200);
            switch (how) {
                case "doIt":
                    return {ok: true, value, result: {kind: "done", text}};
                case "printIt":
                    return {ok: true, value, result: {kind: "printed", text: this.sourceOf(value)}};
                case "inspectIt":
                    return {ok: true, value, result: {kind: "inspected", text}};
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
     * a model's verdict; the outcome also goes to the Transcript, where it stays after the notice is gone.
     * A refusal (a bad score, an interaction that is gone, a read-only image) comes back as its message.
     */
    public rate(persona: string, interactionId: string, scores: Rating): {ok: true, text: string} | {ok: false, text: string} {
        try {
            const curation = rateInteraction(this.runtime, persona, interactionId, scores, architectJudge);
            this.runtime.publish({type: "transcript", persona, text: ratingOutcome(curation)});
            return {ok: true, text: ratingNotice(curation)};
        } catch (error) {
            return {ok: false, text: messageOf(error)};
        }
    }

    public async save(): Promise<{ok: true, text: string} | {ok: false, text: string}> {
        try {
            const {bytes, ms} = await this.runtime.save();
            return {ok: true, text: `✓ saved ${bytes} B in ${Math.round(ms)} ms`};
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

function messageOf(error: unknown): string {
    if (error instanceof Error) return error.message;
    return String(error);
}
