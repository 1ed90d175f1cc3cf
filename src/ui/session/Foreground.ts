import type {TokenSource} from "../../index.js";
import type {BrowserAction, StreamPiece} from "../state/browserModel.js";
import type {ToolIO, ToolTask} from "../tools/Tool.js";
import type {BrowserSession} from "./BrowserSession.js";

/** How often streamed text is drawn: pieces come far faster than a terminal shows frames. */
const flushMs = 40;

/**
 * I hold the work the user started and may stop: the Playground's evaluation and each tool's tasks,
 * each with its AbortController. Ctrl-C stops all of it (and only it: the Oracle judging in the
 * background, a forge run, are not the user's to stop with a key). I also batch what the Playground's
 * generations stream into one action per frame.
 */
export class Foreground {
    private readonly tools = new Map<number, {controller: AbortController, running: number}>();
    private evaluation: AbortController | null = null;
    private pending: StreamPiece[] = [];
    private timer: ReturnType<typeof setTimeout> | null = null;

    public constructor(private readonly session: BrowserSession, private readonly dispatch: (action: BrowserAction) => void,
        private readonly notice: (kind: "ok" | "error", text: string) => void) {}

    /** Runs a tool's task with its signal; `update` reaches the tool while it is open. */
    public async runTask(id: number, task: ToolTask<unknown>): Promise<void> {
        let entry = this.tools.get(id);
        if (entry == null || entry.controller.signal.aborted) {
            entry = {controller: new AbortController(), running: 0};
            this.tools.set(id, entry);
        }
        entry.running++;
        const io: ToolIO<unknown> = {
            session: this.session,
            update: (change) => this.dispatch({type: "toolState", id, change}),
            notice: this.notice,
            dispatch: this.dispatch,
            signal: entry.controller.signal
        };
        try {
            await task(io);
        } finally {
            entry.running--;
        }
    }

    /** Stops a tool's tasks (it is being closed). */
    public closeTool(id: number): void {
        this.tools.get(id)?.controller.abort();
        this.tools.delete(id);
    }

    /** Starts the Playground's evaluation: its signal and where its generations stream. */
    public startEvaluation(): {signal: AbortSignal, onToken: (piece: string, from: TokenSource) => void} {
        this.evaluation = new AbortController();
        return {
            signal: this.evaluation.signal,
            onToken: (piece, from) => {
                const last = this.pending[this.pending.length - 1];
                if (last != null && last.persona === from.persona) last.text += piece;
                else this.pending.push({persona: from.persona, text: piece});
                this.timer ??= setTimeout(() => this.flush(), flushMs);
            }
        };
    }

    /** The evaluation ended: whatever streamed and was not drawn yet is drawn now. */
    public endEvaluation(): void {
        this.flush();
        this.evaluation = null;
    }

    /**
     * Ctrl-C: stops the evaluation's generations and every tool task that runs. Answers whether
     * anything was running (when nothing was, Ctrl-C means quit).
     */
    public interrupt(): boolean {
        let stopped = false;
        if (this.evaluation != null && !this.evaluation.signal.aborted) {
            this.evaluation.abort();
            stopped = true;
        }
        for (const [id, entry] of this.tools) {
            if (entry.running === 0) continue;
            entry.controller.abort();
            // The next task of this tool gets a fresh signal.
            this.tools.delete(id);
            stopped = true;
        }
        return stopped;
    }

    /** Stops everything (the browser is closing). */
    public dispose(): void {
        this.evaluation?.abort();
        for (const entry of this.tools.values()) entry.controller.abort();
        this.tools.clear();
        if (this.timer != null) clearTimeout(this.timer);
    }

    private flush(): void {
        if (this.timer != null) clearTimeout(this.timer);
        this.timer = null;
        if (this.pending.length === 0) return;
        const pieces = this.pending;
        this.pending = [];
        this.dispatch({type: "streamed", pieces});
    }
}
