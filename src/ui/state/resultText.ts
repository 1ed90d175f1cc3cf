import type {PlaygroundState} from "./browserModel.js";
import {wrapText} from "./wrapText.js";

export type ResultTone = "muted" | "ok" | "error" | "warn" | "plain";

/**
 * What the Playground's result area says, whole: while an evaluation runs, what its generations have
 * streamed so far (each persona's turn after its name); then the result of Do/Print/Inspect it.
 */
export function resultText(playground: PlaygroundState): {text: string, tone: ResultTone} {
    if (playground.busy) {
        if (playground.stream.length === 0) return {text: "… evaluating (Ctrl-C stops a generation)", tone: "muted"};
        return {text: playground.stream.map((p) => `${p.persona} › ${p.text}`).join("\n") + "▍", tone: "plain"};
    }
    const result = playground.result;
    if (result == null) return {text: "", tone: "plain"};
    switch (result.kind) {
        case "done":
            return {text: `✓ done: ${result.text}`, tone: "muted"};
        case "printed":
            return {text: `→ ${result.text}`, tone: "ok"};
        case "inspected":
            return {text: `⌕ ${result.text} (in the inspector)`, tone: "ok"};
        case "stopped":
            return {text: `■ stopped; what came: ${result.text}`, tone: "warn"};
        case "error":
            return {text: `✗ ${result.line == null ? "" : `line ${result.line}, col ${result.column}: `}${result.message}`, tone: "error"};
        default:
            return result satisfies never;
    }
}

const cache = new Map<string, string[]>();

/** `wrapText`, remembered for the last few texts: the result is wrapped on every frame while it is shown. */
export function wrapCached(text: string, width: number): string[] {
    const key = `${width}\u0000${text}`;
    let lines = cache.get(key);
    if (lines == null) {
        lines = wrapText(text, width);
        if (cache.size > 16) cache.clear();
        cache.set(key, lines);
    }
    return lines;
}
