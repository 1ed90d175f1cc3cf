import type {Completion} from "../../src/llm/index.js";
import type {ChatEngine} from "../../src/runtime/index.js";

/**
 * An engine whose completions are the given replies in turn (the last one repeated): for tests of what is done
 * with a model's drafts (the synthesis gates, the doesNotUnderstand policy), where the draft must be fixed.
 */
export function scriptedEngine(replies: string[]): ChatEngine {
    const completion = (text: string): Completion => ({text, promptTokens: 1, completionTokens: 1, ms: 1, tokensPerSecond: 1, model: "scripted", adapter: null, stopReason: "stop"});
    let next = 0;
    return {
        kind: "scripted",
        attach: () => Promise.resolve(),
        detach: () => Promise.resolve(),
        chat: () => Promise.reject(new Error("not used")),
        complete: () => Promise.resolve(completion(replies[Math.min(next++, replies.length - 1)]!)),
        swapAdapter: () => Promise.reject(new Error("not used")),
        swapModel: () => Promise.reject(new Error("not used")),
        dispose: () => Promise.resolve()
    } as unknown as ChatEngine;
}
