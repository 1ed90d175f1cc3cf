import {existsSync} from "node:fs";
import {FakeServer, type Reply} from "./fakeServer.js";

type ChatBody = {model: string, messages: {role: string, content: string}[], stream?: boolean, response_format?: unknown, max_tokens?: number};

const error = (status: number, message: string): Reply => ({status, json: {object: "error", message, type: "BadRequestError", code: status}});

/**
 * A vLLM OpenAI-compatible server as documented: /v1/models, /v1/chat/completions (JSON or SSE with a usage
 * chunk), and the runtime LoRA endpoints /v1/load_lora_adapter and /v1/unload_lora_adapter (answered 404 when
 * `runtimeLora` is false, as a server without VLLM_ALLOW_RUNTIME_LORA_UPDATING). Adapter paths must exist.
 */
export function fakeVllm(options: {base?: string, runtimeLora?: boolean} = {}) {
    const base = options.base ?? "meta-llama/Llama-3.2-1B-Instruct";
    const loras = new Map<string, string>();
    const state = {slowGate: Promise.resolve() as Promise<void>, loras, runtimeLora: options.runtimeLora ?? true};
    const server = new FakeServer((method, path, _body, json): Reply => {
        switch (`${method} ${path}`) {
            case "GET /v1/models": return {status: 200, json: {object: "list", data: [{id: base, object: "model"}, ...[...loras.keys()].map((id) => ({id, object: "model", parent: base}))]}};
            case "POST /v1/load_lora_adapter": {
                if (!state.runtimeLora) return {status: 404, json: {detail: "Not Found"}};
                const {lora_name, lora_path} = json as {lora_name: string, lora_path: string};
                if (loras.has(lora_name)) return error(400, `The lora adapter '${lora_name}' has already been loaded.`);
                if (!existsSync(lora_path)) return error(400, `Loading lora ${lora_name} failed: No adapter found for ${lora_path}`);
                loras.set(lora_name, lora_path);
                return {status: 200, text: `Success: LoRA adapter '${lora_name}' added successfully.`};
            }
            case "POST /v1/unload_lora_adapter": {
                if (!state.runtimeLora) return {status: 404, json: {detail: "Not Found"}};
                const {lora_name} = json as {lora_name: string};
                if (!loras.delete(lora_name)) return error(400, `The lora adapter '${lora_name}' cannot be found.`);
                return {status: 200, text: `Success: LoRA adapter '${lora_name}' removed successfully.`};
            }
            case "POST /v1/chat/completions": {
                const chat = json as ChatBody;
                if (chat.model !== base && !loras.has(chat.model)) return error(404, `The model \`${chat.model}\` does not exist.`);
                const last = chat.messages.at(-1)?.content ?? "";
                const content = chat.response_format != null ? JSON.stringify({mood: "sad", from: chat.model}) : `${chat.model} says: ${last}`;
                const usage = {prompt_tokens: chat.messages.length * 10, completion_tokens: 5, total_tokens: chat.messages.length * 10 + 5};
                if (chat.stream !== true)
                    return {status: 200, ...(last.startsWith("slow") ? {wait: state.slowGate} : {}), json: {id: "c1", object: "chat.completion", model: chat.model, choices: [{index: 0, message: {role: "assistant", content}, finish_reason: "stop"}], usage}};
                const pieces = content.match(/\S+\s*/g) ?? [content];
                return {status: 200, ...(last.startsWith("slow") ? {wait: state.slowGate} : {}), sse: [
                    ...pieces.map((piece) => ({id: "c1", object: "chat.completion.chunk", choices: [{index: 0, delta: {content: piece}, finish_reason: null}]})),
                    {id: "c1", object: "chat.completion.chunk", choices: [{index: 0, delta: {}, finish_reason: "stop"}]},
                    {id: "c1", object: "chat.completion.chunk", choices: [], usage},
                    "[DONE]"
                ]};
            }
            default: return {status: 404, json: {detail: "Not Found"}};
        }
    });
    return {server, state};
}
