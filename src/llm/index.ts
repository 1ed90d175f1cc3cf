/**
 * llm/: inference engines behind one interface. The embedded node-llama-cpp engine is enabled here;
 * Ollama, vLLM and OpenAI-compatible servers are plugged in by `enableOllama()` / `enableVllm()` / `enableOpenAi()`,
 * as immer's plugins are. EngineRouter runs each persona on the engine its spec names.
 */
import {enableNodeLlamaCpp} from "./enableNodeLlamaCpp.js";

export type {PersonaSpec, ChatTurn, GenerateOptions, Completion, StopReason, JsonSchema, SwapReport, Engine, RequestPreview, RequestToken} from "./Engine.js";
export {TokenStream} from "./TokenStream.js";
export {EngineError} from "./EngineError.js";
export {AdapterRejectedError} from "./AdapterRejectedError.js";
export {ModelUnavailableError} from "./ModelUnavailableError.js";
export {EngineNotEnabledError} from "./EngineNotEnabledError.js";
export {createEngine, registerEngine, enabledEngines, type EngineKind, type EngineKinds} from "./engineRegistry.js";
export {enableNodeLlamaCpp} from "./enableNodeLlamaCpp.js";
export {NodeLlamaCppEngine, type NodeLlamaCppEngineOptions, type ReplyBitsReport} from "./NodeLlamaCppEngine.js";
export {replyBits, type ReplyBits} from "./replyBits.js";
export {remoteModelFacts, downloadedModelFile, type RemoteModelFacts, type RemoteOptions} from "./remoteModelFacts.js";
export type {ChatWrapperChoice} from "./ModelPool.js";
export {OllamaEngine, type OllamaEngineOptions, ollamaMinimumCreateVersion} from "./OllamaEngine.js";
export {VllmEngine, type VllmEngineOptions} from "./VllmEngine.js";
export {enableOllama} from "./enableOllama.js";
export {enableVllm} from "./enableVllm.js";
export {OpenAiEngine, type OpenAiEngineOptions} from "./OpenAiEngine.js";
export {enableOpenAi} from "./enableOpenAi.js";
export {EngineRouter, type EngineRouterOptions} from "./EngineRouter.js";
export {parseEngineSpec, formatEngineSpec, isRemoteSpec, type EngineSpec, type EngineSpecKind, type RemoteEngineKind} from "./parseEngineSpec.js";
export {EngineSpecError} from "./EngineSpecError.js";
export {EngineHttpError} from "./EngineHttpError.js";
export {buildModelfile, type ModelfileSpec} from "./buildModelfile.js";
export {resolveModel, type ResolveModelOptions} from "./resolveModel.js";
export {listModels, type ModelListing} from "./listModels.js";
export {listOllamaModels, showOllamaModel, deleteOllamaModel, ollamaOrigin, sameOllamaServer, fullTag, defaultOllamaOrigin, type OllamaModel, type OllamaRequestOptions} from "./ollamaLibrary.js";
export {OllamaLibraryError} from "./OllamaLibraryError.js";
export {systemPromptFor} from "./systemPromptFor.js";
export {adapterFitsModel} from "./adapterFitsModel.js";

// The embedded engine is the default and needs no enabling call.
enableNodeLlamaCpp();
