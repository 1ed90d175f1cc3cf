/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text} from "ink";
import type {BrowserModel} from "../state/browserModel.js";
import type {ScreenView} from "../state/deriveView.js";
import {describe} from "../state/inspectRows.js";
import {scrollWindow} from "../state/scrollWindow.js";
import {textPage} from "../state/wrapText.js";
import type {Theme} from "../theme.js";
import {EditorView} from "./EditorView.js";
import {MetricChart} from "./MetricChart.js";
import {Pane} from "./Pane.js";
import {TextView} from "./TextView.js";
import {printable} from "../state/printable.js";

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
    if (atRoot && item?.kind === "method") {
        const page = textPage(view.inspectorText, model.inspector.scroll, view.inspectorTextRows);
        return (
            <Pane title={`${view.record?.name ?? ""} >> #${item.selector}`} right={page.position} focused={focused} width={width} height={height} theme={theme}>
                <TextView lines={view.inspectorText} offset={model.inspector.scroll} rows={view.inspectorTextRows} />
                <Text color={theme.muted} wrap="truncate-end">e edit · v versions · n senders · k category</Text>
            </Pane>
        );
    }
    if (atRoot && item?.kind === "newMethod")
        return (
            <Pane title="new method" focused={focused} width={width} height={height} theme={theme}>
                <Text color={theme.muted} wrap="wrap">Enter: write a method (selector, then statements), Ctrl-S compiles and installs it.</Text>
            </Pane>
        );
    if (atRoot && view.category.kind === "metrics" && item == null)
        return (
            <Pane title="metrics" focused={focused} width={width} height={height} theme={theme}>
                <Text color={theme.muted} wrap="wrap">No performance metrics yet: they are recorded as the persona works.</Text>
            </Pane>
        );
    const rows = view.inspectorRows;
    const title = view.inspectorTitle === "" ? "inspector" : view.inspectorTitle;
    if (rows.length === 0) {
        // A leaf (a long reply, a String): the whole value, wrapped, scrolled with ↑↓ PgUp PgDn.
        if (view.inspectorGone)
            return <Pane title={title} keepTitleEnd focused={focused} width={width} height={height} theme={theme}><Text>(this value is gone: Esc)</Text></Pane>;
        const page = textPage(view.inspectorText, model.inspector.scroll, inner);
        return (
            <Pane title={title} keepTitleEnd right={page.position} focused={focused} width={width} height={height} theme={theme}>
                <TextView lines={view.inspectorText} offset={model.inspector.scroll} rows={inner} />
            </Pane>
        );
    }
    const visible = Math.max(1, inner - 1);
    const window = scrollWindow(rows.length, model.inspector.selected, visible);
    const selfLine = describe(view.inspectorValue, 400);
    return (
        <Pane title={title} keepTitleEnd right={rows.length > visible ? window.position : undefined}
            focused={focused} width={width} height={height} theme={theme}>
            <Text color={theme.muted} wrap="truncate-end">self: {selfLine}</Text>
            {rows.slice(window.start, window.end).map((row, offset) => {
                const index = window.start + offset;
                const selected = focused && index === model.inspector.selected;
                return (
                    <Box key={index} height={1}>
                        <Text inverse={selected} wrap="truncate-end">
                            {row.drillable ? "▸" : " "}<Text color={selected ? undefined : theme.accent}>{printable(row.label)}</Text> {printable(row.summary)}
                        </Text>
                    </Box>
                );
            })}
        </Pane>
    );
}
