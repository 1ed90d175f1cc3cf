import type {Runtime} from "../runtime/index.js";
import type {ScrapbookEntry} from "../objects/index.js";

/** One interaction waiting for a judge. */
export type PendingInteraction = {persona: string, interactionId: string, at: Date};

/** The kinds of scrapbook entry a judge scores: chats, answers to messages nobody understood, dialogues on the bus. */
const judgedKinds: ReadonlySet<ScrapbookEntry["kind"]> = new Set(["chat", "dnu", "bus"]);

/** Whether `judge` has judged the entry, or tried and given up on it (a failure is not retried by itself). */
export function isJudgedBy(entry: ScrapbookEntry, judge: string): boolean {
    const seen = (key: string) => Array.isArray(entry.meta?.[key]) && (entry.meta[key] as {judge?: unknown}[]).some((j) => j.judge === judge);
    return seen("judgements") || seen("judgeFailures");
}

/**
 * The backlog of `judge`, oldest first: every interaction of `personas` (by name) in the image that it has not
 * judged yet. It is read from the scrapbooks, so it survives a crash or a quit, and an old scrapbook, made before
 * anything judged it, is a backlog too.
 */
export function pendingInteractions(runtime: Runtime, judge: string, personas: readonly string[]): PendingInteraction[] {
    const pending: PendingInteraction[] = [];
    for (const name of personas) {
        const record = runtime.manager.get(name).record;
        for (const entry of record.scrapbook) {
            if (!judgedKinds.has(entry.kind) || isJudgedBy(entry, judge)) continue;
            if (entry.messages.at(-1)?.role !== "assistant") continue;
            pending.push({persona: record.name, interactionId: entry.id, at: entry.at});
        }
    }
    return pending.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Records that `judge` could not judge an interaction, with why, so the backlog moves on (see isJudgedBy). */
export function recordJudgeFailure(runtime: Runtime, persona: string, interactionId: string, judge: string, reason: string): void {
    if (runtime.image.readOnly) return;
    const record = runtime.manager.get(persona).record;
    runtime.image.update((draft) => {
        const target = draft.personas[record.personaId]?.scrapbook.find((e) => e.id === interactionId);
        if (target == null) return;
        const previous = Array.isArray(target.meta?.["judgeFailures"]) ? target.meta["judgeFailures"] as unknown[] : [];
        target.meta = {...target.meta, judgeFailures: [...previous, {judge, at: new Date(), reason}]};
    }, `${record.name} not judged by ${judge}`);
}
