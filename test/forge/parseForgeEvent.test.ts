import {describe, expect, it} from "vitest";
import {parseForgeEvent} from "../../src/forge/index.js";

describe("parseForgeEvent", () => {
    it("reads each event type of the protocol into the TypeScript spelling", () => {
        expect(parseForgeEvent('{"type": "start", "command": "lora", "persona": "BRICK", "steps": 20}')).toEqual(
            {ok: true, event: {type: "start", command: "lora", info: {persona: "BRICK", steps: 20}}});
        expect(parseForgeEvent('{"type": "progress", "step": 3, "total": 20, "loss": 2.5, "tokens_per_s": 812.3}')).toEqual(
            {ok: true, event: {type: "progress", step: 3, total: 20, loss: 2.5, tokensPerSecond: 812.3}});
        expect(parseForgeEvent('{"type": "progress", "step": 1, "total": 2, "loss": null, "tokens_per_s": null}')).toEqual(
            {ok: true, event: {type: "progress", step: 1, total: 2, loss: null, tokensPerSecond: null}});
        expect(parseForgeEvent('{"type": "eval", "split": "validation", "loss": 1.25, "when": "after"}')).toEqual(
            {ok: true, event: {type: "eval", split: "validation", loss: 1.25, when: "after"}});
        const sha = "a".repeat(64);
        expect(parseForgeEvent(`{"type": "artifact", "path": "/x/brick.gguf", "sha256": "${sha}", "bytes": 10}`)).toEqual(
            {ok: true, event: {type: "artifact", path: "/x/brick.gguf", sha256: sha}});
        expect(parseForgeEvent('{"type": "done", "steps": 20, "train_loss": 1.5}')).toEqual(
            {ok: true, event: {type: "done", summary: {steps: 20, train_loss: 1.5}}});
        expect(parseForgeEvent('{"type": "error", "kind": "cancelled", "message": "stopped by SIGTERM", "signal": "SIGTERM"}')).toEqual(
            {ok: true, event: {type: "error", kind: "cancelled", message: "stopped by SIGTERM"}});
    });

    it("reads a diverged loss (null from forge-py, bare NaN from json.dumps) instead of calling the line garbled", () => {
        const fromNull = parseForgeEvent('{"type": "eval", "split": "validation", "loss": null, "when": "before"}');
        expect(fromNull.ok && fromNull.event.type === "eval" && Number.isNaN(fromNull.event.loss)).toBe(true);
        const bare = parseForgeEvent('{"type": "progress", "step": 1, "total": 2, "loss": NaN, "tokens_per_s": Infinity}');
        expect(bare.ok && bare.event.type === "progress" && Number.isNaN(bare.event.loss) && bare.event.tokensPerSecond === Infinity).toBe(true);
    });

    it.each([
        ["Traceback (most recent call last):", "not JSON"],
        ["[1, 2]", "not an object"],
        ['{"step": 1}', "without a string \"type\""],
        ['{"type": "party"}', "unknown event type \"party\""],
        ['{"type": "progress", "step": "3", "total": 20, "loss": 1, "tokens_per_s": 1}', "\"step\" = \"3\" (expected a whole number)"],
        ['{"type": "progress", "step": 3, "loss": 1, "tokens_per_s": 1}', "\"total\" missing"],
        ['{"type": "eval", "split": "validation", "loss": 1, "when": "during"}', "\"when\" \"during\""],
        ['{"type": "artifact", "path": "/a.gguf", "sha256": "xyz"}', "\"sha256\" \"xyz\""],
        ['{"type": "error", "kind": 3, "message": "m"}', "\"kind\" = 3 (expected a string)"]
    ])("refuses %s, saying %s", (line, problem) => {
        const parsed = parseForgeEvent(line);
        expect(parsed.ok).toBe(false);
        if (!parsed.ok) expect(parsed.problem).toContain(problem);
    });
});
