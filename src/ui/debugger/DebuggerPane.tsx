/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text} from "ink";
import type {StackEntry} from "../../index.js";
import {BufferView} from "../components/BufferView.js";
import {Pane} from "../components/Pane.js";
import type {Theme} from "../theme.js";
import {debuggerHints, shortStack} from "./debuggerModel.js";
import type {DebuggerState} from "./useDebugger.js";

export type DebuggerPaneProps = {state: DebuggerState, width: number, height: number, theme: Theme};

/**
 * The debugger: the error in red, the stack (short until `+`), an inspector on the selected context's
 * receiver, arguments and temporaries, and the selected context's source with the current expression
 * marked (or the method being edited, or where Create may put the method), then the keys.
 */
export function DebuggerPane({state, width, height, theme}: DebuggerPaneProps) {
    const {session, entries, model, facts} = state;
    const shown = model.expanded ? entries : entries.slice(0, shortStack);
    const selected = entries[model.selected] ?? null;
    const upperHeight = Math.max(5, Math.min(shown.length + 3, Math.floor((height - 3) / 2)));
    const sourceHeight = Math.max(4, height - 3 - upperHeight);
    const stackWidth = Math.floor(width * 0.55);
    const inner = Math.max(1, sourceHeight - 3);
    return (
        <Box flexDirection="column" width={width} height={height}>
            <Text color={theme.error} bold wrap="truncate-end">✗ {session.title}</Text>
            <Box height={upperHeight}>
                <Pane title={`Stack${entries.length > shown.length ? ` (${shown.length} of ${entries.length})` : ""}`} focused={model.mode === "stack"}
                    width={stackWidth} height={upperHeight} theme={theme}>
                    {shown.slice(0, Math.max(1, upperHeight - 3)).map((entry, i) => (
                        <Text key={i} inverse={i === model.selected} wrap="truncate-end">
                            {i === model.selected ? "›" : " "}{entry.edited ? "✎" : " "}{entry.where}{args(entry)}
                        </Text>
                    ))}
                </Pane>
                <Pane title={selected == null ? "Inspector" : `Inspector: ${selected.where}`} focused={false} width={width - stackWidth} height={upperHeight} theme={theme}>
                    {selected == null || selected.variables.length === 0
                        ? <Text color={theme.muted}>(no receiver or temporaries)</Text>
                        : selected.variables.slice(0, Math.max(1, upperHeight - 3)).map((v, i) => (
                            <Text key={i} wrap="truncate-end"><Text color={theme.accent}>{v.name}</Text> = {v.value}</Text>
                        ))}
                </Pane>
            </Box>
            <Pane title={model.mode === "create" ? `Create #${session.notUnderstood?.selector ?? ""} in…`
                : model.mode === "draft" ? `Synthesized #${session.notUnderstood?.selector ?? ""}: the draft and its gates` : selected == null ? "Source"
                : `${model.mode === "edit" ? "Editing " : ""}${selected.where}  line ${selected.line}, col ${selected.column}`}
                focused={model.mode !== "stack"} width={width} height={sourceHeight} theme={theme}>
                {model.mode === "edit" || model.mode === "value"
                    ? <BufferView buffer={model.buffer} height={inner} width={width - 4} showCursor theme={theme}
                        prompt={model.mode === "value" ? (model.valueFor === "return" ? "return: " : "proceed with: ") : undefined} />
                    : model.mode === "draft" && model.draft != null
                        ? model.draft.text.split("\n").slice(0, inner).map((line, i) => <Text key={i} wrap="truncate-end">{line.replace(/\t/g, "    ") || " "}</Text>)
                    : model.mode === "create"
                        ? session.createTargets().map((t, i) => <Text key={i} inverse={i === model.createChoice}>{i === model.createChoice ? "›" : " "}{t.name}</Text>)
                        : selected == null ? null : <SourceView entry={selected} rows={inner} theme={theme} />}
            </Pane>
            {model.notice == null
                ? <Text> </Text>
                : <Text color={model.notice.kind === "error" ? theme.error : theme.ok} wrap="truncate-end">{model.notice.text}</Text>}
            <Text color={theme.muted} wrap="truncate-end">{debuggerHints(model, facts)}</Text>
        </Box>
    );
}

/** `(x = 6)`: a context's arguments on its stack line. */
function args(entry: StackEntry): string {
    const names = entry.context.info.names.slice(0, entry.context.info.numArgs);
    const values = entry.variables.filter((v) => names.includes(v.name));
    return values.length === 0 ? "" : `  ${values.map((v) => `${v.name}=${v.value}`).join(" ")}`;
}

/** Tabs as four spaces: a terminal's tab stops would put the pane's border out of place. */
function untab(text: string): string {
    return text.replace(/\t/g, "    ");
}

/** The source around the current expression, which is marked. */
function SourceView({entry, rows, theme}: {entry: StackEntry, rows: number, theme: Theme}) {
    const lines = entry.source.split("\n");
    const mark = entry.mark;
    let markLine = -1, markStart = 0, markEnd = 0;
    if (mark != null) {
        let offset = 0;
        for (let i = 0; i < lines.length; i++) {
            const length = lines[i]!.length + 1;
            if (mark.start < offset + length) {
                markLine = i;
                markStart = mark.start - offset;
                markEnd = Math.min(mark.end - offset, lines[i]!.length);
                break;
            }
            offset += length;
        }
    }
    const first = Math.max(0, Math.min(markLine - Math.floor(rows / 2), lines.length - rows));
    return (
        <Box flexDirection="column">
            {lines.slice(first, first + rows - (markLine >= 0 ? 1 : 0)).flatMap((line, i) => {
                const n = first + i;
                if (n !== markLine) return [<Text key={n} wrap="truncate-end">{line === "" ? " " : untab(line)}</Text>];
                const before = untab(line.slice(0, markStart)), marked = untab(line.slice(markStart, markEnd));
                // The current expression, marked twice: in colour, and with carets under it (for NO_COLOR and for reading the screen back).
                return [
                    <Text key={n} wrap="truncate-end">
                        {before}<Text inverse color={theme.error}>{marked}</Text>{untab(line.slice(markEnd))}
                    </Text>,
                    <Text key="caret" color={theme.error} wrap="truncate-end">{" ".repeat(before.length)}{"^".repeat(Math.max(1, marked.length))}</Text>
                ];
            })}
        </Box>
    );
}
