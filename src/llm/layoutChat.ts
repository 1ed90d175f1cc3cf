import type {ChatHistoryItem, ChatWrapper, LlamaModel, Token} from "node-llama-cpp";
import {nodeLlamaCpp} from "./nodeLlamaCpp.js";
import type {ChatTurn} from "./Engine.js";
import {EngineError} from "./EngineError.js";
import {toChatHistory} from "./toChatHistory.js";

/**
 * Lays out `turns` with `wrapper` exactly as LlamaChat does at inference (same wrapper, same BOS, special
 * tokens parsed) and returns the token ids with a loss mask: 1 on every assistant reply's tokens and on the
 * end-of-turn token that closes it (`<|im_end|>` for ChatML), 0 elsewhere. A conversation that ends with an
 * assistant turn gets that closing token appended, since that is what the model must learn to produce.
 *
 * The mask comes from tokenizing prefixes: the conversation up to an open, empty assistant turn, then up to
 * the reply. Both must be prefixes of the whole; a wrapper for which they are not is refused.
 */
export function layoutChat(model: LlamaModel, wrapper: ChatWrapper, turns: readonly ChatTurn[]): {tokens: number[], mask: number[]} {
    const items = toChatHistory(turns);
    const render = (history: ChatHistoryItem[]): {tokens: Token[], triggers: Token[][]} => {
        const state = wrapper.generateContextState({chatHistory: history});
        return {
            tokens: state.contextText.tokenize(model.tokenizer),
            triggers: state.stopGenerationTriggers.map((trigger) => nodeLlamaCpp().LlamaText(trigger).tokenize(model.tokenizer))
        };
    };
    const whole = render(items);
    const tokens: number[] = [...whole.tokens];
    // The end-of-turn token inference stops on: a special-token trigger rather than EOS where one exists.
    const {LlamaText, SpecialToken} = nodeLlamaCpp();
    const eos = LlamaText(new SpecialToken("EOS")).tokenize(model.tokenizer);
    const closing = whole.triggers.find((t) => t.length > 0 && !sameTokens(t, eos)) ?? eos;
    if (items.at(-1)?.type === "model") tokens.push(...closing);

    const mask = new Array<number>(tokens.length).fill(0);
    const fail = (why: string): never => {
        throw new EngineError(`tokenizeChat cannot lay out this conversation with the ${wrapper.wrapperName} chat wrapper: ${why}. ` +
            "Use a ChatML model (or chatWrapper: \"chatml\").", {engine: "node-llama-cpp"});
    };
    items.forEach((item, i) => {
        if (item.type !== "model") return;
        const open = render([...items.slice(0, i), {type: "model", response: []}]).tokens;
        const replied = render(items.slice(0, i + 1)).tokens;
        if (!isPrefix(open, replied) || !isPrefix(replied, tokens as Token[])) fail(`turn ${i} does not tokenize as a prefix of the whole`);
        for (let k = open.length; k < replied.length; k++) mask[k] = 1;
        const end = whole.triggers.find((t) => t.length > 0 && startsAt(tokens, t, replied.length)) ??
            (startsAt(tokens, closing, replied.length) ? closing : null);
        if (end == null) fail(`no end-of-turn token follows assistant turn ${i}`);
        for (let k = replied.length; k < replied.length + end!.length; k++) mask[k] = 1;
    });
    return {tokens, mask};
}

function sameTokens(a: readonly Token[], b: readonly Token[]): boolean {
    return a.length === b.length && a.every((t, i) => t === b[i]);
}

function isPrefix(prefix: readonly Token[], whole: readonly Token[]): boolean {
    return prefix.length <= whole.length && prefix.every((t, i) => t === whole[i]);
}

function startsAt(tokens: readonly number[], part: readonly Token[], at: number): boolean {
    return part.every((t, i) => tokens[at + i] === (t as number));
}
