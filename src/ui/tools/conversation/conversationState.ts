import type {ChatMessage, Conversation, WorldState} from "../../../index.js";
import type {TextBuffer} from "../../state/textBuffer.js";
import {emptyBuffer} from "../../state/textBuffer.js";
import {latestVerdicts} from "../../state/verdicts.js";
import {wrapText} from "../../state/wrapText.js";

/** One turn as the pane shows it; an assistant turn keeps its scrapbook entry to show its verdicts. */
export type Turn = {role: "user" | "assistant", text: string, interactionId: string | null, stopped: boolean};

/**
 * A conversation pane: the runtime's Conversation (which holds the turns the model sees), the turns
 * as shown, the line being typed, and the reply while it streams (`streaming`, null when none).
 * `scroll` is the first line shown, or null to follow the newest.
 */
export type ConversationState = {
    persona: string,
    conversation: Conversation,
    turns: Turn[],
    input: TextBuffer,
    streaming: string | null,
    /** Pieces streamed so far and when the reply started, for the progress line. */
    pieces: number,
    startedAt: number | null,
    scroll: number | null,
    error: string | null,
    /** Lines typed in this pane, newest last, for ↑ and ↓. */
    sent: string[]
};

export function freshConversation(persona: string, conversation: Conversation): ConversationState {
    return {persona, conversation, turns: [], input: emptyBuffer, streaming: null, pieces: 0, startedAt: null, scroll: null, error: null, sent: []};
}

/** A styled line of the transcript of the conversation. */
export type ConversationLine = {text: string, tone: "user" | "assistant" | "verdict" | "muted" | "error"};

/**
 * The conversation as wrapped lines: each turn after its speaker, an assistant turn followed by its
 * verdicts (the Oracle's, the Architect's) once it has some, the streaming reply with a cursor.
 */
export function conversationLines(state: ConversationState, world: WorldState, width: number): ConversationLine[] {
    const lines: ConversationLine[] = [];
    const record = Object.values(world.personas).find((p) => p.name === state.persona);
    const speak = (who: string, text: string, tone: ConversationLine["tone"]) => {
        const lead = `${who} › `;
        const wrapped = wrapText(text === "" ? " " : text, Math.max(8, width - lead.length));
        wrapped.forEach((line, i) => lines.push({text: (i === 0 ? lead : " ".repeat(lead.length)) + line, tone}));
    };
    if (state.turns.length === 0 && state.streaming == null)
        lines.push({text: `Say something to ${state.persona}: type, then Enter. Each turn goes to the scrapbook and the Oracle.`, tone: "muted"});
    for (const turn of state.turns) {
        if (turn.role === "user") {
            speak("you", turn.text, "user");
            continue;
        }
        speak(state.persona, turn.text + (turn.stopped ? " ■ stopped" : ""), "assistant");
        const entry = turn.interactionId == null ? null : record?.scrapbook.find((e) => e.id === turn.interactionId);
        if (entry != null) {
            const {oracle, architect} = latestVerdicts(entry);
            const parts = [
                oracle == null ? "Oracle: waiting" : `${oracle.judge} ${oracle.golden.toFixed(2)}`,
                architect == null ? null : `Architect ★${architect.golden.toFixed(2)}`
            ].filter((p) => p != null);
            lines.push({text: `${" ".repeat(state.persona.length + 3)}${parts.join(" · ")}`, tone: "verdict"});
        }
    }
    if (state.streaming != null) speak(state.persona, state.streaming + "▍", "assistant");
    if (state.error != null) for (const line of wrapText(`✗ ${state.error}`, width)) lines.push({text: line, tone: "error"});
    return lines;
}

/** The messages of the conversation so far, as the context view lays them out. */
export function historyOf(state: ConversationState): ChatMessage[] {
    return [...state.conversation.messages];
}
