/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text} from "ink";
import type {PersonaRecord} from "../../index.js";
import type {BrowserModel} from "../state/browserModel.js";
import type {Theme} from "../theme.js";

export type StatusBarProps = {
    imagePath: string,
    dirty: boolean,
    readOnly: boolean,
    record: PersonaRecord | null,
    /** The persona's engine spec (`embedded:models/x.gguf`, `ollama://host:port/model`), and whether it is this session's --model. */
    engine?: {spec: string, override: boolean} | null,
    model: BrowserModel,
    width: number,
    theme: Theme
};

/**
 * One line: the image file, ● when it has unsaved changes, the persona's engine and model, and either the last
 * notice or the keys that matter where the keyboard is, so the screen says what it can do.
 */
export function StatusBar({imagePath, dirty, readOnly, record, engine, model, width, theme}: StatusBarProps) {
    const persona = engine != null ? engineLabel(engine.spec) + (engine.override ? " (--model)" : "")
        : record?.baseModelPath == null ? "none" : basename(record.baseModelPath);
    const adapter = record?.activeAdapterPath == null ? "" : ` +${basename(record.activeAdapterPath)}`;
    const notice = model.notice;
    return (
        <Box width={width} height={1}>
            <Text wrap="truncate-end">
                <Text bold>{basename(imagePath)}</Text>
                {dirty ? <Text color={theme.warn} bold> ● unsaved</Text> : null}
                {readOnly ? <Text color={theme.warn}> [read-only]</Text> : null}
                <Text>  </Text>
                <Text color={theme.accent}>{record?.name ?? "-"}</Text>
                <Text> model {persona}{adapter}</Text>
                <Text>  </Text>
                {notice == null
                    ? <Text color={theme.muted}>{hints(model)}</Text>
                    : <Text color={notice.kind === "ok" ? theme.ok : theme.error}>{notice.text}</Text>}
            </Text>
        </Box>
    );
}

/** The keys that matter where the keyboard is. */
export function hints(model: BrowserModel): string {
    if (model.activeTool != null) return "? keys · Esc browser · Ctrl-N next";
    if (model.editor != null && model.focus === "inspector") return "Ctrl-S accept · Esc cancel";
    switch (model.focus) {
        case "personas": return "[personas] → open · c chat · w sees · ? help";
        case "categories": return "[categories] → items · ? help";
        case "items": return "[items] Enter open · e edit · r rate · ? help";
        case "inspector": return "[inspector] Enter drill · Esc back · ? help";
        case "transcript": return "[transcript] ↑↓ scroll · f t filter";
        case "playground": return "[playground] Ctrl-P print · Esc back";
        default: return model.focus satisfies never;
    }
}

/** `embedded models/x.gguf` shows as `x.gguf`; a server as `ollama llama3.2@host:port`: the kind, the model, where. */
export function engineLabel(spec: string): string {
    const server = /^(ollama|vllm|openai):\/\/([^/]+)\/(.+)$/.exec(spec);
    if (server != null) return `${server[1]} ${server[3]}@${server[2]}`;
    return basename(spec.replace(/^embedded:/, ""));
}

function basename(file: string): string {
    const parts = file.split(/[\\/]/);
    return parts[parts.length - 1] ?? file;
}
