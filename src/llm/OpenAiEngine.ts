import type {PersonaSpec} from "./Engine.js";
import {AdapterRejectedError} from "./AdapterRejectedError.js";
import type {RemoteRoute} from "./RemoteEngine.js";
import {VllmEngine, type OpenAiServer} from "./VllmEngine.js";

/** Options of the OpenAI-compatible engine; every field has a default. */
export type OpenAiEngineOptions = {
    /** Default http://127.0.0.1:8080 (llama.cpp's server; LM Studio listens on 1234). */
    baseUrl?: string,
    /** Sent as a bearer token (llama.cpp's `--api-key`, LM Studio's token). */
    apiKey?: string,
    defaultMaxTokens?: number,
    defaultTemperature?: number,
    onWarning?: (message: string, error: unknown) => void
};

const openAiServer: OpenAiServer = {
    kind: "openai", label: "the OpenAI-compatible server", defaultUrl: "http://127.0.0.1:8080",
    startHint: "Start it (llama.cpp: `llama-server -m MODEL.gguf --port 8080`; LM Studio: its local server), or give the right host and port.",
    serveHint: (model) => `Load "${model}" in the server (llama.cpp's server serves the one model it was started with), or name a model it lists.`
};

/**
 * I run personas on any server of the OpenAI chat API (llama.cpp's server, LM Studio): /v1/models and
 * /v1/chat/completions, as the vLLM engine speaks them. Such servers load no adapters over the API, so a persona with
 * an adapter is refused before anything is sent.
 */
export class OpenAiEngine extends VllmEngine {
    constructor(options: OpenAiEngineOptions = {}) {
        super(options, openAiServer);
    }

    protected override async build(spec: PersonaSpec, model: string, adapter: string | null): Promise<{route: RemoteRoute, details: Record<string, string>}> {
        if (adapter != null)
            throw new AdapterRejectedError(adapter, "an OpenAI-compatible server (llama.cpp's server, LM Studio) loads no LoRA adapter through its API; " +
                "drop the adapter (swapAdapter: nil) to run on it, or run the persona on the embedded engine, Ollama or vLLM", {engine: this.kind, personaId: spec.personaId});
        return super.build(spec, model, adapter);
    }
}
