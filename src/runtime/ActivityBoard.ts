/** What kind of long job an activity is. Loops add their own kinds ("forge", "scout"…). */
export type ActivityKind = "chat" | "dnu" | "judge" | "generate" | (string & {});

/** How an activity ended, or that it still runs. */
export type ActivityStatus = "running" | "done" | "stopped" | "failed";

/** A snapshot of one long job: replaced, never mutated, on each change. */
export type Activity = {
    readonly id: number,
    readonly kind: ActivityKind,
    readonly persona: string | null,
    /** What it is doing, for a person: "BRICK replying", "ALFRED judging". */
    readonly label: string,
    readonly startedAt: number,
    /** Text pieces generated so far (generations). */
    readonly tokens: number,
    /** Steps done of a known total (a forge run, a batch), or null. */
    readonly progress: {readonly done: number, readonly total: number} | null,
    readonly status: ActivityStatus,
    /** How it ended, in a few words ("42 tokens in 1.3 s"), or why it failed. */
    readonly detail: string | null,
    readonly endedAt: number | null
};

/** The handle of a running activity: report progress, then end it once. */
export type ActivityHandle = {
    readonly id: number,
    update(change: {tokens?: number, progress?: {done: number, total: number} | null, label?: string}): void,
    end(status: Exclude<ActivityStatus, "running">, detail?: string | null): void
};

export type ActivityListener = (activity: Activity) => void;

/**
 * I am the runtime's list of long jobs in progress: generations (chat, a model's answer to an unknown
 * message, the Oracle judging), and whatever a loop reports (forge, scouting). A UI shows them as
 * progress; nothing depends on them to work. Listeners are told every change, token by token, so
 * they should batch what they draw.
 */
export class ActivityBoard {
    private readonly activities = new Map<number, Activity>();
    private readonly listeners = new Set<ActivityListener>();
    private nextId = 1;

    /** Starts an activity; end it through the handle, or it stays running. */
    public begin(init: {kind: ActivityKind, persona: string | null, label: string, progress?: {done: number, total: number}}): ActivityHandle {
        const id = this.nextId++;
        this.set({
            id, kind: init.kind, persona: init.persona, label: init.label, startedAt: Date.now(), tokens: 0,
            progress: init.progress ?? null, status: "running", detail: null, endedAt: null
        });
        return {
            id,
            update: (change) => {
                const current = this.activities.get(id);
                if (current == null) return;
                this.set({
                    ...current,
                    ...(change.tokens == null ? {} : {tokens: change.tokens}),
                    ...(change.progress === undefined ? {} : {progress: change.progress}),
                    ...(change.label == null ? {} : {label: change.label})
                });
            },
            end: (status, detail = null) => {
                const current = this.activities.get(id);
                if (current == null) return;
                this.activities.delete(id);
                this.tell({...current, status, detail, endedAt: Date.now()});
            }
        };
    }

    /** The activities running now, oldest first. */
    public running(): Activity[] {
        return [...this.activities.values()];
    }

    /** Calls `listener` on every start, update and end. Answers the function that unsubscribes it. */
    public subscribe(listener: ActivityListener): () => void {
        this.listeners.add(listener);
        return () => {
            this.listeners.delete(listener);
        };
    }

    private set(activity: Activity): void {
        this.activities.set(activity.id, activity);
        this.tell(activity);
    }

    private tell(activity: Activity): void {
        for (const listener of this.listeners) {
            try {
                listener(activity);
            } catch {
                // A display that fails must not stop a generation.
            }
        }
    }
}
