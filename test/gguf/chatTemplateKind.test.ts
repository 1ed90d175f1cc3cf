import {describe, expect, it} from "vitest";
import {chatTemplateKind} from "../../src/gguf/index.js";

describe("chatTemplateKind", () => {
    it("tells a template's family by its turn markers, in Jinja (GGUF) and Go (Ollama) templates alike", () => {
        expect(chatTemplateKind("{% for m in messages %}{{'<|im_start|>' + m['role'] + '\\n' + m['content'] + '<|im_end|>'}}{% endfor %}")).toBe("ChatML");
        expect(chatTemplateKind("<|start_header_id|>{{ .Role }}<|end_header_id|>\n\n{{ .Content }}<|eot_id|>")).toBe("Llama 3");
        expect(chatTemplateKind("{{ bos_token }}<start_of_turn>user\n{{ m }}<end_of_turn>")).toBe("Gemma");
        expect(chatTemplateKind("<s>[INST] <<SYS>>\n{{ system }}\n<</SYS>> {{ user }} [/INST]")).toBe("Llama 2");
        expect(chatTemplateKind("[INST] {{ .Prompt }} [/INST]")).toBe("Mistral");
        expect(chatTemplateKind("<|user|>\n{{ .Prompt }}<|end|>\n<|assistant|>")).toBe("Phi-3");
        expect(chatTemplateKind("{{ .Prompt }}")).toBe("custom");
        expect(chatTemplateKind(null)).toBeNull();
        expect(chatTemplateKind("  ")).toBeNull();
    });
});
