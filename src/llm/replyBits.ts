import type {ChatWrapper, ControlledEvaluateInputItem, LlamaContextSequence, LlamaModel, Token} from "node-llama-cpp";
import type {ChatTurn} from "./Engine.js";
import {layoutChat} from "./layoutChat.js";

/**
 * How well a model predicts a conversation's replies: `bits` is the sum of −log₂ p over the tokens a persona
 * writes (every assistant turn and the end-of-turn token that closes it, as training masks them), `bytes` the
 * UTF-8 length of those replies. bits / bytes (bits per byte) compares models whose tokenizers differ.
 */
export type ReplyBits = {bits: number, tokens: number, bytes: number};

/**
 * Lays `history` out as inference does and scores its replies on `sequence` (cleared first). One evaluation of
 * the whole conversation; at each reply position llama.cpp answers three numbers (the target's logit, the
 * greedy token's, which is the maximum, and Σ exp(logit − max)), so no vocabulary-sized array crosses into
 * JavaScript. Answers null when the conversation is longer than the sequence's context.
 */
export async function replyBits(model: LlamaModel, wrapper: ChatWrapper, sequence: LlamaContextSequence, history: readonly ChatTurn[]): Promise<ReplyBits | null> {
    const {tokens, mask} = layoutChat(model, wrapper, history);
    if (tokens.length > sequence.contextSize - 1) return null;
    await sequence.clearHistory();
    const input: ControlledEvaluateInputItem[] = tokens.map((token, i) => {
        const next = tokens[i + 1];
        if (next == null || mask[i + 1] !== 1) return token as Token;
        return [token as Token, {generateNext: {logits: {filter: {tokens: [next as Token], includeSelected: true}}, totalLogitWeight: true, options: {temperature: 0}}}];
    });
    const output = await sequence.controlledEvaluate(input);
    let nats = 0;
    let scored = 0;
    for (let i = 0; i + 1 < tokens.length; i++) {
        if (mask[i + 1] !== 1) continue;
        const next = output[i]?.next;
        const target = next?.logits?.get(tokens[i + 1] as Token);
        if (next?.logits == null || target == null || next.totalLogitWeight == null) throw new Error(`llama.cpp returned no logits at position ${i}`);
        let max = -Infinity;
        for (const value of next.logits.values()) if (value > max) max = value;
        nats += max - target + Math.log(next.totalLogitWeight);
        scored++;
    }
    let bytes = 0;
    for (const turn of history) if (turn.role === "assistant") bytes += Buffer.byteLength(turn.content, "utf8");
    return {bits: nats / Math.LN2, tokens: scored, bytes};
}
