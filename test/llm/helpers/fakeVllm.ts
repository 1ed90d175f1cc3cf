import {existsSync, readFileSync, statSync} from "node:fs";
import nodePath from "node:path";
import {FakeServer, type Reply} from "./fakeServer.js";

type ChatBody = {model: string, messages: {role: string, content: string}[], stream?: boolean, response_format?: unknown, max_tokens?: number};

const error = (status: number, message: string): Reply => ({status, json: {object: "error", message, type: "BadRequestError", code: status}});

/**
 * A vLLM OpenAI-compatible server as documented: /v1/models, /v1/chat/completions (JSON or SSE with a usage
 * chunk), and the runtime LoRA endpoints /v1/load_lora_adapter and /v1/unload_lora_adapter (answered 404 when
 * `runtimeLora` is false, as a server without VLLM_ALLOW_RUNTIME_LORA_UPDATING). An adapter must be a PEFT folder, as
 * vLLM loads it: adapter_config.json (peft_type LORA, r, lora_alpha, target_modules) and adapter_model.safetensors
 * whose header parses and holds lora_A (r, in) / lora_B (out, r) pairs of the target modules only.
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
                const config = nodePath.join(lora_path, "adapter_config.json");
                if (!existsSync(config)) return error(400, `Loading lora ${lora_name} failed: No adapter found for ${lora_path}`);
                const problem = peftProblem(lora_path);
                if (problem != null) return error(400, `Loading lora ${lora_name} failed: ${problem}`);
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

/** What vLLM would object to in a PEFT folder, or null. */
export function peftProblem(folder: string): string | null {
    let config: {peft_type?: string, r?: number, lora_alpha?: number, target_modules?: string[]};
    try {
        config = JSON.parse(readFileSync(nodePath.join(folder, "adapter_config.json"), "utf8")) as typeof config;
    } catch (e) {
        return `adapter_config.json is not JSON (${(e as Error).message})`;
    }
    if (config.peft_type !== "LORA" || !Number.isInteger(config.r) || typeof config.lora_alpha !== "number" || !Array.isArray(config.target_modules))
        return "adapter_config.json lacks peft_type LORA, r, lora_alpha or target_modules";
    const weights = nodePath.join(folder, "adapter_model.safetensors");
    if (!existsSync(weights)) return `${weights} is missing`;
    const data = readFileSync(weights);
    if (data.length < 8) return "adapter_model.safetensors is truncated";
    const headerLength = Number(data.readBigUInt64LE(0));
    if (8 + headerLength > data.length || statSync(weights).size !== data.length) return "adapter_model.safetensors' header runs past its end";
    let header: Record<string, {dtype: string, shape: number[], data_offsets: [number, number]}>;
    try {
        header = JSON.parse(data.subarray(8, 8 + headerLength).toString("utf8")) as typeof header;
    } catch (e) {
        return `adapter_model.safetensors' header is not JSON (${(e as Error).message})`;
    }
    const body = data.length - 8 - headerLength;
    const pairs = new Map<string, {a?: number[], b?: number[]}>();
    for (const [key, info] of Object.entries(header)) {
        if (key === "__metadata__") continue;
        const m = /^base_model\.model\.model\.layers\.\d+\.(?:self_attn|mlp)\.(\w+)\.lora_([AB])\.weight$/.exec(key);
        if (m == null) return `unexpected tensor ${key}`;
        if (!config.target_modules.includes(m[1]!)) return `${key} is not in target_modules`;
        if (info.dtype !== "F32" && info.dtype !== "F16" && info.dtype !== "BF16") return `${key} has dtype ${info.dtype}`;
        const [start, end] = info.data_offsets;
        const elements = info.shape.reduce((x, y) => x * y, 1);
        if (end > body || end - start !== elements * (info.dtype === "F32" ? 4 : 2)) return `${key}'s data_offsets do not fit its shape`;
        const pair = pairs.get(key.replace(/\.lora_[AB]\.weight$/, "")) ?? {};
        if (m[2] === "A") pair.a = info.shape; else pair.b = info.shape;
        pairs.set(key.replace(/\.lora_[AB]\.weight$/, ""), pair);
    }
    if (pairs.size === 0) return "adapter_model.safetensors holds no LoRA weights";
    for (const [module, {a, b}] of pairs) {
        if (a == null || b == null) return `${module} lacks lora_A or lora_B`;
        if (a[0] !== config.r || b[1] !== config.r) return `${module} has rank ${a[0]}/${b[1]}, adapter_config.json says r = ${config.r}`;
    }
    return null;
}
