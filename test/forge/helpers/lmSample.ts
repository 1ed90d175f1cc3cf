import type {LlamaModel} from "node-llama-cpp";
import type {TokenizedSample} from "../../../src/forge/index.js";

/** Plain language-model training on `text`: BOS, then every token a target (no chat layout). */
export function lmSample(model: LlamaModel, text: string): TokenizedSample {
    const tokens = [model.tokens.bos!, ...model.tokenize(text)].map(Number);
    return {tokens, mask: tokens.map((_, i) => (i === 0 ? 0 : 1))};
}
