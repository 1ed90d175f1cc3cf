import type {ChatTurn, Engine} from "../../llm/index.js";
import {systemPromptFor} from "../../llm/index.js";
import type {ChatMessage, PersonaRecord} from "../../objects/index.js";
import {modelContextLength} from "../../oracle/index.js";

/** Who a pairwise judgement preferred: the two replies' owners, or neither. */
export type Preference = "first" | "second" | "tie";

/** Tallies of judgements made in both orders: a side wins a prompt only when both orders prefer it. */
export type PairwiseTally = {firstWins: number, secondWins: number, ties: number, failed: number};

type PairEngine = Pick<Engine, "attach" | "structured"> & Partial<Pick<Engine, "detach">>;

const schema = {type: "object", properties: {better: {enum: ["A", "B", "tie"]}}, required: ["better"]} as const;

/**
 * I am the Oracle asked which of two replies to the same prompt better embodies a persona's codex. I judge each
 * pair twice, with the replies in both orders, so a judge that always picks the first (or the second) reply
 * counts as undecided instead of deciding: a side wins only when both orders prefer it.
 */
export class PairwiseJudge implements AsyncDisposable {
    private attached: Promise<void> | null = null;
    private readonly key: string;

    public constructor(private readonly engine: PairEngine, private readonly judge: PersonaRecord, private readonly model: string,
        private readonly adapter: string | null) {
        this.key = `${judge.personaId}#pairwise`;
    }

    /** Compares `first` and `second` (replies of `persona` to `prompt`) in both orders. */
    public async compare(persona: PersonaRecord, prompt: readonly ChatMessage[], first: string, second: string,
        options: {signal?: AbortSignal} = {}): Promise<Preference | null> {
        const context = await modelContextLength(this.model) ?? 4096;
        // One character per token in the worst case (byte-level pieces); the template and the verdict take about 64.
        const room = Math.max(200, context - 96);
        await this.attach(Math.floor(room * 0.15));
        const ask = async (a: string, b: string): Promise<"A" | "B" | "tie" | null> => {
            const history = this.question(persona, prompt, a, b, Math.floor(room * 0.8));
            try {
                const {value} = await this.engine.structured<{better: "A" | "B" | "tie"}>(this.key, history, schema,
                    {temperature: 0, maxTokens: 24, ...(options.signal == null ? {} : {signal: options.signal})});
                return value.better;
            } catch {
                options.signal?.throwIfAborted();
                return null;
            }
        };
        const forward = await ask(first, second);
        const backward = await ask(second, first);
        if (forward == null || backward == null) return null;
        if (forward === "A" && backward === "B") return "first";
        if (forward === "B" && backward === "A") return "second";
        return "tie";
    }

    /** Compares many pairs and tallies them. */
    public async tally(persona: PersonaRecord, pairs: readonly {prompt: readonly ChatMessage[], first: string, second: string}[],
        options: {signal?: AbortSignal} = {}): Promise<PairwiseTally> {
        const tally: PairwiseTally = {firstWins: 0, secondWins: 0, ties: 0, failed: 0};
        for (const pair of pairs) {
            options.signal?.throwIfAborted();
            const preference = await this.compare(persona, pair.prompt, pair.first, pair.second, options);
            if (preference == null) tally.failed++;
            else if (preference === "first") tally.firstWins++;
            else if (preference === "second") tally.secondWins++;
            else tally.ties++;
        }
        return tally;
    }

    public async dispose(): Promise<void> {
        if (this.attached != null) {
            await this.attached.catch(() => undefined);
            await this.engine.detach?.(this.key);
            this.attached = null;
        }
    }

    public async [Symbol.asyncDispose](): Promise<void> {
        await this.dispose();
    }

    private attach(systemChars: number): Promise<void> {
        this.attached ??= this.engine.attach({
            personaId: this.key, name: this.judge.name, systemPrompt: systemPromptFor(this.judge.codex, {maxChars: systemChars}),
            model: this.model, adapter: this.adapter
        });
        return this.attached;
    }

    private question(persona: PersonaRecord, prompt: readonly ChatMessage[], a: string, b: string, maxChars: number): ChatTurn[] {
        const flat = (text: string) => text.replace(/\s+/g, " ").trim();
        const head = `Which reply better fits ${persona.name}'s codex (${persona.codex.role})? Answer as JSON: A, B or tie.`;
        const each = Math.max(40, Math.floor((maxChars - head.length) / 3));
        const cut = (text: string) => (text.length <= each ? text : text.slice(0, each - 1) + "…");
        const asked = cut(prompt.filter((m) => m.role === "user").map((m) => flat(m.content)).join(" / "));
        return [{role: "user", content: `${head}\nUser: ${asked}\nReply A: ${cut(flat(a))}\nReply B: ${cut(flat(b))}`}];
    }
}
