import type {LlamaContextSequence, LlamaModel} from "node-llama-cpp";

/**
 * Evaluates one token (BOS, or the first token of "a") on `sequence`: a context's first evaluation pays
 * first-use costs (llama.cpp reserving its compute graph, again after an adapter change), so a warm-up does it
 * before any request. The caller clears or disposes the sequence afterwards.
 */
export async function evaluateOneToken(model: LlamaModel, sequence: LlamaContextSequence): Promise<void> {
    const token = model.tokens.bos ?? model.tokenize("a")[0];
    if (token != null) await sequence.evaluateWithoutGeneratingNewTokens([token]);
}
