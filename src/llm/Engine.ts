/** What the runtime needs to know about a persona to run it on an engine. */
export type PersonaSpec = {
    personaId: string,
    name: string,
    systemPrompt: string,
    /** A GGUF path (node-llama-cpp), an Ollama tag, or a model id served by vLLM. */
    model: string,
    /** A LoRA adapter GGUF path, or null for the bare base model. */
    adapter: string | null
};

/** One turn of a ChatML conversation. */
export type ChatTurn = {role: "system" | "user" | "assistant", content: string};

/** Sampling and streaming options of one request; every field is optional. */
export type GenerateOptions = {
    /** Most tokens to generate (default: the engine's `defaultMaxTokens`). */
    maxTokens?: number,
    /** 0 is greedy (default: the engine's `defaultTemperature`). */
    temperature?: number,
    seed?: number,
    /** Called with each piece of text as it is generated. */
    onToken?: (text: string) => void,
    /** Aborting stops the generation; the partial text is returned with `stopReason: "aborted"`. */
    signal?: AbortSignal
};

export type StopReason = "stop" | "maxTokens" | "aborted";

/** The result of one generation, with where it came from. */
export type Completion = {
    text: string,
    /** Tokens in the prompt as laid out, including any prefix a continued chat reuses from its cache. */
    promptTokens: number,
    completionTokens: number,
    ms: number,
    tokensPerSecond: number,
    model: string,
    adapter: string | null,
    stopReason: StopReason
};

/** One token of a laid-out request: its id, the text it stands for, and whether it is a special (control) token. */
export type RequestToken = {id: number, text: string, special: boolean};

/**
 * A request as the engine would send it to the model, without generating: what a persona "sees".
 * `tokens` are laid out by the same chat wrapper and tokenizer as a real request, after the same fitting
 * (oldest turns dropped so the prompt and `maxTokens` fit the context).
 */
export type RequestPreview = {
    tokens: RequestToken[],
    /** The system prompt the request carries ("" when none). */
    systemPrompt: string,
    /** Tokens of the system prompt's own part of the layout (its turn header included). */
    systemTokens: number,
    /** Tokens in a sequence of this persona's context. */
    contextSize: number,
    /** Tokens kept free for the reply. */
    maxTokens: number,
    /** Turns left out, oldest first, so that the prompt and `maxTokens` fit. */
    droppedTurns: number,
    /** Why the request cannot be sent as it is (too long even with every older turn dropped), or null. */
    problem: string | null,
    model: string,
    adapter: string | null
};

/** A JSON schema (the subset node-llama-cpp's grammar, Ollama's `format` and vLLM's `response_format` accept). */
export type JsonSchema = {readonly [key: string]: unknown};

/** What a swap did. Plain data apart from `retired`. */
export type SwapReport = {
    personaId: string,
    what: "adapter" | "model",
    from: {model: string, adapter: string | null},
    to: {model: string, adapter: string | null},
    /** Validation, loading and warming before the flip, in ms: requests were served meanwhile. */
    prepareMs: number,
    /** Requests still running on the old model/adapter at the flip; they finish there. */
    inFlightAtFlip: number,
    /** True when the base model was reloaded to free cached adapters (node-llama-cpp). */
    baseReloaded: boolean,
    /** Engine-specific facts, e.g. the Ollama tag and Modelfile or the vLLM lora_name. */
    details: Record<string, string>,
    /** Resolves when the old context/tag/adapter has been released, after its last request ended. Never rejects. */
    retired: Promise<void>
};

/**
 * An inference engine behind one interface: node-llama-cpp in process, Ollama or vLLM.
 * Personas are attached by id; each has its own chat session and may have its own adapter.
 */
export interface Engine extends AsyncDisposable {
    readonly kind: string;
    /** The most tokens one of my contexts holds, when I cap it below the model's own length (node-llama-cpp's contextSize). */
    readonly contextSize?: number;
    /** Loads (or shares) the model and makes the persona's context. Attaching an attached persona replaces its spec. */
    attach(spec: PersonaSpec): Promise<void>;
    detach(personaId: string): Promise<void>;
    /** Continues the persona's chat session with a user message. Chats of one persona run one at a time. */
    chat(personaId: string, text: string, options?: GenerateOptions): Promise<Completion>;
    /** Stateless: answers the last user turn of `history` on its own sequence. The persona's system prompt is used when `history` has none. */
    complete(personaId: string, history: ChatTurn[], options?: GenerateOptions): Promise<Completion>;
    /** Like `complete`, constrained to `schema`; the reply is parsed. */
    structured<T>(personaId: string, history: ChatTurn[], schema: JsonSchema, options?: GenerateOptions): Promise<{value: T, completion: Completion}>;
    resetChat(personaId: string): Promise<void>;
    /** Atomic adapter swap; null drops the adapter. On failure nothing changes. */
    swapAdapter(personaId: string, adapterPath: string | null): Promise<SwapReport>;
    /** Atomic base-model swap. The adapter is kept only if `options.adapter` says so or it fits the new base. */
    swapModel(personaId: string, modelPath: string, options?: {adapter?: string | null}): Promise<SwapReport>;
    /** Lays out a conversation exactly as inference does: token ids and a mask that is 1 on assistant replies. */
    tokenizeChat?(model: string, history: ChatTurn[]): Promise<{tokens: number[], mask: number[]}>;
    /** The exact tokens a `complete(personaId, history)` would send, without generating (the browser's context view). */
    previewRequest?(personaId: string, history: ChatTurn[], options?: {maxTokens?: number}): Promise<RequestPreview>;
    dispose(): Promise<void>;
}
