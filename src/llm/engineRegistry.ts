import type {Engine} from "./Engine.js";
import type {NodeLlamaCppEngineOptions} from "./NodeLlamaCppEngine.js";
import type {OllamaEngineOptions} from "./OllamaEngine.js";
import type {VllmEngineOptions} from "./VllmEngine.js";
import type {OpenAiEngineOptions} from "./OpenAiEngine.js";
import {EngineNotEnabledError} from "./EngineNotEnabledError.js";

/** The engine kinds and the options each one's factory takes. Only types: the registry imports no engine. */
export type EngineKinds = {
    "node-llama-cpp": NodeLlamaCppEngineOptions,
    ollama: OllamaEngineOptions,
    vllm: VllmEngineOptions,
    openai: OpenAiEngineOptions
};
export type EngineKind = keyof EngineKinds;

type Factory<K extends EngineKind> = (options: EngineKinds[K]) => Engine;

const enableCalls: Record<EngineKind, string> = {
    "node-llama-cpp": "enableNodeLlamaCpp()",
    ollama: "enableOllama()",
    vllm: "enableVllm()",
    openai: "enableOpenAi()"
};

// As immer's plugin table: filled by the enableX() calls, read by createEngine.
const factories = new Map<EngineKind, Factory<EngineKind>>();

/** Plugs an engine kind in. Called by `enableNodeLlamaCpp()`, `enableOllama()`, `enableVllm()` and `enableOpenAi()`. */
export function registerEngine<K extends EngineKind>(kind: K, factory: Factory<K>): void {
    factories.set(kind, factory as unknown as Factory<EngineKind>);
}

/** The kinds enabled so far. */
export function enabledEngines(): EngineKind[] {
    return [...factories.keys()];
}

/**
 * Makes an engine of an enabled kind. Nothing is loaded until a persona is attached.
 * @throws EngineNotEnabledError naming the `enableX()` call to make.
 */
export function createEngine<K extends EngineKind>(kind: K, options: EngineKinds[K]): Engine {
    const factory = factories.get(kind);
    if (factory == null) {
        const call = Object.hasOwn(enableCalls, kind) ? enableCalls[kind] : null;
        throw new EngineNotEnabledError(kind, call, enabledEngines());
    }
    return factory(options);
}
