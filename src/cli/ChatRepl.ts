import {createInterface} from "node:readline";
import type {Interface} from "node:readline";
import chalk from "chalk";
import type {Conversation, Runtime} from "../index.js";
import {escapeTerminal} from "./escapeTerminal.js";

/** Where the REPL reads and writes: the terminal, or pipes (a script). */
export type ReplIo = {input: NodeJS.ReadableStream & {isTTY?: boolean}, output: NodeJS.WritableStream & {isTTY?: boolean}};

const helpText = `Commands:
  /bye            leave (Ctrl-D too)
  /reset          start a new conversation (the scrapbook keeps the old one)
  /context        what the persona sees: its system prompt and the tokens of the next request
  /help           this help
  """             start or end a message of several lines
Ctrl-C stops a reply (what came is kept); at an empty prompt, Ctrl-C twice leaves.
↑ and ↓ bring back what you said to this persona before (its scrapbook).
`;

/**
 * I am `living-image chat PERSONA`: a conversation with a persona in a plain terminal, as `ollama run`
 * holds one. Replies stream as they are generated; each turn goes to the persona's scrapbook (and so to
 * the Oracle's backlog) exactly as the browser's conversation pane records it. The line history is the
 * persona's own scrapbook: what you said to it before, in this session or any other.
 */
export class ChatRepl {
    private readonly conversation: Conversation;
    private readonly reader: Interface;
    private readonly tty: boolean;
    private generating: AbortController | null = null;
    private pendingInterrupt = false;
    private multiline: string[] | null = null;
    private turns = 0;
    private closed: Promise<void>;
    private queue: Promise<void> = Promise.resolve();

    public constructor(private readonly runtime: Runtime, private readonly persona: string, private readonly io: ReplIo) {
        this.conversation = runtime.conversation(persona);
        this.tty = io.input.isTTY === true && io.output.isTTY === true;
        this.reader = createInterface({
            input: io.input, output: io.output, terminal: this.tty,
            history: this.tty ? pastMessages(runtime, persona) : [], historySize: 1000, removeHistoryDuplicates: true
        });
        this.closed = new Promise((resolve) => this.reader.once("close", () => resolve()));
        this.reader.on("SIGINT", () => this.interrupt());
        // Lines are answered one after the other, in the order they were typed or piped.
        this.reader.on("line", (line) => {
            this.queue = this.queue.then(() => this.onLine(line));
        });
    }

    /** Runs until the user leaves (or the input ends); answers the number of turns recorded. */
    public async run(): Promise<number> {
        const record = this.runtime.manager.get(this.persona).record;
        const engine = this.runtime.engineOf(this.runtime.manager.get(this.persona)).spec;
        if (this.tty) this.write(chalk.dim(`Chatting with ${record.name} (${engine == null ? "no model" : engineName(engine)}). /help for commands, /bye or Ctrl-D to leave.\n`));
        this.prompt();
        await this.closed;
        await this.queue;
        return this.turns;
    }

    private async onLine(line: string): Promise<void> {
        if (this.multiline != null) {
            if (line.trim() === '"""') {
                const text = this.multiline.join("\n");
                this.multiline = null;
                await this.send(text);
            } else this.multiline.push(line);
            this.prompt();
            return;
        }
        const text = line.trim();
        this.pendingInterrupt = false;
        if (text === "") return this.prompt();
        if (text.startsWith("/")) {
            await this.command(text);
            return;
        }
        if (text === '"""') {
            this.multiline = [];
            return this.prompt();
        }
        await this.send(line);
        this.prompt();
    }

    private async command(text: string): Promise<void> {
        switch (text.split(/\s+/)[0]) {
            case "/bye":
            case "/exit":
                this.reader.close();
                return;
            case "/reset":
                this.conversation.reset();
                this.write(chalk.dim("A new conversation: the persona no longer sees the turns before.\n"));
                break;
            case "/context":
                await this.context();
                break;
            case "/help":
            case "/?":
                this.write(helpText);
                break;
            default:
                this.write(chalk.yellow(`Unknown command ${text}: /help lists them.\n`));
        }
        this.prompt();
    }

    private async send(text: string): Promise<void> {
        this.generating = new AbortController();
        const stream = this.conversation.stream(text, {signal: this.generating.signal});
        try {
            for await (const piece of stream) this.write(escapeTerminal(piece));
            const reply = await stream.result;
            this.turns++;
            if (reply.stopReason === "aborted") this.write(chalk.yellow(" ■ stopped (what came is kept)"));
            this.write("\n");
        } catch (error) {
            this.write("\n" + chalk.red(`✗ ${error instanceof Error ? error.message : String(error)}`) + "\n");
        } finally {
            this.generating = null;
        }
    }

    private async context(): Promise<void> {
        try {
            const preview = await this.conversation.preview("");
            const free = preview.contextSize - preview.tokens.length - preview.maxTokens;
            this.write(`${chalk.bold("System prompt")} (${preview.systemTokens} tokens):\n${escapeTerminal(preview.systemPrompt)}\n` +
                `${chalk.bold("Next request")}: ${preview.tokens.length} of ${preview.contextSize} tokens, ${preview.maxTokens} kept for the reply, ${free} free` +
                `${preview.droppedTurns > 0 ? `; the ${preview.droppedTurns} oldest turns no longer fit` : ""}.\n`);
        } catch (error) {
            this.write(chalk.red(`✗ ${error instanceof Error ? error.message : String(error)}`) + "\n");
        }
    }

    /** Ctrl-C: stops a reply; at a prompt, clears the line, and a second Ctrl-C leaves. */
    private interrupt(): void {
        if (this.generating != null) {
            this.generating.abort();
            return;
        }
        if (this.pendingInterrupt) {
            this.reader.close();
            return;
        }
        this.pendingInterrupt = true;
        this.multiline = null;
        this.write(chalk.dim("\n(Ctrl-C again, Ctrl-D or /bye leaves)\n"));
        this.reader.write(null, {ctrl: true, name: "u"});
        this.prompt();
    }

    private prompt(): void {
        if (!this.tty) return;
        this.reader.setPrompt(this.multiline != null ? "... " : ">>> ");
        this.reader.prompt();
    }

    private write(text: string): void {
        this.io.output.write(text);
    }
}

/** What was said to the persona before, newest first: readline's history. */
function pastMessages(runtime: Runtime, persona: string): string[] {
    const lines: string[] = [];
    for (const entry of [...runtime.manager.get(persona).record.scrapbook].reverse()) {
        if (entry.kind !== "chat") continue;
        const user = entry.messages.filter((m) => m.role === "user").at(-1)?.content;
        if (user != null && !user.includes("\n") && !lines.includes(user)) lines.push(user);
        if (lines.length >= 500) break;
    }
    return lines;
}

function basename(file: string): string {
    return file.split(/[\\/]/).pop() ?? file;
}

/** A GGUF by its file name, a server's model by its spec. */
function engineName(spec: string): string {
    return spec.startsWith("embedded:") ? basename(spec.slice("embedded:".length)) : spec;
}
