import {randomUUID} from "node:crypto";
import type {ChatMessage, Proto} from "../objects/index.js";
import type {RequestPreview} from "../llm/index.js";
import {TokenStream} from "../llm/index.js";
import type {ChatOptions, ChatReply, PersonaChat} from "./PersonaChat.js";

/** I mean a conversation was sent a turn while its previous one was still being answered. */
export class ConversationBusyError extends Error {
    public readonly userError = true;
    public override readonly name = "ConversationBusyError";

    public constructor(public readonly persona: string) {
        super(`${persona} is still answering the previous turn of this conversation: wait for it, or stop it (Ctrl-C) first.`);
    }
}

/**
 * I am one multi-turn conversation with a persona, as `ollama run` holds one: the turns so far, sent
 * with each new one, so the persona answers in context. Each turn is recorded in the persona's scrapbook
 * (with the turns before it and `meta.conversation` = {id, turn}) and announced like any chat, so the
 * Oracle is offered it. A stopped turn keeps what came, in the conversation and in the scrapbook.
 */
export class Conversation {
    public readonly id: string = randomUUID();
    private readonly turns: ChatMessage[] = [];
    private busy = false;

    public constructor(private readonly chats: PersonaChat, public readonly persona: Proto) {}

    /** The user and assistant turns so far, oldest first. */
    public get messages(): readonly ChatMessage[] {
        return this.turns;
    }

    /** Completed turns (a user message and its reply each). */
    public get turnCount(): number {
        return this.turns.filter((m) => m.role === "assistant").length;
    }

    /** Sends one turn; resolves with the reply once it is complete (or stopped). */
    public async send(text: string, options: ChatOptions = {}): Promise<ChatReply> {
        if (this.busy) throw new ConversationBusyError(this.persona.name);
        this.busy = true;
        try {
            const turn = this.turnCount + 1;
            const reply = await this.chats.converse(this.persona, this.turns, text, options, {conversation: {id: this.id, turn}});
            this.turns.push({role: "user", content: text}, {role: "assistant", content: reply.text});
            return reply;
        } finally {
            this.busy = false;
        }
    }

    /** Sends one turn and answers its text as it is generated; `result` is the reply. */
    public stream(text: string, options: Omit<ChatOptions, "onToken"> = {}): TokenStream<ChatReply> {
        return TokenStream.of((onToken) => this.send(text, {...options, onToken}));
    }

    /** The exact tokens of the next request, with `draft` as its user turn (see Engine.previewRequest). */
    public preview(draft = ""): Promise<RequestPreview> {
        return this.chats.previewRequest(this.persona, [...this.turns, {role: "user", content: draft}]);
    }

    /** Forgets the turns (the scrapbook keeps them): the next turn starts a new conversation context. */
    public reset(): void {
        this.turns.length = 0;
    }
}
