import {createHash} from "node:crypto";
import path from "node:path";
import {fingerprintModel} from "../../gguf/index.js";
import {printString} from "../../lang/index.js";
import type {MethodProvenance, Proto} from "../../objects/index.js";
import type {PersonaChat} from "../PersonaChat.js";
import type {Runtime} from "../Runtime.js";
import {argumentTypes} from "./argumentTypes.js";
import {exampleBody, gateDraft} from "./gateDraft.js";
import type {FailingSend, GateReport, SynthesisExample} from "./gateDraft.js";
import {SynthesisError} from "./SynthesisError.js";
import {methodPattern, argumentNames, synthesisPrompt} from "./synthesisPrompt.js";

/** What to synthesize: a selector, the examples a draft must meet, and the send that failed (from the debugger). */
export type SynthesisRequest = {
    selector: string,
    /** One-argument blocks about the persona, as source (`[:p | (p double: 3) = 6]`), each must answer true. */
    examples?: readonly SynthesisExample[],
    /** The `doesNotUnderstand:` that asked for the method: it must run without an error. */
    failingSend?: FailingSend | null,
    /** Drafts asked of the model at most (default 4): the first greedy, the others sampled, each told why the last failed. */
    maxTries?: number,
    signal?: AbortSignal,
    /** Called after each draft is gated. */
    onAttempt?: (attempt: SynthesisAttempt) => void
};

export type SynthesisAttempt = {
    attempt: number,
    /** The draft that was gated: the model's method under the pattern the prompt gave it (see withPattern). */
    source: string,
    /** The model's reply as it came. */
    reply: string,
    report: GateReport,
    /** Milliseconds for this draft: generation and gates. */
    ms: number,
    temperature: number,
    promptSha256: string
};

/** A synthesis: every draft with its gates, and the one that passed all three (not installed until accepted). */
export type SynthesisResult = {
    persona: string,
    selector: string,
    passed: boolean,
    /** The passing draft, or null when no draft passed. */
    source: string | null,
    attempts: SynthesisAttempt[],
    model: string,
    modelSha256: string | null,
    examples: string[],
    ms: number,
    at: Date
};

export const defaultSynthesisTries = 4;
/** Tokens a draft may take: the methods the model learned are a few lines. */
const draftTokens = 160;
/** Temperature of the drafts after the first (greedy) one. */
const retryTemperature = 0.8;
const examplesShown = 4;

/**
 * I write methods for personas with their own model: the prompt (selector, argument names by the examples'
 * types, the persona's slots and methods, the examples), the three gates of gateDraft on a clone, and the
 * smallest failing example fed back for the next draft, for a bounded number of tries. A passing draft is
 * offered, not installed: `accept` installs it with its provenance. Code the model wrote runs only in src/lang.
 */
export class MethodSynthesizer {
    /** Passing drafts waiting for the user's accept or reject, by persona id and selector. */
    private readonly pending = new Map<string, SynthesisResult>();
    private readonly shas = new Map<string, Promise<string | null>>();

    public constructor(private readonly runtime: Runtime, private readonly chats: PersonaChat) {}

    /** Drafts and gates a method for `persona`. Throws SynthesisError when there is nothing to hold a draft to. */
    public async synthesize(persona: Proto, request: SynthesisRequest): Promise<SynthesisResult> {
        const started = performance.now();
        const {selector} = request;
        const examples = request.examples ?? [];
        if (!/^([a-zA-Z_]\w*:)+$|^[a-zA-Z_]\w*$/.test(selector))
            throw new SynthesisError(selector, `#${selector} is not a selector a persona method can have: use a unary (mood) or keyword (double:, sum:with:) selector.`);
        if (examples.length === 0 && request.failingSend == null)
            throw new SynthesisError(selector, `${persona.name} synthesize: #${selector} needs at least one example to hold the draft to, like [:p | (p ${selector.endsWith(":") ? methodPattern(selector, argumentNames(["int"])).replace(/ n$/, " 3") : selector}) = 6].`);
        const failingArgs = request.failingSend?.args ?? null;
        const argTypes = argumentTypes(selector, examples.map((e) => e.source), failingArgs);
        const pattern = methodPattern(selector, argumentNames(argTypes));
        const failingSendText = failingArgs == null ? null
            : `p ${selector.endsWith(":") ? selector.slice(0, -1).split(":").map((part, i) => `${part}: ${printString(failingArgs[i])}`).join(" ") : selector}`;
        const shown = [...examples.map((e) => exampleBody(e.source)).slice(0, examplesShown), ...(failingSendText == null ? [] : [failingSendText])];
        const record = persona.record;
        const others = this.runtime.manager.list().map((p) => p.name).filter((name) => name !== persona.name);
        const attempts: SynthesisAttempt[] = [];
        let model = "";
        let failure: string | null = null;
        const tries = Math.max(1, request.maxTries ?? defaultSynthesisTries);
        for (let attempt = 1; attempt <= tries; attempt++) {
            request.signal?.throwIfAborted();
            const t0 = performance.now();
            const prompt = synthesisPrompt({persona: persona.name, selector, argTypes, slots: Object.keys(record.slots),
                methods: Object.keys(record.methods).filter((s) => s !== selector), examples: shown, failure});
            const temperature = attempt === 1 ? 0 : retryTemperature;
            const {completion, model: file} = await this.chats.request(persona,
                [{role: "system", content: prompt.system}, {role: "user", content: prompt.user}],
                `${persona.name} drafting #${selector}`,
                {maxTokens: draftTokens, temperature, seed: attempt, ...(request.signal == null ? {} : {signal: request.signal})});
            model = file;
            const reply = completion.text;
            const source = withPattern(draftSource(reply), pattern);
            const report = await gateDraft(persona, selector, source, examples,
                {failingSend: request.failingSend ?? null, otherPersonas: others, ...(failingSendText == null ? {} : {failingSendText})});
            const entry: SynthesisAttempt = {attempt, source, reply, report, ms: performance.now() - t0, temperature,
                promptSha256: sha256(`${prompt.system}\n${prompt.user}`)};
            attempts.push(entry);
            request.onAttempt?.(entry);
            if (report.passed) break;
            failure = report.failure;
        }
        const last = attempts.at(-1)!;
        const result: SynthesisResult = {
            persona: persona.name, selector, passed: last.report.passed, source: last.report.passed ? last.source : null, attempts,
            model, modelSha256: await this.modelSha256(model), examples: shown, ms: performance.now() - started, at: new Date()
        };
        const key = `${persona.personaId} ${selector}`;
        if (result.passed) this.pending.set(key, result);
        else this.pending.delete(key);
        return result;
    }

    /** The passing draft of `selector` waiting for `persona`'s user, or null. */
    public pendingDraft(persona: Proto, selector: string): SynthesisResult | null {
        return this.pending.get(`${persona.personaId} ${selector}`) ?? null;
    }

    /**
     * Installs a passing draft with its provenance (in the method record, and as a comment at the top of its
     * source, so `sourceOf:` and the browser show it). Answers the selector. A draft that failed a gate is never
     * installed: SynthesisError.
     */
    public accept(persona: Proto, result: SynthesisResult, acceptedBy: MethodProvenance["acceptedBy"] = "user"): string {
        if (!result.passed || result.source == null)
            throw new SynthesisError(result.selector, `No draft of #${result.selector} passed the three gates, so none can be installed. Give a simpler or more telling example and synthesize again, or write the method with compile:.`);
        const passing = result.attempts.at(-1)!;
        const provenance: MethodProvenance = {
            origin: "synthesized", model: result.model, modelSha256: result.modelSha256, promptSha256: passing.promptSha256,
            examples: result.examples, gates: passing.report.gates.map((g) => ({gate: g.gate, passed: g.passed, detail: g.detail})),
            tries: result.attempts.length, at: result.at, acceptedBy
        };
        const selector = this.runtime.compile(persona, withProvenanceComment(result.source, provenance), "synthesized", {provenance});
        this.pending.delete(`${persona.personaId} ${result.selector}`);
        return selector;
    }

    /** Forgets the pending draft of `selector`; answers whether there was one. */
    public reject(persona: Proto, selector: string): boolean {
        return this.pending.delete(`${persona.personaId} ${selector}`);
    }

    private modelSha256(model: string): Promise<string | null> {
        let sha = this.shas.get(model);
        if (sha == null) {
            sha = fingerprintModel(model).then((f) => f.sha256, () => null);
            this.shas.set(model, sha);
        }
        return sha;
    }
}

/** The method in a model's reply: without a code fence or the text around it. */
export function draftSource(reply: string): string {
    const fenced = /```[a-z]*\n([\s\S]*?)```/i.exec(reply);
    return (fenced == null ? reply : fenced[1]!).replace(/\s+$/, "").replace(/^\s*\n/, "");
}

/**
 * The draft under the pattern the prompt asked for. The pattern is the synthesizer's (the selector and the argument
 * names it chose), not the model's to invent: a first line that is not indented and not a statement is the model's
 * copy of it, and is replaced by it; a reply that starts with the body gets it put on top. Everything below it is the
 * model's, and the gates judge the whole.
 */
export function withPattern(source: string, pattern: string): string {
    const lines = source.split("\n");
    const first = lines[0] ?? "";
    if (first.trim() === "" || /^\s/.test(first) || first.trimStart().startsWith("^")) return [pattern, ...lines].join("\n");
    return [pattern, ...lines.slice(1)].join("\n");
}

function sha256(text: string): string {
    return createHash("sha256").update(text).digest("hex");
}

/** The source with a comment under its pattern saying where it came from (a comment cannot hold a double quote). */
export function withProvenanceComment(source: string, p: MethodProvenance): string {
    const [pattern, ...body] = source.split("\n");
    const gates = p.gates.map((g) => `${g.gate} ${g.passed ? "passed" : "failed"}`).join(", ");
    const comment = `Synthesized by the model ${path.basename(p.model)} (sha256 ${p.modelSha256 ?? "unknown"}) on ${p.at.toISOString()}, `
        + `${p.tries} ${p.tries === 1 ? "try" : "tries"}, prompt sha256 ${p.promptSha256}; examples: ${p.examples.join("; ")}; gates: ${gates}.`;
    return [pattern, `\t"${comment.replaceAll("\"", "'")}"`, ...body].join("\n");
}

/** The draft and its gates, as the user reads them before accepting or rejecting. */
export function describeSynthesis(result: SynthesisResult): string {
    const last = result.attempts.at(-1)!;
    const seconds = (result.ms / 1000).toFixed(1);
    const tries = `${result.attempts.length} ${result.attempts.length === 1 ? "try" : "tries"}`;
    const head = result.passed
        ? `${result.persona}>>${result.selector}: a draft by ${path.basename(result.model)} passed the three gates (${tries}, ${seconds} s):`
        : `${result.persona}>>${result.selector}: no draft by ${path.basename(result.model)} passed the three gates in ${tries} (${seconds} s); nothing was installed. The last draft:`;
    const gates = last.report.gates.map((g) => `  ${g.gate}: ${g.passed ? "passed" : "FAILED"} (${g.detail})`);
    const runs = last.report.runs.map((r) => `    ${r.passed ? "ok  " : "FAIL"} ${r.example}${r.error != null ? ` -> error: ${r.error.split("\n")[0]}` : r.answer != null && !r.passed ? ` -> ${r.answer}` : ""}`);
    const next = result.passed
        ? `Accept it with: ${result.persona} acceptDraft: #${result.selector}   Reject it with: ${result.persona} rejectDraft: #${result.selector}`
        : "Give a simpler or more telling example and synthesize again, or write the method with compile:.";
    return [head, ...last.source.split("\n").map((l) => `  ${l}`), "Gates:", ...gates, ...runs, next].join("\n");
}
