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
    notice: BrowserModel["notice"],
    width: number,
    theme: Theme
};

/** One line: the image file, ● when it has unsaved changes, the persona's model and adapter, and help. */
export function StatusBar({imagePath, dirty, readOnly, record, notice, width, theme}: StatusBarProps) {
    const model = record?.baseModelPath == null ? "none" : basename(record.baseModelPath);
    const adapter = record?.activeAdapterPath == null ? "none" : basename(record.activeAdapterPath);
    return (
        <Box width={width} height={1}>
            <Text wrap="truncate-end">
                <Text bold>{basename(imagePath)}</Text>
                {dirty ? <Text color={theme.warn} bold> ● unsaved</Text> : null}
                {readOnly ? <Text color={theme.warn}> [read-only]</Text> : null}
                <Text>  </Text>
                <Text color={theme.accent}>{record?.name ?? "-"}</Text>
                <Text> model {model} adapter {adapter}</Text>
                <Text>  </Text>
                {notice == null
                    ? <Text color={theme.muted}>? help</Text>
                    : <Text color={notice.kind === "ok" ? theme.ok : theme.error}>{notice.text}</Text>}
            </Text>
        </Box>
    );
}

function basename(file: string): string {
    const parts = file.split(/[\\/]/);
    return parts[parts.length - 1] ?? file;
}
