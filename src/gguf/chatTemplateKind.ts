/**
 * The family of a chat template, told by the turn markers it writes: what a user recognises a model's prompt
 * format by ("ChatML", "Llama 3"…). Works on a GGUF's Jinja template and on an Ollama model's Go template alike.
 * Null when there is no template; "custom" when it has none of the markers known here.
 */
export function chatTemplateKind(template: string | null | undefined): string | null {
    if (template == null || template.trim() === "") return null;
    for (const [kind, markers] of families) if (markers.every((marker) => template.includes(marker))) return kind;
    return "custom";
}

// First match wins: the more specific markers come before the ones they contain.
const families: readonly (readonly [string, readonly string[]])[] = [
    ["ChatML", ["<|im_start|>", "<|im_end|>"]],
    ["Llama 3", ["<|start_header_id|>", "<|eot_id|>"]],
    ["Gemma", ["<start_of_turn>", "<end_of_turn>"]],
    ["Phi-3", ["<|user|>", "<|end|>"]],
    ["Zephyr", ["<|user|>", "</s>"]],
    ["DeepSeek", ["<｜User｜>"]],
    ["Llama 2", ["[INST]", "<<SYS>>"]],
    ["Mistral", ["[INST]", "[/INST]"]],
    ["Alpaca", ["### Instruction:"]]
];
