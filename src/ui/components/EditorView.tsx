/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text} from "ink";
import type {Editor} from "../state/browserModel.js";
import type {Theme} from "../theme.js";
import {BufferView} from "./BufferView.js";

export type EditorViewProps = {editor: Editor, height: number, width: number, focused: boolean, theme: Theme};

/** The slot or method editor: the text, the keys that accept or cancel, and a refusal at its spot. */
export function EditorView({editor, height, width, focused, theme}: EditorViewProps) {
    const problem = editor.problem;
    const problemLines = problem == null ? 0 : 1 + (problem.snippet == null ? 0 : 2);
    const hint = editor.target.kind === "slot" ? "Enter/Ctrl-S accept · Esc cancel" : "Ctrl-S accept · Esc cancel";
    return (
        <Box flexDirection="column">
            <BufferView buffer={editor.buffer} height={Math.max(1, height - 1 - problemLines)} width={width} showCursor={focused} theme={theme}
                mark={problem?.line == null || problem.column == null ? null : {line: problem.line, column: problem.column}} />
            {problem == null ? null : (
                <Box flexDirection="column">
                    <Text color={theme.error} wrap="wrap">
                        ✗ {problem.line == null ? "" : `line ${problem.line}, col ${problem.column}: `}{problem.message}
                    </Text>
                    {problem.snippet == null ? null : problem.snippet.split("\n").slice(0, 2).map((line, i) => (
                        <Text key={i} color={i === 1 ? theme.error : theme.muted} wrap="truncate-end">{line}</Text>
                    ))}
                </Box>
            )}
            <Text color={theme.muted} wrap="truncate-end">{hint}</Text>
        </Box>
    );
}
