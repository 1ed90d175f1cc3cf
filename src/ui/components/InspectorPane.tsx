/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text} from "ink";
import type {BrowserModel} from "../state/browserModel.js";
import type {ScreenView} from "../state/deriveView.js";
import {describe} from "../state/inspectRows.js";
import {scrollWindow} from "../state/scrollWindow.js";
import type {Theme} from "../theme.js";
import {EditorView} from "./EditorView.js";
import {MetricChart} from "./MetricChart.js";
import {Pane} from "./Pane.js";

export type InspectorPaneProps = {model: BrowserModel, view: ScreenView, width: number, height: number, theme: Theme};

/**
 * The fourth column: the editor while one is open; otherwise the selected item (or an
 * Inspect-it result) as Pharo's inspector shows it, a method's source, or a metric's chart.
 */
export function InspectorPane({model, view, width, height, theme}: InspectorPaneProps) {
    const focused = model.focus === "inspector";
    const inner = height - 3;
    const innerWidth = width - 2;
    const editor = model.editor;
    if (editor != null) {
        const title = editor.target.kind === "slot"
            ? `edit ${editor.target.persona} ${editor.target.slot}`
            : `${editor.target.persona} >> ${editor.target.selector == null ? "new method" : "#" + editor.target.selector}`;
        return (
            <Pane title={title} focused={focused} width={width} height={height} theme={theme}>
                <EditorView editor={editor} height={inner} width={innerWidth} focused={focused} theme={theme} />
            </Pane>
        );
    }
    const atRoot = model.inspector.pinned == null && model.inspector.path.length === 0;
    const item = view.item;
    if (atRoot && item?.kind === "metric")
        return (
            <Pane title={`${view.record?.name ?? ""} ${item.name}`} focused={focused} width={width} height={height} theme={theme}>
                <MetricChart points={item.points} width={innerWidth} height={inner} theme={theme} />
            </Pane>
        );
    if (atRoot && item?.kind === "method")
        return (
            <Pane title={`${view.record?.name ?? ""} >> #${item.selector}`} focused={focused} width={width} height={height} theme={theme}>
                {item.source.split("\n").slice(0, Math.max(1, inner - 1)).map((line, i) => <Text key={i} wrap="truncate-end">{line}</Text>)}
                <Text color={theme.muted} wrap="truncate-end">Enter or e: edit</Text>
            </Pane>
        );
    if (atRoot && item?.kind === "newMethod")
        return (
            <Pane title="new method" focused={focused} width={width} height={height} theme={theme}>
                <Text color={theme.muted} wrap="wrap">Enter: write a method (selector, then statements), Ctrl-S compiles and installs it.</Text>
            </Pane>
        );
    if (atRoot && view.category === "metrics" && item == null)
        return (
            <Pane title="metrics" focused={focused} width={width} height={height} theme={theme}>
                <Text color={theme.muted} wrap="wrap">No performance metrics yet: they are recorded as the persona works.</Text>
            </Pane>
        );
    const rows = view.inspectorRows;
    const visible = Math.max(1, inner - 1);
    const window = scrollWindow(rows.length, model.inspector.selected, visible);
    const selfLine = view.inspectorGone ? "(this value is gone: Esc)" : describe(view.inspectorValue, 400);
    return (
        <Pane title={view.inspectorTitle === "" ? "inspector" : view.inspectorTitle} keepTitleEnd right={rows.length > visible ? window.position : undefined}
            focused={focused} width={width} height={height} theme={theme}>
            {rows.length === 0
                ? <Text wrap="wrap">{selfLine}</Text>
                : <Text color={theme.muted} wrap="truncate-end">self: {selfLine}</Text>}
            {rows.slice(window.start, window.end).map((row, offset) => {
                const index = window.start + offset;
                const selected = focused && index === model.inspector.selected;
                return (
                    <Box key={index} height={1}>
                        <Text inverse={selected} wrap="truncate-end">
                            {row.drillable ? "▸" : " "}<Text color={selected ? undefined : theme.accent}>{row.label}</Text> {row.summary}
                        </Text>
                    </Box>
                );
            })}
        </Pane>
    );
}
